#include "ConnectionTester.h"

#include "RetryPolicy.h"

#include <QHostInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTimer>
#include <QUuid>
#include <memory>

namespace opsdeck::outbound {
namespace {

const QString kConfigStep = QStringLiteral("Configuration");
const QString kDnsStep = QStringLiteral("DNS lookup");
const QString kTcpStep = QStringLiteral("TCP connection");
const QString kTlsStep = QStringLiteral("TLS handshake");

QString durationText(int ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
}

QString socketErrorText(QAbstractSocket::SocketError error, const QString& tlsDetail, const QString& raw)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QAbstractSocket::HostNotFoundError:
        return QStringLiteral("host not found");
    case QAbstractSocket::SocketTimeoutError:
        return QStringLiteral("timed out");
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("connection closed by the server");
    case QAbstractSocket::NetworkError:
        return QStringLiteral("network unreachable");
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        // A socket's own text names the TLS problem, never a URL.
        return QStringLiteral("TLS handshake failed: %1").arg(tlsDetail.isEmpty() ? raw : tlsDetail);
    default:
        return QStringLiteral("socket error %1").arg(int(error));
    }
}

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    default:
        return QStringLiteral("TLS");
    }
}

} // namespace

ConnectionTester::ConnectionTester(QObject* parent) : QObject(parent)
{
    m_stepTimer = new QTimer(this);
    m_stepTimer->setSingleShot(true);
    connect(m_stepTimer, &QTimer::timeout, this, &ConnectionTester::onStepTimeout);
}

ConnectionTester::~ConnectionTester()
{
    cleanup();
}

void ConnectionTester::start(const QString& deliveryType, const QJsonObject& config, const QString& secret)
{
    cancel();
    ++m_generation;
    m_running = true;
    m_results.clear();
    m_type = deliveryType;
    m_request = PreparedRequest();
    m_totalClock.start();
    startStep(kConfigStep);

    const QString baseKey = QStringLiteral("base_url");
    if (deliveryType == QLatin1String("webhook")) {
        DeliveryRequest test;
        test.deliveryType = deliveryType;
        test.idempotencyKey = QStringLiteral("msg_test_") + QUuid::createUuid().toString(QUuid::Id128);
        test.connectionConfig = config;
        test.secret = secret;
        test.payload = QJsonDocument(QJsonObject{
                                         {QStringLiteral("type"), QStringLiteral("opsdeck.test")},
                                         {QStringLiteral("timestamp"),
                                          QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                                         {QStringLiteral("data"), QJsonObject()},
                                     })
                           .toJson(QJsonDocument::Compact);
        m_request = buildWebhookRequest(test, QDateTime::currentSecsSinceEpoch());
        m_requestStep =
            secret.trimmed().isEmpty() ? QStringLiteral("Test event") : QStringLiteral("Signed test event");
        m_rejectedText = QStringLiteral("the endpoint rejected the test event");
    } else if (deliveryType == QLatin1String("email") || deliveryType == QLatin1String("sms")) {
        const bool email = deliveryType == QLatin1String("email");
        const QString what = email ? QStringLiteral("Resend base_url") : QStringLiteral("Twilio base_url");
        const auto base = parseHttpUrl(
            config.value(baseKey).toString(email ? kResendDefaultBaseUrl : kTwilioDefaultBaseUrl), what,
            &m_request.error);
        const QString sid = config.value(QLatin1String("account_sid")).toString().trimmed();
        if (!base) {
            // m_request.error says why
        } else if (secret.trimmed().isEmpty()) {
            m_request.error = email ? QStringLiteral("no Resend API key for this connection")
                                    : QStringLiteral("no Twilio auth token for this connection");
        } else if (!email && !isPlainSid(sid)) {
            m_request.error = sid.isEmpty()
                                  ? QStringLiteral("no Twilio \"account_sid\" in the connection")
                                  : QStringLiteral("Twilio \"account_sid\" must be letters and digits only");
        } else {
            const QUrl url = email ? joinUrl(*base, QStringLiteral("/domains"))
                                   : joinUrl(*base, QStringLiteral("/2010-04-01/Accounts/%1.json").arg(sid));
            m_request.request = baseRequest(url);
            m_request.method = "GET";
            m_request.host = hostKey(url);
            m_request.request.setRawHeader("Authorization", email
                                                                ? "Bearer " + secret.trimmed().toUtf8()
                                                                : basicAuthorization(sid, secret.trimmed()));
        }
        m_requestStep = email ? QStringLiteral("Resend API key") : QStringLiteral("Twilio credentials");
        m_rejectedText = email ? QStringLiteral("API key rejected") : QStringLiteral("credentials rejected");
    } else {
        m_request.error = QStringLiteral("unknown delivery type");
    }
    if (!m_request.ok()) {
        fail(kConfigStep, m_request.error);
        return;
    }
    m_url = m_request.request.url();
    const quint64 generation = m_generation;
    report(kConfigStep, true, QStringLiteral("%1 via %2").arg(deliveryType, m_request.host));
    if (generation == m_generation)
        lookup();
}

void ConnectionTester::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    cleanup();
}

