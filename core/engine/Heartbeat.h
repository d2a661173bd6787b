#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::engine {

// One row of worker_heartbeats: who runs engines where. Written every few seconds by each console
// or headless worker; other engines take over the work of one that stops beating.
struct HeartbeatInfo
{
    QString engineId; // random per process start
    QString kind;     // console / worker
    QStringList engines;
    QString host;
    qint64 pid = 0;
    QString version;
    QDateTime lastCycleAt;
    QJsonObject counts;
    QString lastError;
    // The connections whose secret this engine holds (outbound_claim serves only these).
    QStringList servedConnections;

    // A new identity for this process.
    static HeartbeatInfo forThisProcess(const QString& kind, const QStringList& engines);
};

// Upserts the heartbeat (last_beat_at = now()). Throws db::DbError.
void writeHeartbeat(db::Connection& connection, const HeartbeatInfo& info);
// Marks the heartbeat stopped (clean shutdown). Throws db::DbError.
void writeStopped(db::Connection& connection, const HeartbeatInfo& info);

// Removes change events older than a day (bounded batch); returns how many. Throws db::DbError.
int pruneChangeLog(db::Connection& connection);

} // namespace opsdeck::engine
