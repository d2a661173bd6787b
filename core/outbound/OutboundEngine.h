#pragma once

#include "db/ConnectionProfile.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <functional>
#include <memory>

namespace opsdeck::engine {
struct HeartbeatInfo;
}

namespace opsdeck::outbound {

class EngineWorker;
struct EngineShared;

// How an engine runs; the queue's own settings (batch size, lease, breaker …) come from ops_config.
struct EngineOptions
{
    QString kind = QStringLiteral("console"); // worker_heartbeats.kind: console / worker
    int pollMs = 1000;                        // safety-net poll (jittered ±25 %), also for due retries
    int wakeCooldownMs = 3; // after a wake-up claim found nothing: the next wake-up waits this long
    int wakeJitterMs = 2;   // after a NOTIFY, a random 0..N ms, so many engines do not claim in lock step
    int heartbeatMs = 3000; // worker_heartbeats; others take over after engine_stale_seconds
    int sweepMs = 5000;     // outbound_sweep: items of stopped engines back to pending
    int flushMs = 20;       // results are written at least this often …
    int flushBatch = 200;   // … or when this many are waiting
    int maxInFlight = 100;  // requests of this engine at once (all hosts)
    // Claimed items whose result is not written yet (in flight, waiting, or results on their way to
    // the database). While result writes are held up, the engine claims no more than this: an item
    // whose result is not written when its lease ends is sent again by another engine.
    int maxHeld = 1000;
    int transferTimeoutMs = 10000;
    int stopGraceMs = 5000; // on stop, in-flight requests get this long before they are aborted
    // Other engines of this process that share the heartbeat row ("alerts"), and their share of it
    // (counts, last error), filled in on the engine's database thread before every beat. Must be thread-safe.
    QStringList sharedWith;
    std::function<void(engine::HeartbeatInfo&)> addToHeartbeat;
};

// Counts an engine reports (heartbeat `counts`, the console's engine view).
struct EngineStats
{
    qint64 claimed = 0;
    qint64 delivered = 0;
    qint64 retried = 0;
    qint64 failed = 0;
    qint64 released = 0;
    qint64 swept = 0;
    qint64 statements = 0; // SQL statements this engine ran (claims, results, heartbeats, sweeps …)
    int inFlight = 0;
    int waiting = 0;
    QString lastError;

    QJsonObject toJson() const;
};

// One engine of the outbound queue, on a thread of its own with its own database connection and
// HTTP client: claims due items (outbound_claim, committed before any HTTP), delivers them through
// the adapters with per-host limits and a circuit breaker, writes results in batches fenced by
// lease (outbound_complete), heart-beats, sweeps items of stopped engines, and wakes on NOTIFY
// opsdeck_outbound with a jittered poll as the safety net. Several engines — in one process, in
// several consoles, in opsdeck-worker on other machines — share one database.
//
// Delivery is at-least-once: an engine that dies between a request and its recorded result leaves
// the item to another engine, which sends it again with the same idempotency key.
//
// The login must hold engines.run. Only items whose connection secret this engine was given
// (setSecrets) or that need none are claimed.
class OutboundEngine : public QObject
{
    Q_OBJECT

public:
    OutboundEngine(const db::ConnectionProfile& profile, const QString& password, EngineOptions options = {},
                   QObject* parent = nullptr);
    // Stops without grace if still running (waits for the thread).
    ~OutboundEngine() override;

    QString engineId() const { return m_engineId; }
    void start();
    // Finishes or gives back what is in flight, writes the last results, marks the heartbeat
    // stopped, then emits stopped(). Safe to call more than once.
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

    // Connection id → secret, from the keychain. Replaces the previous set; thread-safe.
    void setSecrets(const QHash<QString, QString>& secrets);
    EngineStats stats() const;

Q_SIGNALS:
    void started();
    // The first heartbeat is written: engines sharing it (the alert evaluator) may start.
    void ready();
    void stopped();
    // A problem worth showing (database unreachable, refused); empty when it cleared.
    void problemChanged(const QString& message);

private:
    QString m_engineId;
    std::shared_ptr<EngineShared> m_shared;
    int m_graceMs;
    QThread m_thread;
    EngineWorker* m_worker = nullptr;
    bool m_started = false;
    bool m_stopRequested = false;
};

} // namespace opsdeck::outbound
