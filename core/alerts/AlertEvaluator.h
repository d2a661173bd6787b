#pragma once

#include "AlertTypes.h"
#include "db/ConnectionProfile.h"

#include <QDateTime>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>

namespace opsdeck::engine {
struct HeartbeatInfo;
}

namespace opsdeck::alerts {

// What one tick of the evaluator got back.
struct CycleReport
{
    bool ok = false;    // alerts_evaluate answered (whether or not this engine ran the cycle)
    CycleResult result; // when ok
    QString error;      // when not ok: what went wrong, in words (no data, no secrets)
    bool connectionLost = false;
    QDateTime at; // UTC
};

// The alert evaluator engine: a thread of its own with a database connection of its own that calls
// alerts_evaluate(engineId) on every tick (default 30 s). The database decides whether a cycle is
// due and lets only one engine of the installation run it, so any number of consoles and workers
// may run an evaluator at once. A dropped connection (server restart, network loss) is reopened
// with the Connection's backoff on a later tick; the error is reported meanwhile.
//
// The heartbeat belongs to the caller (a console or opsdeck-worker beats once for all its engines):
//   - it writes the worker_heartbeats row of `engineId` with the same PostgreSQL login, with "alerts"
//     among its engines, before start() and every few seconds after — alerts_evaluate refuses an
//     engine without a live heartbeat of its own login (engine_require, SQLSTATE 55000);
//   - before each beat it calls applyTo(info), which puts this engine's counts (alerts_*),
//     last_cycle_at and last error into the row.
// The login needs engines.run (super_admin and admin as shipped).
//
// Lives on (and is used from) the thread that created it; signals arrive there.
class AlertEvaluator : public QObject
{
    Q_OBJECT

public:
    AlertEvaluator(const db::ConnectionProfile& profile, const QString& password, const QString& engineId,
                   QObject* parent = nullptr);
    ~AlertEvaluator() override; // stop()

    // How often to ask whether a cycle is due; before start(). Default 30 000 ms.
    void setTickInterval(int ms);
    int tickInterval() const { return m_tickMs; }
    QString engineId() const { return m_engineId; }

    void start();
    // Cancels a statement in flight, closes the connection on its own thread and waits for it.
    void stop();
    bool isRunning() const;

    // The next tick comes now and runs a cycle even if it is not due ("evaluate now").
    void evaluateNow();

    // This engine's share of the heartbeat: counts, last cycle, last error. Thread-safe.
    void applyTo(engine::HeartbeatInfo& info) const;
    CycleReport lastReport() const;
    int cyclesRun() const;

Q_SIGNALS:
    // After every tick.
    void tickFinished(const opsdeck::alerts::CycleReport& report);
    // After a tick that ran the cycle.
    void cycleRan(const opsdeck::alerts::CycleResult& result);
    void failed(const QString& message);

private:
    class Worker;
    void record(const CycleReport& report); // on the engine's thread

    db::ConnectionProfile m_profile;
    QString m_password;
    QString m_engineId;
    int m_tickMs = 30000;
    QThread m_thread;
    Worker* m_worker = nullptr;

    mutable QMutex m_mutex; // guards what follows
    CycleReport m_last;
    QDateTime m_lastCycleAt;
    QString m_lastError;
    QString m_loggedError;
    int m_cycles = 0;
    qint64 m_created = 0, m_resolved = 0, m_notified = 0, m_enqueued = 0, m_undelivered = 0;
    int m_flapping = 0;
};

} // namespace opsdeck::alerts

Q_DECLARE_METATYPE(opsdeck::alerts::CycleReport)
