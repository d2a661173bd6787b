#include "DestinationGuard.h"

namespace opsdeck::outbound {

DestinationGuard::DestinationGuard() : DestinationGuard(Options()) {}

DestinationGuard::DestinationGuard(const Options& options, Clock clock)
    : m_options(options), m_clock(std::move(clock))
{}

QDateTime DestinationGuard::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void DestinationGuard::advance(HostState& s) const
{
    if (s.state == State::Open && now() >= s.openUntil) {
        s.state = State::HalfOpen;
        s.probeOut = false;
    }
}

bool DestinationGuard::tryAcquire(const QString& host)
{
    HostState& s = m_hosts[host];
    advance(s);
    bool granted = false;
    switch (s.state) {
    case State::Open:
        break;
    case State::HalfOpen:
        granted = !s.probeOut && s.inFlight < qMax(1, m_options.maxConcurrentPerHost);
        if (granted)
            s.probeOut = true;
        break;
    case State::Closed:
        granted = s.inFlight < qMax(1, m_options.maxConcurrentPerHost);
        break;
    }
    if (granted)
        ++s.inFlight;
    else
        forgetIfIdle(host);
    return granted;
}

void DestinationGuard::release(const QString& host)
{
    const auto it = m_hosts.find(host);
    if (it == m_hosts.end())
        return;
    it->inFlight = qMax(0, it->inFlight - 1);
    // Still half-open at release: the probe ended without a result (aborted), so another may go.
    if (it->state == State::HalfOpen)
        it->probeOut = false;
    forgetIfIdle(host);
}

void DestinationGuard::recordResult(const QString& host, bool healthy)
{
    HostState& s = m_hosts[host];
    advance(s);
    if (healthy) {
        // Any sign of life closes the breaker, also a late answer to a request sent before it opened.
        s.state = State::Closed;
        s.failures = 0;
        s.probeOut = false;
    } else {
        ++s.failures;
        const bool trip = s.state == State::HalfOpen ||
                          (s.state == State::Closed && s.failures >= qMax(1, m_options.failureThreshold));
        if (trip) {
            s.state = State::Open;
            s.openUntil = now().addSecs(qMax(0, m_options.cooldownSeconds));
            s.probeOut = false;
        }
        // Already open: late failures of requests sent earlier do not extend the cooldown.
    }
    forgetIfIdle(host);
}

std::optional<QDateTime> DestinationGuard::blockedUntil(const QString& host) const
{
    const auto it = m_hosts.constFind(host);
    if (it == m_hosts.constEnd() || it->state != State::Open || now() >= it->openUntil)
        return std::nullopt;
    return it->openUntil;
}

DestinationGuard::State DestinationGuard::state(const QString& host) const
{
    const auto it = m_hosts.constFind(host);
    if (it == m_hosts.constEnd())
        return State::Closed;
    if (it->state == State::Open && now() >= it->openUntil)
        return State::HalfOpen;
    return it->state;
}

int DestinationGuard::inFlight(const QString& host) const
{
    const auto it = m_hosts.constFind(host);
    return it == m_hosts.constEnd() ? 0 : it->inFlight;
}

int DestinationGuard::consecutiveFailures(const QString& host) const
{
    const auto it = m_hosts.constFind(host);
    return it == m_hosts.constEnd() ? 0 : it->failures;
}

void DestinationGuard::forgetIfIdle(const QString& host)
{
    const auto it = m_hosts.find(host);
    if (it != m_hosts.end() && it->inFlight == 0 && it->failures == 0 && it->state == State::Closed)
        m_hosts.erase(it);
}

} // namespace opsdeck::outbound
