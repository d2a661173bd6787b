#include "EngineWorker.h"

#include "common/Logging.h"
#include "db/Connection.h"
#include "outbound/Adapters.h"
#include "outbound/DestinationGuard.h"
#include "outbound/HttpDelivery.h"

#include <QRandomGenerator>
#include <QSqlDriver>
#include <QThread>

namespace opsdeck::outbound {

namespace {

const QString kChannel = QStringLiteral("opsdeck_outbound");
constexpr qint64 kSettingsRefreshMs = 30 * 1000;
constexpr qint64 kPruneIntervalMs = 10 * 60 * 1000;

// "host:port" an item goes to, for the per-host limit and breaker ("" when it has no valid URL:
// the delivery then fails up front without touching the network).
QString destinationHost(const DeliveryRequest& r)
{
    QString text;
    if (r.deliveryType == QLatin1String("webhook"))
        text = r.destinationUrl.isEmpty() ? r.connectionConfig.value(QStringLiteral("url")).toString()
                                          : r.destinationUrl;
    else if (r.deliveryType == QLatin1String("email"))
        text = r.connectionConfig.value(QStringLiteral("base_url")).toString(kResendDefaultBaseUrl);
    else if (r.deliveryType == QLatin1String("sms"))
        text = r.connectionConfig.value(QStringLiteral("base_url")).toString(kTwilioDefaultBaseUrl);
    QString error;
    const auto url = parseHttpUrl(text, QStringLiteral("destination"), &error);
    return url ? hostKey(*url) : QString();
}

int jittered(int ms, double fraction)
{
    const int spread = int(ms * fraction);
    return spread > 0 ? ms - spread + int(QRandomGenerator::global()->bounded(2 * spread + 1)) : ms;
}

} // namespace

EngineWorker::~EngineWorker() = default;

void EngineWorker::start()
{
    const QString name = QStringLiteral("outbound-") + m_engineId.left(8);
    m_claims = std::make_unique<StoreLane>(m_profile, m_password, name);
    m_writes = std::make_unique<StoreLane>(m_profile, m_password, name + QStringLiteral("-results"));
    m_http = new HttpDelivery(this);
    m_http->setTransferTimeoutMs(m_options.transferTimeoutMs);
    m_clock.start();

    m_claimTimer = new QTimer(this);
    m_claimTimer->setSingleShot(true);
    connect(m_claimTimer, &QTimer::timeout, this, [this] { claim(); });
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, [this] { flush(); });
    m_heartbeatTimer = new QTimer(this);
    connect(m_heartbeatTimer, &QTimer::timeout, this, [this] { beat(); });
    m_heartbeatTimer->start(m_options.heartbeatMs);
    m_houseTimer = new QTimer(this);
    connect(m_houseTimer, &QTimer::timeout, this, [this] { housekeeping(); });
    m_houseTimer->start(m_options.sweepMs);
    qCInfo(lcQueue) << "outbound engine" << m_engineId << "starting";
    scheduleClaim(0);
}

// --- Jobs on the claims lane ---

void EngineWorker::ensureReady()
{
    db::Connection& db = m_claims->connection();
    // The same session as when it became ready: the driver may also have reopened the connection
    // (a statement after the server dropped it), and a new session listens to nothing.
    if (m_lane.ready && db.isOpen() && db.backendPid() == m_lane.listeningPid)
        return;
    m_lane.ready = false;
    db.ensureOpen();
    if (db.backendPid() != m_lane.listeningPid) {
        QSqlDriver* driver = db.database().driver();
        // A new session: listen again (the old subscription died with the old one).
        if (driver->subscribedToNotifications().contains(kChannel))
            driver->unsubscribeFromNotification(kChannel);
        if (!driver->subscribeToNotification(kChannel))
            throw db::DbError::connection(QStringLiteral("could not listen for new outbound items"));
        disconnect(m_lane.notification);
        m_lane.notification =
            connect(driver, &QSqlDriver::notification, m_claims->context(), [this](const QString& name) {
                if (name == kChannel)
                    onEngineThread([this] { onWake(); });
            });
        m_lane.listeningPid = db.backendPid();
    }
    const EngineSettings settings = m_claims->store().settings();
    counted();
    m_lane.lastSettings.start();
    onEngineThread([this, settings] { applySettings(settings); });
    {
        QMutexLocker lock(&m_mutex);
        m_lane.info.servedConnections = m_secrets.keys();
    }
    writeBeat();
    if (!std::exchange(m_lane.announcedReady, true))
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner] { Q_EMIT owner->ready(); }, Qt::QueuedConnection);
    m_lane.ready = true;
    onEngineThread([this] { setProblem({}); });
}

