#pragma once

#include "db/Connection.h"
#include "engine/Heartbeat.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <memory>

namespace opsdeck::worker {

// The headless process: connects, refuses a schema that does not match this build, and writes a
// heartbeat every few seconds until asked to stop. The engines of the outbound queue and the alert
// evaluator will run here too.
class WorkerService : public QObject
{
    Q_OBJECT

public:
    WorkerService(const db::ConnectionProfile& profile, const QString& password, int heartbeatMs);
    ~WorkerService() override;

    void start();
    // Clean shutdown: records stopped_at, then emits finished(0).
    void stop();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void beat();

    std::unique_ptr<db::Connection> m_connection;
    engine::HeartbeatInfo m_info;
    QTimer m_timer;
    bool m_schemaChecked = false;
    int m_heartbeatMs;
    QElapsedTimer m_lastPrune;
    static constexpr qint64 kPruneIntervalMs = 10 * 60 * 1000;
};

} // namespace opsdeck::worker
