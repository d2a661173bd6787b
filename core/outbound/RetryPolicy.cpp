#include "RetryPolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>
#include <algorithm>
#include <cmath>
#include <limits>

namespace opsdeck::outbound {

qint64 RetryPolicy::baseDelaySeconds(int attempt) const
{
    // 2^30 × 30 s is far past any cap; clamping the exponent keeps the arithmetic finite.
    const int exponent = std::clamp(attempt, 0, 30);
    const qint64 raw = (qint64(1) << exponent) * qMax(0, m_options.baseSeconds);
    return qMin(raw, qint64(qMax(0, m_options.capSeconds)));
}

qint64 RetryPolicy::delaySeconds(int attempt, std::optional<int> retryAfterSeconds,
                                 QRandomGenerator* random) const
{
    const qint64 base = baseDelaySeconds(attempt);
    QRandomGenerator* rng = random ? random : QRandomGenerator::global();
    const double jitter = std::clamp(m_options.jitter, 0.0, 1.0);
    const double factor = 1.0 + (rng->generateDouble() * 2.0 - 1.0) * jitter;
    qint64 delay = std::llround(double(base) * factor);
    // Jitter may pull a capped delay below the cap, never push it above.
    delay = std::clamp(delay, qint64(0), qint64(qMax(0, m_options.capSeconds)));
    if (retryAfterSeconds && *retryAfterSeconds > delay)
        delay = qMin(qint64(*retryAfterSeconds), qint64(qMax(0, m_options.retryAfterCapSeconds)));
    return delay;
}

Outcome classify(int httpStatus)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return Outcome::Delivered;
    if (httpStatus == 410)
        return Outcome::Disabled;
    if (httpStatus == 408 || httpStatus == 429 || (httpStatus >= 500 && httpStatus < 600))
        return Outcome::Retry;
    return Outcome::Failed;
}

bool statusIndicatesUnhealthy(int httpStatus)
{
    return httpStatus == 408 || (httpStatus >= 500 && httpStatus < 600);
}

Outcome classifyNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::NoError:
        return Outcome::Delivered;
    // Unsupported scheme or an operation the protocol cannot do: retrying cannot help.
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return Outcome::Failed;
    default:
        break;
    }
    // Everything else is transport trouble (refused, reset, host not found, timeout, TLS, proxy,
    // a malformed answer) or an HTTP error whose status classify() judges: all may pass.
    return Outcome::Retry;
}

std::optional<int> parseRetryAfter(const QByteArray& rawValue, const QDateTime& now)
{
    const QByteArray value = rawValue.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool isNumber = true;
    for (char c : value)
        isNumber = isNumber && c >= '0' && c <= '9';
    if (isNumber) {
        bool ok = false;
        const qint64 seconds = value.toLongLong(&ok);
        if (!ok) // more digits than fit: as good as "forever", which the policy caps
            return std::numeric_limits<int>::max();
        return int(qMin(seconds, qint64(std::numeric_limits<int>::max())));
    }
    const QString text = QString::fromLatin1(value);
    const QLocale c = QLocale::c();
    QDateTime when;
    // IMF-fixdate first (what servers send today), then the two obsolete forms RFC 9110 accepts.
    for (const char* format :
         {"ddd, dd MMM yyyy HH:mm:ss 'GMT'", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy"}) {
        when = c.toDateTime(text.simplified(), QLatin1String(format));
        if (when.isValid())
            break;
    }
    if (!when.isValid())
        return std::nullopt;
    if (when.date().year() < 1970) // a two-digit RFC 850 year read as 19xx
        when = when.addYears(100);
    when.setTimeZone(QTimeZone::utc());
    const qint64 seconds = now.secsTo(when);
    return int(std::clamp(seconds, qint64(0), qint64(std::numeric_limits<int>::max())));
}

QString describeHttpStatus(int status)
{
    const QString phrase = reasonPhrase(status);
    QString text = phrase.isEmpty() ? QStringLiteral("HTTP %1").arg(status)
                                    : QStringLiteral("HTTP %1 %2").arg(status).arg(phrase);
    if (status >= 300 && status < 400)
        text += QStringLiteral(" (redirects are not followed)");
    return text;
}

QString describeNetworkError(QNetworkReply::NetworkError error, const QString& tlsDetail)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("connection closed by the server before it answered");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found");
    case QNetworkReply::SslHandshakeFailedError:
        return tlsDetail.isEmpty() ? QStringLiteral("TLS handshake failed")
                                   : QStringLiteral("TLS handshake failed: %1").arg(tlsDetail);
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return QStringLiteral("network unavailable");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return QStringLiteral("proxy error");
    case QNetworkReply::ProtocolUnknownError:
        return QStringLiteral("unsupported protocol");
    case QNetworkReply::ProtocolFailure:
        return QStringLiteral("malformed HTTP response");
    default:
        return QStringLiteral("network error %1").arg(int(error));
    }
}

QString reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QStringLiteral("OK");
    case 201:
        return QStringLiteral("Created");
    case 202:
        return QStringLiteral("Accepted");
    case 204:
        return QStringLiteral("No Content");
    case 301:
        return QStringLiteral("Moved Permanently");
    case 302:
        return QStringLiteral("Found");
    case 303:
        return QStringLiteral("See Other");
    case 304:
        return QStringLiteral("Not Modified");
    case 307:
        return QStringLiteral("Temporary Redirect");
    case 308:
        return QStringLiteral("Permanent Redirect");
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 408:
        return QStringLiteral("Request Timeout");
    case 409:
        return QStringLiteral("Conflict");
    case 410:
        return QStringLiteral("Gone");
    case 413:
        return QStringLiteral("Content Too Large");
    case 415:
        return QStringLiteral("Unsupported Media Type");
    case 422:
        return QStringLiteral("Unprocessable Content");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 501:
        return QStringLiteral("Not Implemented");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    default:
        return {};
    }
}

} // namespace opsdeck::outbound