void EngineWorker::laneFailed(db::DbError& e)
{
    db::Connection& db = m_claims->connection();
    db.noteFailure(e);
    if (!db.isOpen()) {
        m_lane.ready = false;
        m_lane.listeningPid = 0;
    }
    {
        QMutexLocker lock(&m_mutex);
        m_stats.lastError = e.text();
    }
    onEngineThread([this, message = e.text()] { setProblem(message); });
}

// --- The engine's thread ---

void EngineWorker::applySettings(const EngineSettings& settings)
{
    m_settings = settings;
    if (!m_guard)
        m_guard = std::make_unique<DestinationGuard>(DestinationGuard::Options{
            qMax(1, m_settings.hostConcurrency), qMax(1, m_settings.breakerFailures),
            qMax(1, m_settings.breakerCooldownSeconds)});
    RetryPolicy::Options retry;
    retry.capSeconds = m_settings.backoffCapSeconds;
    m_policy = RetryPolicy(retry);
    // A request never outlives the lease: another engine would take the item over meanwhile.
    m_http->setTotalTimeoutMs(qBound(1000, (m_settings.leaseSeconds - 10) * 1000, 30000));
}

void EngineWorker::scheduleClaim(int delayMs)
{
    if (m_stopping)
        return;
    // An earlier wake-up wins; a later one is not needed.
    if (m_claimTimer->isActive() && m_claimTimer->remainingTime() <= delayMs)
        return;
    m_claimTimer->start(delayMs);
}

void EngineWorker::claim()
{
    if (m_stopping)
        return;
    if (m_claimInFlight) {
        m_claimAgain = true; // once it is back
        return;
    }
    const int capacity = room();
    if (capacity < qMin(m_settings.batchSize, m_options.maxInFlight / 2 + 1)) {
        scheduleClaim(jittered(m_options.pollMs, 0.25)); // results will ask again sooner
        return;
    }
    const int want = qMin(m_settings.batchSize, capacity);
    QStringList served;
    {
        QMutexLocker lock(&m_mutex);
        served = m_secrets.keys();
    }
    m_claimInFlight = true;
    m_claimAgain = false;
    m_claims->post([this, served, want, wake = std::exchange(m_wakeClaim, false)] {
        QList<ClaimedItem> items;
        bool ok = true;
        try {
            ensureReady();
            if (served != m_lane.info.servedConnections) {
                m_lane.info.servedConnections = served;
                writeBeat(); // advertise before claiming for them
            }
            items = m_claims->store().claim(m_engineId, served, want);
            counted();
            m_lane.info.lastCycleAt = QDateTime::currentDateTimeUtc();
        } catch (db::DbError& e) {
            laneFailed(e);
            ok = false;
        }
        onEngineThread([this, items = std::move(items), ok, want, wake]() mutable {
            onClaimed(std::move(items), ok, want, wake);
        });
    });
}

void EngineWorker::onClaimed(QList<ClaimedItem> items, bool ok, int wanted, bool wake)
{
    m_claimInFlight = false;
    m_held += int(items.size());
    if (m_stopping) {
        // Claimed while the engine was stopping: back to the queue unsent.
        for (const ClaimedItem& item : std::as_const(items))
            m_releases[0] << item.request.itemId;
        if (std::exchange(m_finishAfterClaim, false))
            finishStop();
        return;
    }
    if (!ok) {
        scheduleClaim(db::Connection::backoffMs(++m_failedClaims));
        return;
    }
    if (std::exchange(m_failedClaims, 0) > 0)
        setProblem({});
    {
        QMutexLocker lock(&m_mutex);
        m_stats.claimed += items.size();
    }
    const bool full = items.size() == wanted;
    if (wake && items.isEmpty()) {
        m_lastEmptyWakeMs = m_clock.elapsed();
        m_coolUntilMs = m_lastEmptyWakeMs + m_options.wakeCooldownMs;
    } else if (wake) {
        m_coolUntilMs = 0;
    }
    for (ClaimedItem& item : items)
        dispatch(std::move(item));
    updateGauges();
    // A full batch: more may be due now; a NOTIFY during the claim: its items may have been too
    // late for it; otherwise the poll (or a NOTIFY) brings the next.
    scheduleClaim(full || std::exchange(m_claimAgain, false) ? 0 : jittered(m_options.pollMs, 0.25));
}