void ConnectionTester::startStep(const QString& name)
{
    m_currentStep = name;
    m_stepClock.start();
    m_stepTimer->start(m_stepTimeoutMs);
}

void ConnectionTester::report(const QString& name, bool ok, const QString& detail)
{
    m_stepTimer->stop();
    StepResult result{name, ok, m_stepClock.isValid() ? m_stepClock.elapsed() : 0, detail};
    m_results.append(result);
    Q_EMIT step(result.name, result.ok, result.latencyMs, result.detail);
}

void ConnectionTester::fail(const QString& name, const QString& detail)
{
    const quint64 generation = m_generation;
    report(name, false, detail);
    if (generation != m_generation) // a slot restarted or cancelled us
        return;
    m_running = false;
    cleanup();
    Q_EMIT finished(false, QStringLiteral("%1 failed: %2").arg(name, detail));
}

void ConnectionTester::succeed()
{
    m_running = false;
    cleanup();
    Q_EMIT finished(true, QStringLiteral("Connection works: %1 steps passed in %2 ms")
                              .arg(m_results.size())
                              .arg(m_totalClock.elapsed()));
}

void ConnectionTester::onStepTimeout()
{
    if (m_running)
        fail(m_currentStep, QStringLiteral("timed out after %1").arg(durationText(m_stepTimeoutMs)));
}

void ConnectionTester::lookup()
{
    startStep(kDnsStep);
    const quint64 generation = m_generation;
    m_lookupId = QHostInfo::lookupHost(m_url.host(), this, [this, generation](const QHostInfo& info) {
        if (generation != m_generation || !m_running)
            return;
        m_lookupId = -1;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            fail(kDnsStep, QStringLiteral("host not found"));
            return;
        }
        const QList<QHostAddress> addresses = info.addresses();
        QString detail = addresses.first().toString();
        if (addresses.size() > 1)
            detail += QStringLiteral(" (+%1 more)").arg(addresses.size() - 1);
        const quint64 before = m_generation;
        report(kDnsStep, true, detail);
        if (before == m_generation)
            connectSocket();
    });
}

