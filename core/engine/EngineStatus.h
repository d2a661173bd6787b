#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::engine {

// One engine as its heartbeat describes it (worker_heartbeats), for the console's engine list.
struct EngineStatus
{
    enum class State
    {
        Running, // heart-beating
        Silent,  // no heartbeat for longer than outbound.engine_stale_seconds: stopped uncleanly or cut off
        Stopped, // stopped cleanly
    };

    QString engineId;
    QString kind; // console / worker
    QStringList engines;
    QString host;
    qint64 pid = 0;
    QString version;
    QString dbLogin;
    QDateTime startedAt;
    QDateTime lastBeatAt;
    QDateTime lastCycleAt;
    QDateTime stoppedAt;
    QJsonObject counts;
    int servedConnections = 0;
    QString lastError;
    State state = State::Running;
    qint64 beatAgeSeconds = 0; // by the database's clock
};

// Engines running now and those that stopped within the last day, running first, then by their
// last heartbeat. Every staff member may read them. Throws db::DbError.
QList<EngineStatus> loadEngineStatus(db::Connection& connection);

} // namespace opsdeck::engine
