#include "HttpDelivery.h"

#include "Adapters.h"
#include "RetryPolicy.h"
#include "common/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslError>
#include <QThread>
#include <QTimer>

namespace opsdeck::outbound {
namespace {

// Enough for the JSON answer that carries Resend's "id" or Twilio's "sid"; the rest is discarded.
constexpr qsizetype kBodyHeadBytes = 64 * 1024;

QString durationText(int ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
}

QString providerMessageId(const QString& deliveryType, const QByteArray& body)
{
    const char* key = deliveryType == QLatin1String("email") ? "id"
                      : deliveryType == QLatin1String("sms") ? "sid"
                                                             : nullptr;
    if (!key || body.isEmpty())
        return {};
    const QJsonValue id = QJsonDocument::fromJson(body).object().value(QLatin1String(key));
    // An id is short and plain; anything else is not one.
    const QString text = id.toString();
    return text.size() <= 128 ? text : QString();
}

// OpenSSL's reason ("...: wrong version number") when no certificate error explains the failure.
// Qt's text for TLS failures carries no URL; it is still checked, since a URL may hold a token.
QString tlsFailureDetail(const QNetworkReply* reply)
{
    QString text = reply->errorString();
    text.remove(QLatin1String("SSL handshake failed: "));
    const QUrl url = reply->url();
    if (text.contains(url.toString()) || (url.hasQuery() && text.contains(url.query())))
        return {};
    return text.left(200);
}

} // namespace

HttpDelivery::HttpDelivery(QObject* parent) : QObject(parent) {}

HttpDelivery::~HttpDelivery()
{
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        QNetworkReply* reply = it.key();
        reply->disconnect(this);
        reply->abort();
        delete reply;
    }
}

QNetworkAccessManager* HttpDelivery::network()
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        // Refused here as well as per request, so no request can forget it.
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return m_network;
}

void HttpDelivery::send(const DeliveryRequest& request, Callback done)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(
            this, [this, request, done = std::move(done)]() mutable { send(request, std::move(done)); },
            Qt::QueuedConnection);
        return;
    }
    Pending pending;
    pending.done = std::move(done);
    pending.deliveryType = request.deliveryType;
    pending.result.itemId = request.itemId;
    pending.result.attempt = request.attempt;
    pending.result.startedAt = QDateTime::currentDateTimeUtc();
    pending.clock.start();
    ++m_inFlight;

    PreparedRequest prepared = buildRequest(request, pending.result.startedAt.toSecsSinceEpoch());
    pending.result.host = prepared.host;
    if (!prepared.ok()) {
        pending.result.outcome = Outcome::Failed;
        pending.result.error = prepared.error;
        if (m_ready.isEmpty())
            QMetaObject::invokeMethod(this, &HttpDelivery::flushReady, Qt::QueuedConnection);
        m_ready.append(std::move(pending));
        return;
    }

    prepared.request.setTransferTimeout(m_transferTimeoutMs);
    QNetworkReply* reply =
        prepared.method == "POST"
            ? network()->post(prepared.request, prepared.body)
            : network()->sendCustomRequest(prepared.request, prepared.method, prepared.body);
    m_pending.insert(reply, std::move(pending));

    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        const auto it = m_pending.find(reply);
        if (it == m_pending.end())
            return;
        const qsizetype room = kBodyHeadBytes - it->bodyHead.size();
        if (room > 0)
            it->bodyHead += reply->read(room);
        reply->skip(reply->bytesAvailable()); // the rest is not needed
    });
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError>& errors) {
        const auto it = m_pending.find(reply);
        if (it != m_pending.end() && !errors.isEmpty() && it->tlsDetail.isEmpty())
            it->tlsDetail = errors.first().errorString();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    if (m_totalTimeoutMs > 0) {
        auto* deadline = new QTimer(reply);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, this, [this, reply] {
            const auto it = m_pending.find(reply);
            if (it == m_pending.end())
                return;
            it->overDeadline = true;
            reply->abort();
        });
        deadline->start(m_totalTimeoutMs);
    }
}

