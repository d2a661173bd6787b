#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace opsdeck::outbound {

// One claimed outbound_queue item, ready to send. The queue engine fills it from the row, its
// connection and the keychain; the delivery layer never touches the database.
struct DeliveryRequest
{
    QString itemId;               // outbound_queue.id (uuid text)
    QString idempotencyKey;       // stable across retries: webhook-id and Resend's Idempotency-Key
    QString deliveryType;         // "webhook" | "email" | "sms"
    int attempt = 1;              // 1-based number of this attempt
    QString destinationUrl;       // webhook: the row's destination_url (else connection config "url")
    QString destinationEmail;     // email "to"
    QString destinationPhone;     // sms "To" (E.164)
    QByteArray payload;           // the row's payload JSON, exactly (sent verbatim for webhooks)
    QJsonObject connectionConfig; // connections.config (non-secret); empty without a connection
    // From the OS keychain. webhook: one or more "whsec_..." separated by spaces (key rotation),
    // empty = unsigned; email: Resend API key; sms: Twilio auth token.
    QString secret;
};

enum class Outcome
{
    Delivered,
    Retry,
    Failed,
    Disabled, // HTTP 410: the destination is gone, the connection must be disabled
};

// "delivered" / "retry" / "failed" / "disabled", as in outbound_attempts.outcome.
inline QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Delivered:
        return QStringLiteral("delivered");
    case Outcome::Retry:
        return QStringLiteral("retry");
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::Disabled:
        return QStringLiteral("disabled");
    }
    return QStringLiteral("failed");
}

struct DeliveryResult
{
    QString itemId;
    int attempt = 0;
    Outcome outcome = Outcome::Failed;
    int statusCode = 0; // 0 when there was no HTTP response
    qint64 latencyMs = 0;
    // Short, for a person: "HTTP 503 Service Unavailable", "timed out after 10 s",
    // "connection refused", "TLS handshake failed: ...". Never a secret, a URL, body content or PII.
    QString error;
    std::optional<int> retryAfterSeconds; // from Retry-After (delta-seconds or HTTP-date)
    QDateTime startedAt, finishedAt;      // UTC
    QString host;                         // "host:port" of the destination, for per-host limits
    // The provider's id of the accepted message (Resend "id", Twilio "sid"), empty otherwise.
    QString providerMessageId;
    // False when the result says the destination itself is unwell (no HTTP answer, 5xx, 408):
    // what DestinationGuard::recordResult wants. Rejections (4xx) and shutdown aborts are healthy.
    bool endpointHealthy = true;
};

} // namespace opsdeck::outbound
