#pragma once

#include "Delivery.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>

namespace opsdeck::outbound {

// One HTTP request built from a DeliveryRequest, not yet sent. Building is pure (no network), so
// each adapter's traffic can be checked in a unit test. When `error` is set nothing may be sent:
// the item fails at once (a bad URL, a missing field, a malformed secret).
struct PreparedRequest
{
    QNetworkRequest request; // URL, headers, manual redirects
    QByteArray method = "POST";
    QByteArray body;
    QString host; // "host:port"
    QString error;
    bool ok() const { return error.isEmpty(); }
};

// Standard Webhooks POST of the exact payload bytes to destinationUrl (else config "url"), with
// webhook-id (the idempotency key), webhook-timestamp (`unixNow`) and webhook-signature (when
// there is a secret).
PreparedRequest buildWebhookRequest(const DeliveryRequest& request, qint64 unixNow);

// Resend: POST {base_url}/emails, bearer API key, Idempotency-Key; "from" from config (else the
// payload), "to" the destination, subject/html/text/attachments from the payload object.
PreparedRequest buildResendRequest(const DeliveryRequest& request);

// Twilio Messages: POST {base_url}/2010-04-01/Accounts/{account_sid}/Messages.json, basic auth
// (account_sid, auth token), form fields To, From (config "from") or MessagingServiceSid
// (config "messaging_service_sid") and Body (payload "body").
PreparedRequest buildTwilioRequest(const DeliveryRequest& request);

// Dispatches on deliveryType; an unknown type is an error.
PreparedRequest buildRequest(const DeliveryRequest& request, qint64 unixNow);

// Shared by the adapters and ConnectionTester ------------------------------------------------

// An absolute http(s) URL with a host, else std::nullopt and `error` (which never repeats the URL:
// it may carry a token in its query).
std::optional<QUrl> parseHttpUrl(const QString& text, const QString& what, QString* error);
// "host:port" with the scheme's default port.
QString hostKey(const QUrl& url);
// "Opsdeck/<application version, or dev>".
QByteArray userAgent();
// A request with the house settings: redirects not followed, our user agent, no cookies.
QNetworkRequest baseRequest(const QUrl& url);
// `base` + `path` with exactly one slash between them.
QUrl joinUrl(const QUrl& base, const QString& path);
// "Basic base64(user:password)".
QByteArray basicAuthorization(const QString& user, const QString& password);
// Twilio account and service SIDs go into URL paths: letters and digits only.
bool isPlainSid(const QString& sid);

inline const QString kResendDefaultBaseUrl = QStringLiteral("https://api.resend.com");
inline const QString kTwilioDefaultBaseUrl = QStringLiteral("https://api.twilio.com");

} // namespace opsdeck::outbound