void EngineWorker::dispatch(ClaimedItem item)
{
    const QString host = destinationHost(item.request);
    if (!host.isEmpty()) {
        if (const auto until = m_guard->blockedUntil(host)) {
            // The breaker is open: give the item back unsent, due when the host may be tried again.
            giveBack(item.request.itemId,
                     int(qMax<qint64>(1, QDateTime::currentDateTimeUtc().secsTo(*until))));
            return;
        }
        if (!m_guard->tryAcquire(host)) {
            m_waiting[host].append({std::move(item), m_clock.elapsed()});
            return;
        }
    }
    send(std::move(item), host);
}

void EngineWorker::send(ClaimedItem item, const QString& host)
{
    if (!item.connectionId.isEmpty()) {
        QMutexLocker lock(&m_mutex);
        const auto it = m_secrets.constFind(item.connectionId);
        if (it == m_secrets.constEnd()) {
            // The secret left this keychain since the claim: an engine that holds it takes the item.
            lock.unlock();
            giveBack(item.request.itemId, 0, host);
            return;
        }
        item.request.secret = *it;
    }
    m_http->send(item.request, [this, host](DeliveryResult result) { onResult(result, host); });
}

void EngineWorker::giveBack(const QString& itemId, int delaySeconds, const QString& host)
{
    if (!host.isEmpty())
        m_guard->release(host);
    m_releases[delaySeconds] << itemId;
    if (!m_flushTimer->isActive())
        m_flushTimer->start(m_options.flushMs);
}

void EngineWorker::onResult(const DeliveryResult& result, const QString& host)
{
    if (!host.isEmpty()) {
        m_guard->release(host);
        m_guard->recordResult(host, result.endpointHealthy);
    }
    if (m_aborting && result.outcome == Outcome::Retry && result.statusCode == 0) {
        m_releases[0] << result.itemId; // cut short by the shutdown: not an attempt
    } else {
        CompletedAttempt done{result, 0};
        if (result.outcome == Outcome::Retry)
            done.retryInSeconds = m_policy.delaySeconds(result.attempt, result.retryAfterSeconds);
        m_results.append(done);
        QMutexLocker lock(&m_mutex);
        switch (result.outcome) {
        case Outcome::Delivered:
            ++m_stats.delivered;
            break;
        case Outcome::Retry:
            ++m_stats.retried;
            break;
        case Outcome::Failed:
        case Outcome::Disabled:
            ++m_stats.failed;
            break;
        }
    }
    if (!host.isEmpty())
        drainWaiting(host);
    if (m_results.size() >= m_options.flushBatch)
        flush();
    else if (!m_flushTimer->isActive())
        m_flushTimer->start(m_options.flushMs);
    if (m_stopping) {
        if (m_http->inFlight() == 0)
            finishStop();
        return;
    }
    // Room for another batch: claim now rather than at the next poll.
    if (room() >= m_settings.batchSize)
        scheduleClaim(0);
}

