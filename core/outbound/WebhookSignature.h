#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace opsdeck::outbound {

// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
// "<webhook-id>.<webhook-timestamp>.<body>" keyed with the base64 part of a "whsec_..." secret,
// sent as "v1,<base64>". Several secrets separated by spaces (key rotation) give several
// signatures separated by spaces, so receivers on the old or the new key both accept.
class WebhookSignature
{
public:
    struct Signed
    {
        QString header; // the webhook-signature value; empty on error
        QString error;  // why the secret is unusable; never contains the secret
        bool ok() const { return error.isEmpty(); }
    };

    static Signed sign(const QString& secrets, const QString& msgId, qint64 timestamp,
                       const QByteArray& body);

    // True when any "v1,..." signature in `header` matches any of `secrets` (constant-time compare).
    static bool verify(const QString& secrets, const QString& msgId, qint64 timestamp, const QByteArray& body,
                       const QString& header);

    // The HMAC key of one "whsec_<base64>" secret; std::nullopt and `error` set when malformed.
    static std::optional<QByteArray> decodeSecret(const QString& secret, QString* error = nullptr);

    // A fresh random secret in the "whsec_" form (32-byte key), for new or rotated connections.
    static QString generateSecret();
};

} // namespace opsdeck::outbound
