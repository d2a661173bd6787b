#include "Adapters.h"

#include <QCoreApplication>

namespace opsdeck::outbound {

std::optional<QUrl> parseHttpUrl(const QString& text, const QString& what, QString* error)
{
    auto fail = [&](const QString& why) -> std::optional<QUrl> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return fail(QStringLiteral("no %1").arg(what));
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.isRelative())
        return fail(QStringLiteral("%1 is not a valid absolute URL").arg(what));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return fail(QStringLiteral("%1 must use http or https").arg(what));
    if (url.host().isEmpty())
        return fail(QStringLiteral("%1 has no host").arg(what));
    // Credentials in a URL would end up in logs and proxies: refuse them rather than send them.
    if (!url.userInfo().isEmpty())
        return fail(QStringLiteral("%1 must not contain a user name or password").arg(what));
    return url;
}

QString hostKey(const QUrl& url)
{
    const int defaultPort = url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80;
    return url.host() + QLatin1Char(':') + QString::number(url.port(defaultPort));
}

QByteArray userAgent()
{
    const QString version = QCoreApplication::applicationVersion();
    return "Opsdeck/" + (version.isEmpty() ? QByteArray("dev") : version.toUtf8());
}

QNetworkRequest baseRequest(const QUrl& url)
{
    QNetworkRequest request(url);
    // Never follow redirects: a receiver must not bounce a signed payload (or an API key) to
    // another host, e.g. one inside our network.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    // No cookies are kept between deliveries or sent to receivers.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    return request;
}

QUrl joinUrl(const QUrl& base, const QString& path)
{
    QUrl url = base;
    QString joined = base.path();
    while (joined.endsWith(QLatin1Char('/')))
        joined.chop(1);
    joined += path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    url.setPath(joined);
    return url;
}

QByteArray basicAuthorization(const QString& user, const QString& password)
{
    return "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64();
}

bool isPlainSid(const QString& sid)
{
    if (sid.isEmpty() || sid.size() > 64)
        return false;
    for (QChar c : sid) {
        if (!(c.isDigit() || (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
              (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))))
            return false;
    }
    return true;
}

PreparedRequest buildRequest(const DeliveryRequest& request, qint64 unixNow)
{
    if (request.deliveryType == QLatin1String("webhook"))
        return buildWebhookRequest(request, unixNow);
    if (request.deliveryType == QLatin1String("email"))
        return buildResendRequest(request);
    if (request.deliveryType == QLatin1String("sms"))
        return buildTwilioRequest(request);
    PreparedRequest prepared;
    prepared.error = QStringLiteral("unknown delivery type");
    return prepared;
}

} // namespace opsdeck::outbound