void EngineWorker::drainWaiting(const QString& host)
{
    auto it = m_waiting.find(host);
    if (it == m_waiting.end())
        return;
    if (const auto until = m_guard->blockedUntil(host)) {
        const int delay = int(qMax<qint64>(1, QDateTime::currentDateTimeUtc().secsTo(*until)));
        for (const Waiting& w : *it)
            m_releases[delay] << w.item.request.itemId;
        m_waiting.erase(it);
        return;
    }
    // An item that waited for most of its lease goes back rather than out: another engine could
    // take it over while it is on the wire, and the receiver would get it twice.
    const qint64 tooOld = m_clock.elapsed() - qint64(qMax(5, m_settings.leaseSeconds - 20)) * 1000;
    while (!it->isEmpty() && it->first().claimedAtMs < tooOld)
        giveBack(it->takeFirst().item.request.itemId, 0);
    while (!it->isEmpty() && m_guard->tryAcquire(host))
        send(it->takeFirst().item, host);
    if (it->isEmpty())
        m_waiting.erase(it);
}

void EngineWorker::flush()
{
    m_flushTimer->stop();
    if (m_results.isEmpty() && m_releases.isEmpty())
        return;
    int items = int(m_results.size());
    for (const QStringList& ids : std::as_const(m_releases))
        items += int(ids.size());
    m_writes->post(
        [this, items, results = std::exchange(m_results, {}), releases = std::exchange(m_releases, {})] {
            OutboundStore& store = m_writes->store();
            QList<CompletedAttempt> unwritten = results;
            QHash<int, QStringList> unreleased = releases;
            QString error;
            try {
                m_writes->connection().ensureOpen();
                if (!results.isEmpty()) {
                    const int accepted = store.complete(m_engineId, results);
                    counted();
                    unwritten.clear();
                    if (accepted < results.size())
                        qCInfo(lcQueue) << results.size() - accepted
                                        << "results were no longer this engine's to write (lease taken over)";
                }
                for (auto it = releases.cbegin(); it != releases.cend(); ++it) {
                    const int n = store.release(m_engineId, *it, it.key());
                    unreleased.remove(it.key());
                    QMutexLocker lock(&m_mutex);
                    m_stats.released += n;
                    ++m_stats.statements;
                }
            } catch (db::DbError& e) {
                // Kept for the next try: a result is valid as long as the lease holds (the fence decides).
                m_writes->connection().noteFailure(e);
                error = e.text();
                QMutexLocker lock(&m_mutex);
                m_stats.lastError = error;
            }
            int settled = items - int(unwritten.size());
            for (const QStringList& ids : std::as_const(unreleased))
                settled -= int(ids.size());
            onEngineThread([this, settled, unwritten, unreleased, error] {
                onFlushed(settled, unwritten, unreleased, error);
            });
        });
}

void EngineWorker::onFlushed(int settled, QList<CompletedAttempt> unwritten,
                             QHash<int, QStringList> unreleased, const QString& error)
{
    // Written (or refused by the fence): no longer this engine's.
    m_held -= settled;
    if (!error.isEmpty()) {
        m_results = unwritten + m_results;
        for (auto it = unreleased.cbegin(); it != unreleased.cend(); ++it)
            m_releases[it.key()] = *it + m_releases.value(it.key());
        setProblem(error);
        if (!m_stopping)
            m_flushTimer->start(db::Connection::backoffMs(++m_failedFlushes));
    } else if (std::exchange(m_failedFlushes, 0) > 0) {
        setProblem({});
    }
    updateGauges();
    if (!m_stopping && settled > 0 && room() >= m_settings.batchSize)
        scheduleClaim(0); // claims may have waited for the results to be written
}

void EngineWorker::beat()
{
    if (m_stopping)
        return;
    updateGauges();
    m_claims->post([this] {
        if (!m_lane.announcedReady)
            return; // the first claim gets it ready
        try {
            ensureReady(); // a dropped connection comes back here too, not only at the next claim
            writeBeat();
        } catch (db::DbError& e) {
            laneFailed(e);
        }
    });
}

