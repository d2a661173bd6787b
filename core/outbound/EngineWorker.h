#pragma once

#include "db/Connection.h"
#include "engine/Heartbeat.h"
#include "outbound/DestinationGuard.h"
#include "outbound/HttpDelivery.h"
#include "outbound/OutboundEngine.h"
#include "outbound/OutboundStore.h"
#include "outbound/RetryPolicy.h"
#include "outbound/StoreLane.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>
#include <memory>

namespace opsdeck::outbound {

// The engine's internals, shared by OutboundEngine.cpp and EngineWorker.cpp only.

// What the owner's thread reads and writes while the engine runs.
struct EngineShared
{
    mutable QMutex mutex;
    QHash<QString, QString> secrets; // connection id → secret
    EngineStats stats;
};

// The engine: its HTTP side on the engine's thread, and two StoreLanes for the database. The
// claims lane keeps the heartbeat, the LISTEN, the claims and the housekeeping; the results lane
// writes results and releases. The engine's thread never waits on either. Deletes itself when
// the thread ends.
class EngineWorker : public QObject
{
public:
    EngineWorker(OutboundEngine* owner, std::shared_ptr<EngineShared> shared,
                 const db::ConnectionProfile& profile, const QString& password, const EngineOptions& options,
                 const QString& engineId)
        : m_owner(owner), m_shared(std::move(shared)), m_profile(profile), m_password(password),
          m_options(options), m_engineId(engineId)
    {
        m_lane.info = engine::HeartbeatInfo::forThisProcess(
            options.kind, QStringList{QStringLiteral("outbound")} + options.sharedWith);
        m_lane.info.engineId = engineId;
        m_profile.applicationName = QStringLiteral("opsdeck outbound engine");
    }
    ~EngineWorker() override;

    void start();
    void stop(int graceMs);

private:
    // --- The engine's thread ---
    void scheduleClaim(int delayMs);
    // NOTIFY opsdeck_outbound: claim now. When other engines compete (a wake-up claim came back
    // empty within the last second), claim after a little random jitter, so that many engines (and
    // many consoles) woken by the same commit do not all claim at the same instant; an engine alone
    // does not pay for the jitter. An engine whose last wake-up claim came back empty (another
    // engine was faster) holds off for a short cooldown, so that with many engines only the ones
    // winning items claim at once.
    void onWake()
    {
        const qint64 now = m_clock.elapsed();
        const bool contended = m_lastEmptyWakeMs >= 0 && now - m_lastEmptyWakeMs < 1000;
        const int jitter =
            contended ? int(QRandomGenerator::global()->bounded(m_options.wakeJitterMs + 1)) : 0;
        const qint64 wait = m_coolUntilMs - now;
        m_wakeClaim = true;
        scheduleClaim(wait > 0 ? int(wait) + jitter : jitter);
    }
    void claim();
    void onClaimed(QList<ClaimedItem> items, bool ok, int wanted, bool wake);
    void applySettings(const EngineSettings& settings);
    void dispatch(ClaimedItem item);
    void send(ClaimedItem item, const QString& host);
    void onResult(const DeliveryResult& result, const QString& host);
    // Hands a claimed item back unsent (not an attempt), due after `delaySeconds`; frees the
    // host slot it holds when `host` is given.
    void giveBack(const QString& itemId, int delaySeconds, const QString& host = QString());
    void drainWaiting(const QString& host);
    void flush();
    void onFlushed(int settled, QList<CompletedAttempt> unwritten, QHash<int, QStringList> unreleased,
                   const QString& error);
    void beat();
    void housekeeping();
    void finishStop();
    void finished();
    void setProblem(const QString& message);
    int waitingCount() const;
    // How many more items this engine may claim now (requests at once, items held).
    int room() const;
    void updateGauges();
    // Runs `work` on the engine's thread (from a lane's job).
    void onEngineThread(std::function<void()> work)
    {
        QMetaObject::invokeMethod(this, std::move(work), Qt::QueuedConnection);
    }

    // --- Jobs on the claims lane (m_lane is theirs alone) ---
    void ensureReady();
    void laneFailed(db::DbError& e);
    // Writes this engine's heartbeat row, with the share of the engines that use it too.
    void writeBeat()
    {
        {
            QMutexLocker lock(&m_mutex);
            m_lane.info.counts = m_stats.toJson();
            m_lane.info.lastError = m_stats.lastError;
        }
        if (m_options.addToHeartbeat)
            m_options.addToHeartbeat(m_lane.info);
        engine::writeHeartbeat(m_claims->connection(), m_lane.info);
        counted();
    }
    // Any thread.
    void counted(int statements = 1)
    {
        QMutexLocker lock(&m_mutex);
        m_stats.statements += statements;
    }

    OutboundEngine* m_owner;
    std::shared_ptr<EngineShared> m_shared;
    db::ConnectionProfile m_profile;
    QString m_password;
    EngineOptions m_options;
    const QString m_engineId;

    HttpDelivery* m_http = nullptr;
    std::unique_ptr<DestinationGuard> m_guard;
    RetryPolicy m_policy;
    EngineSettings m_settings;
    bool m_stopping = false;
    bool m_aborting = false;
    bool m_finishing = false;
    bool m_finishAfterClaim = false;
    bool m_claimInFlight = false;
    bool m_claimAgain = false;     // asked for while a claim was in flight
    bool m_wakeClaim = false;      // the scheduled claim answers a NOTIFY
    qint64 m_coolUntilMs = 0;      // m_clock
    qint64 m_lastEmptyWakeMs = -1; // m_clock: when a wake-up claim last came back empty
    int m_held = 0;                // claimed, result or release not written yet
    int m_failedClaims = 0;
    int m_failedFlushes = 0;
    QString m_problem;

    struct Waiting
    {
        ClaimedItem item;
        qint64 claimedAtMs = 0; // m_clock
    };
    QHash<QString, QList<Waiting>> m_waiting; // per host, over its concurrency limit
    QElapsedTimer m_clock;
    QList<CompletedAttempt> m_results;
    QHash<int, QStringList> m_releases; // delay seconds → item ids
    QTimer* m_claimTimer = nullptr;
    QTimer* m_flushTimer = nullptr;
    QTimer* m_heartbeatTimer = nullptr;
    QTimer* m_houseTimer = nullptr;

    // What the claims lane's jobs keep between them.
    struct LaneState
    {
        engine::HeartbeatInfo info;
        bool ready = false;
        int listeningPid = 0; // the session that LISTENs (0: none)
        bool announcedReady = false;
        QMetaObject::Connection notification;
        QElapsedTimer lastSettings;
        QElapsedTimer lastPrune;
    } m_lane;

    // Shorthands into the shared state (always under m_mutex).
    QMutex& m_mutex = m_shared->mutex;
    QHash<QString, QString>& m_secrets = m_shared->secrets;
    EngineStats& m_stats = m_shared->stats;

    // Last: their threads end (running the jobs still posted) before the state above goes.
    std::unique_ptr<StoreLane> m_claims;
    std::unique_ptr<StoreLane> m_writes;
};

} // namespace opsdeck::outbound
