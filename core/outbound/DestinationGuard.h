#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>
#include <functional>
#include <optional>

namespace opsdeck::outbound {

// Per-destination ("host:port") protection for the queue engine: a concurrency limit, so one slow
// receiver cannot take every sending slot, and a circuit breaker, so a receiver that is down is
// left alone for a while instead of burning every queued item's attempts.
//
// Breaker: `failureThreshold` consecutive unhealthy results open it for `cooldownSeconds`
// (blockedUntil() says until when; tryAcquire() refuses). After the cooldown it is half-open: one
// probe is let through; a healthy result closes it, an unhealthy one opens it again.
// Pure logic, no network; not thread-safe (the engine uses it from its own thread).
class DestinationGuard
{
public:
    struct Options
    {
        int maxConcurrentPerHost = 4;
        int failureThreshold = 5;
        int cooldownSeconds = 60;
    };
    enum class State
    {
        Closed,
        Open,
        HalfOpen,
    };
    using Clock = std::function<QDateTime()>;

    DestinationGuard();
    // `clock` defaults to QDateTime::currentDateTimeUtc; tests pass a fake one.
    explicit DestinationGuard(const Options& options, Clock clock = {});

    const Options& options() const { return m_options; }

    // Takes a sending slot for `host`; false when the host is at its limit, its breaker is open,
    // or it is half-open and its one probe is already out. Each true must be paired with release().
    bool tryAcquire(const QString& host);
    void release(const QString& host);

    // The outcome of a send to `host` (DeliveryResult::endpointHealthy).
    void recordResult(const QString& host, bool healthy);

    // When the breaker is open: the end of its cooldown. std::nullopt when requests may be tried.
    std::optional<QDateTime> blockedUntil(const QString& host) const;

    State state(const QString& host) const;
    int inFlight(const QString& host) const;
    int consecutiveFailures(const QString& host) const;
    // Hosts with state worth keeping (slots taken, failures counted, breaker not closed).
    int trackedHosts() const { return int(m_hosts.size()); }

private:
    struct HostState
    {
        int inFlight = 0;
        int failures = 0;
        State state = State::Closed;
        QDateTime openUntil;
        bool probeOut = false;
    };

    QDateTime now() const;
    // Open → HalfOpen once the cooldown has passed.
    void advance(HostState& s) const;
    // Forgets a host with nothing to remember, so the table does not grow with every host seen.
    void forgetIfIdle(const QString& host);

    Options m_options;
    Clock m_clock;
    QHash<QString, HostState> m_hosts;
};

} // namespace opsdeck::outbound