void ConnectionTester::connectSocket()
{
    const bool tls = m_url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    const quint16 port = quint16(m_url.port(tls ? 443 : 80));
    startStep(kTcpStep);
    if (tls && !QSslSocket::supportsSsl()) {
        fail(kTlsStep, QStringLiteral("TLS is not available on this system"));
        return;
    }
    const quint64 generation = m_generation;
    auto tlsDetail = std::make_shared<QString>(); // the first certificate complaint, if any
    if (tls) {
        auto* ssl = new QSslSocket(this);
        m_socket = ssl;
        connect(ssl, &QSslSocket::sslErrors, this, [tlsDetail](const QList<QSslError>& errors) {
            if (!errors.isEmpty() && tlsDetail->isEmpty())
                *tlsDetail = errors.first().errorString();
        });
        connect(ssl, &QSslSocket::encrypted, this, [this, ssl, generation] {
            if (generation != m_generation)
                return;
            const QSslCertificate certificate = ssl->peerCertificate();
            QString detail = protocolName(ssl->sessionProtocol());
            if (!certificate.isNull())
                detail += QStringLiteral(", certificate valid until %1")
                              .arg(certificate.expiryDate().toUTC().date().toString(Qt::ISODate));
            const quint64 before = m_generation;
            report(kTlsStep, true, detail);
            if (before == m_generation)
                sendRequest();
        });
    } else {
        m_socket = new QTcpSocket(this);
    }
    QTcpSocket* socket = m_socket;
    connect(socket, &QAbstractSocket::connected, this, [this, tls, generation] {
        if (generation != m_generation)
            return;
        const quint64 before = m_generation;
        report(
            kTcpStep, true,
            QStringLiteral("%1 port %2").arg(m_socket->peerAddress().toString()).arg(m_socket->peerPort()));
        if (before != m_generation)
            return;
        if (tls)
            startStep(kTlsStep); // the handshake follows on its own
        else
            sendRequest();
    });
    connect(socket, &QAbstractSocket::errorOccurred, this,
            [this, socket, generation, tlsDetail](QAbstractSocket::SocketError error) {
                if (generation != m_generation || !m_running)
                    return;
                fail(m_currentStep, socketErrorText(error, *tlsDetail, socket->errorString()));
            });
    if (tls)
        static_cast<QSslSocket*>(socket)->connectToHostEncrypted(m_url.host(), port);
    else
        socket->connectToHost(m_url.host(), port);
}

void ConnectionTester::sendRequest()
{
    // The probe connection has done its job; the request opens its own, as a delivery would.
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    startStep(m_requestStep);
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    QNetworkRequest request = m_request.request;
    request.setTransferTimeout(m_stepTimeoutMs);
    m_reply = m_network->sendCustomRequest(request, m_request.method, m_request.body);
    QNetworkReply* reply = m_reply;
    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation] {
        reply->deleteLater();
        if (generation != m_generation || !m_running)
            return;
        m_reply = nullptr;
        const QVariant statusValue = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const int status = statusValue.isValid() ? statusValue.toInt() : 0;
        if (status >= 200 && status < 300) {
            const quint64 before = m_generation;
            report(m_requestStep, true, describeHttpStatus(status));
            if (before == m_generation)
                succeed();
            return;
        }
        if (status == 401 || status == 403) {
            // Resend answers a valid key that may only send with restricted_api_key: that is a
            // working key for deliveries. The error code is read, nothing else of the body.
            const QJsonObject body = QJsonDocument::fromJson(reply->read(16 * 1024)).object();
            if (m_type == QLatin1String("email") &&
                body.value(QLatin1String("name")).toString() == QLatin1String("restricted_api_key")) {
                const quint64 before = m_generation;
                report(m_requestStep, true, QStringLiteral("API key accepted (sending access only)"));
                if (before == m_generation)
                    succeed();
                return;
            }
            fail(m_requestStep, QStringLiteral("%1: %2").arg(describeHttpStatus(status), m_rejectedText));
            return;
        }
        if (status > 0) {
            fail(m_requestStep, describeHttpStatus(status));
            return;
        }
        const QNetworkReply::NetworkError error = reply->error();
        fail(m_requestStep,
             error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError
                 ? QStringLiteral("timed out after %1").arg(durationText(m_stepTimeoutMs))
                 : describeNetworkError(error));
    });
}

void ConnectionTester::cleanup()
{
    m_stepTimer->stop();
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (m_reply) {
        QNetworkReply* reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

} // namespace opsdeck::outbound