void HttpDelivery::onFinished(QNetworkReply* reply)
{
    const auto it = m_pending.find(reply);
    if (it == m_pending.end())
        return;
    Pending pending = std::move(*it);
    m_pending.erase(it);
    reply->deleteLater();

    DeliveryResult& result = pending.result;
    if (reply->bytesAvailable() > 0 && pending.bodyHead.size() < kBodyHeadBytes)
        pending.bodyHead += reply->read(kBodyHeadBytes - pending.bodyHead.size());
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    result.statusCode = status.isValid() ? status.toInt() : 0;

    if (result.statusCode > 0) {
        result.outcome = classify(result.statusCode);
        result.endpointHealthy = !statusIndicatesUnhealthy(result.statusCode);
        if (result.outcome != Outcome::Delivered)
            result.error = describeHttpStatus(result.statusCode);
        if (reply->hasRawHeader("Retry-After"))
            result.retryAfterSeconds =
                parseRetryAfter(reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc());
        if (result.outcome == Outcome::Delivered)
            result.providerMessageId = providerMessageId(pending.deliveryType, pending.bodyHead);
    } else if (pending.aborted) {
        result.outcome = Outcome::Retry;
        result.error = QStringLiteral("aborted at shutdown");
    } else if (pending.overDeadline) {
        result.outcome = Outcome::Retry;
        result.endpointHealthy = false;
        result.error = QStringLiteral("timed out after %1 in total").arg(durationText(m_totalTimeoutMs));
    } else if (reply->error() == QNetworkReply::OperationCanceledError ||
               reply->error() == QNetworkReply::TimeoutError) {
        // Not aborted by us, so QNetworkRequest's transfer timeout ended it.
        result.outcome = Outcome::Retry;
        result.endpointHealthy = false;
        result.error = QStringLiteral("timed out after %1").arg(durationText(m_transferTimeoutMs));
    } else {
        result.outcome = classifyNetworkError(reply->error());
        result.endpointHealthy = result.outcome != Outcome::Retry;
        if (reply->error() == QNetworkReply::SslHandshakeFailedError && pending.tlsDetail.isEmpty())
            pending.tlsDetail = tlsFailureDetail(reply);
        result.error = describeNetworkError(reply->error(), pending.tlsDetail);
    }
    complete(pending);
}

void HttpDelivery::complete(Pending& pending)
{
    DeliveryResult& result = pending.result;
    result.finishedAt = QDateTime::currentDateTimeUtc();
    result.latencyMs = pending.clock.elapsed();
    --m_inFlight;
    // Item id and host only: URLs, addresses and bodies stay out of the log.
    qCDebug(lcQueue).noquote() << "item" << result.itemId << "attempt" << result.attempt
                               << pending.deliveryType << "to" << result.host << "->"
                               << outcomeName(result.outcome) << result.statusCode << result.latencyMs << "ms"
                               << result.error;
    if (pending.done)
        pending.done(std::move(result));
}

void HttpDelivery::flushReady()
{
    // Callbacks may send again (and so append): take the batch first.
    QList<Pending> ready;
    ready.swap(m_ready);
    for (Pending& pending : ready)
        complete(pending);
}

void HttpDelivery::abortAll()
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, &HttpDelivery::abortAll, Qt::QueuedConnection);
        return;
    }
    const QList<QNetworkReply*> replies = m_pending.keys();
    for (QNetworkReply* reply : replies) {
        const auto it = m_pending.find(reply);
        if (it == m_pending.end())
            continue;
        it->aborted = true;
        reply->abort(); // emits finished() at once, which calls back
    }
    // A reply that had already finished emits nothing more: settle it from what it has.
    for (QNetworkReply* reply : m_pending.keys())
        onFinished(reply);
    flushReady();
}

} // namespace opsdeck::outbound
