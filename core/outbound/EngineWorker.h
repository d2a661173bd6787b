#pragma once

#include "db/Connection.h"
#include "engine/Heartbeat.h"
#include "outbound/DestinationGuard.h"
#include "outbound/HttpDelivery.h"
#include "outbound/OutboundEngine.h"
#include "outbound/OutboundStore.h"
#include "outbound/RetryPolicy.h"

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

// Everything that runs on the engine's thread. Deletes itself when the thread ends.
class EngineWorker : public QObject
{
public:
    EngineWorker(OutboundEngine* owner, std::shared_ptr<EngineShared> shared,
                 const db::ConnectionProfile& profile, const QString& password, const EngineOptions& options,
                 const QString& engineId)
        : m_owner(owner), m_shared(std::move(shared)), m_profile(profile), m_password(password),
          m_options(options)
    {
        m_info = engine::HeartbeatInfo::forThisProcess(options.kind, QStringList{QStringLiteral("outbound")} +
                                                                         options.sharedWith);
        m_info.engineId = engineId;
        m_profile.applicationName = QStringLiteral("opsdeck outbound engine");
    }

    void start();
    void stop(int graceMs);

private:
    bool ensureReady();
    void onDatabaseError(db::DbError& e);
    void scheduleClaim(int delayMs);
    // NOTIFY opsdeck_outbound: claim soon, after a little random jitter so that many engines (and
    // many consoles) woken by the same commit do not all claim at the same instant.
    // An engine whose last wake-up claim came back empty (another engine was faster) holds off for
    // a short cooldown, so that with many engines only the ones winning items claim at once.
    void onWake()
    {
        const int jitter = int(QRandomGenerator::global()->bounded(m_options.wakeJitterMs + 1));
        const qint64 wait = m_coolUntilMs - m_clock.elapsed();
        m_wakeClaim = true;
        scheduleClaim(wait > 0 ? int(wait) + jitter : jitter);
    }
    void claim();
    void dispatch(ClaimedItem item);
    void send(ClaimedItem item, const QString& host);
    void onResult(const DeliveryResult& result, const QString& host);
    // Hands a claimed item back unsent (not an attempt), due after `delaySeconds`; frees the
    // host slot it holds when `host` is given.
    void giveBack(const QString& itemId, int delaySeconds, const QString& host = QString());
    void drainWaiting(const QString& host);
    void flush();
    void beat();
    void housekeeping();
    void finishStop();
    void setProblem(const QString& message);
    int waitingCount() const;
    void updateGauges();
    // Writes this engine's heartbeat row, with the share of the engines that use it too.
    void writeBeat()
    {
        {
            QMutexLocker lock(&m_mutex);
            m_info.counts = m_stats.toJson();
            m_info.lastError = m_stats.lastError;
        }
        if (m_options.addToHeartbeat)
            m_options.addToHeartbeat(m_info);
        engine::writeHeartbeat(*m_db, m_info);
        counted();
    }
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
    engine::HeartbeatInfo m_info;

    std::unique_ptr<db::Connection> m_db;
    std::unique_ptr<OutboundStore> m_store;
    HttpDelivery* m_http = nullptr;
    std::unique_ptr<DestinationGuard> m_guard;
    RetryPolicy m_policy;
    EngineSettings m_settings;
    bool m_ready = false;
    bool m_subscribed = false;
    QMetaObject::Connection m_notification;
    bool m_stopping = false;
    bool m_aborting = false;
    bool m_finished = false;
    bool m_announcedReady = false;
    bool m_wakeClaim = false; // the scheduled claim answers a NOTIFY
    qint64 m_coolUntilMs = 0; // m_clock
    int m_failedAttempts = 0;
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
    QElapsedTimer m_lastSettings;
    QElapsedTimer m_lastPrune;

    // Shorthands into the shared state (always under m_mutex).
    QMutex& m_mutex = m_shared->mutex;
    QHash<QString, QString>& m_secrets = m_shared->secrets;
    EngineStats& m_stats = m_shared->stats;
};

} // namespace opsdeck::outbound