void EngineWorker::housekeeping()
{
    if (m_stopping)
        return;
    m_claims->post([this] {
        if (!m_lane.announcedReady)
            return;
        OutboundStore& store = m_claims->store();
        try {
            ensureReady();
            const int swept = store.sweep();
            counted();
            if (swept > 0) {
                qCInfo(lcQueue) << "returned" << swept << "items of stopped engines to the queue";
                {
                    QMutexLocker lock(&m_mutex);
                    m_stats.swept += swept;
                }
                onEngineThread([this] { scheduleClaim(0); });
            }
            if (m_lane.lastSettings.hasExpired(kSettingsRefreshMs)) {
                const EngineSettings settings = store.settings();
                counted();
                m_lane.lastSettings.start();
                onEngineThread([this, settings] { applySettings(settings); });
            }
            if (!m_lane.lastPrune.isValid() || m_lane.lastPrune.hasExpired(kPruneIntervalMs)) {
                m_lane.lastPrune.start();
                const int pruned = store.prune();
                counted();
                if (pruned > 0)
                    qCInfo(lcQueue) << "pruned" << pruned << "old outbound items";
            }
        } catch (db::DbError& e) {
            laneFailed(e);
        }
    });
}

void EngineWorker::stop(int graceMs)
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (m_claimTimer) {
        m_claimTimer->stop();
        m_heartbeatTimer->stop();
        m_houseTimer->stop();
    }
    for (const auto& items : std::as_const(m_waiting))
        for (const Waiting& w : items)
            m_releases[0] << w.item.request.itemId;
    m_waiting.clear();
    if (!m_http || m_http->inFlight() == 0) {
        finishStop();
        return;
    }
    qCInfo(lcQueue) << "waiting up to" << graceMs << "ms for" << m_http->inFlight() << "deliveries in flight";
    QTimer::singleShot(graceMs, this, [this] {
        if (m_finishing)
            return;
        m_aborting = true;
        m_http->abortAll(); // their results come back now; unfinished ones are given back
        finishStop();
    });
}

void EngineWorker::finishStop()
{
    if (m_finishing)
        return;
    if (m_claimInFlight) {
        m_finishAfterClaim = true; // its items go back first
        return;
    }
    m_finishing = true;
    if (!m_claims) { // never started
        finished();
        return;
    }
    // The last results first (on the results lane), then the heartbeat's stop (engine_require
    // refuses results of a stopped engine), then back here.
    flush();
    m_writes->post([this] {
        m_claims->post([this] {
            try {
                if (m_lane.ready)
                    engine::writeStopped(m_claims->connection(), m_lane.info);
            } catch (db::DbError& e) {
                qCWarning(lcQueue).noquote() << "could not record the engine's stop:" << e.text();
            }
            onEngineThread([this] { finished(); });
        });
    });
}

void EngineWorker::finished()
{
    if (!m_results.isEmpty() || !m_releases.isEmpty())
        qCWarning(lcQueue) << "stopping with unwritten results; their items return after the lease";
    qCInfo(lcQueue) << "outbound engine" << m_engineId << "stopped";
    QMetaObject::invokeMethod(
        m_owner, [owner = m_owner] { Q_EMIT owner->stopped(); }, Qt::QueuedConnection);
    deleteLater(); // with its lanes, HTTP client and timers, on this thread as it ends
    QThread::currentThread()->quit();
}

void EngineWorker::setProblem(const QString& message)
{
    if (message == m_problem)
        return;
    const bool recovered = message.isEmpty() && !m_problem.isEmpty();
    m_problem = message;
    if (!message.isEmpty()) {
        qCWarning(lcQueue).noquote() << "outbound engine:" << message;
    } else if (recovered) {
        qCInfo(lcQueue) << "outbound engine" << m_engineId << "recovered";
        // The heartbeat's last error is the current trouble: the Engines view warns while it is set.
        QMutexLocker lock(&m_mutex);
        m_stats.lastError.clear();
    }
    QMetaObject::invokeMethod(
        m_owner, [owner = m_owner, message] { Q_EMIT owner->problemChanged(message); }, Qt::QueuedConnection);
}

int EngineWorker::room() const
{
    return qMin(m_options.maxInFlight - m_http->inFlight() - waitingCount(), m_options.maxHeld - m_held);
}

int EngineWorker::waitingCount() const
{
    int n = 0;
    for (const auto& items : m_waiting)
        n += int(items.size());
    return n;
}

void EngineWorker::updateGauges()
{
    const int inFlight = m_http ? m_http->inFlight() : 0;
    const int waiting = waitingCount();
    QMutexLocker lock(&m_mutex);
    m_stats.inFlight = inFlight;
    m_stats.waiting = waiting;
}

} // namespace opsdeck::outbound
