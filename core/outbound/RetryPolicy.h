#pragma once

#include "Delivery.h"

#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>
#include <optional>

class QRandomGenerator;

namespace opsdeck::outbound {

// When to try again after a failed attempt. Seed 004: the delay after attempt N is 2^N × 30 s;
// ±20 % jitter keeps items that failed together from retrying together; the cap keeps a long
// outage from pushing retries days away. A Retry-After from the server is honoured: the larger of
// it and the backoff, capped separately (a day by default) so a hostile header cannot park an
// item forever.
class RetryPolicy
{
public:
    struct Options
    {
        int baseSeconds = 30;
        double jitter = 0.2;              // fraction either way
        int capSeconds = 3600;            // backoff never exceeds this
        int retryAfterCapSeconds = 86400; // nor does a Retry-After-driven delay exceed this
    };

    RetryPolicy() = default;
    explicit RetryPolicy(const Options& options) : m_options(options) {}

    const Options& options() const { return m_options; }

    // Seconds to wait after attempt `attempt` (1-based) failed. `random` makes the jitter
    // reproducible (a seeded generator in tests); QRandomGenerator::global() when null.
    qint64 delaySeconds(int attempt, std::optional<int> retryAfterSeconds = std::nullopt,
                        QRandomGenerator* random = nullptr) const;

    // The backoff without jitter or Retry-After: min(2^attempt × base, cap).
    qint64 baseDelaySeconds(int attempt) const;

private:
    Options m_options;
};

// What an HTTP status means for the item: 2xx Delivered; 410 Disabled; 408, 429 and 5xx Retry;
// other 4xx Failed; 1xx and 3xx Failed (redirects are never followed: a webhook must not be
// bounced to an internal host); anything else Failed.
Outcome classify(int httpStatus);

// A transport error without an HTTP status: timeouts, refused or reset connections, unknown
// hosts, TLS and proxy failures are worth retrying; unsupported schemes or operations are not.
Outcome classifyNetworkError(QNetworkReply::NetworkError error);

// Whether a status says the endpoint itself is unwell (5xx, 408), for the circuit breaker.
bool statusIndicatesUnhealthy(int httpStatus);

// Retry-After as seconds from `now`: delta-seconds ("120") or an HTTP-date (IMF-fixdate, RFC 850
// or asctime); a date in the past gives 0. std::nullopt when absent or unreadable.
std::optional<int> parseRetryAfter(const QByteArray& value, const QDateTime& now);

// "HTTP 503 Service Unavailable", with a note for 3xx that redirects are not followed.
QString describeHttpStatus(int httpStatus);

// Our own words for a transport error ("connection refused", "TLS handshake failed: <detail>"):
// Qt's errorString() may quote the URL, whose query can hold a token.
QString describeNetworkError(QNetworkReply::NetworkError error, const QString& tlsDetail = QString());

// The standard reason phrase of a status ("Service Unavailable"), empty when unknown. Used instead
// of the server's own phrase, which is server-controlled text.
QString reasonPhrase(int httpStatus);

} // namespace opsdeck::outbound
