#include "Heartbeat.h"

#include "db/Connection.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>

namespace opsdeck::engine {

HeartbeatInfo HeartbeatInfo::forThisProcess(const QString& kind, const QStringList& engines)
{
    HeartbeatInfo h;
    h.engineId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    h.kind = kind;
    h.engines = engines;
    h.host = QHostInfo::localHostName();
    h.pid = QCoreApplication::applicationPid();
    h.version = QStringLiteral(OPSDECK_VERSION);
    return h;
}

void writeHeartbeat(db::Connection& c, const HeartbeatInfo& h)
{
    QSqlQuery& q = c.prepared(QStringLiteral(
        "INSERT INTO worker_heartbeats (engine_id, kind, engines, host, pid, version, last_cycle_at, counts, "
        "last_error, served_connections) "
        "VALUES (?, ?, ?::text[], ?, ?, ?, ?, ?::jsonb, ?, ?::text[]) "
        "ON CONFLICT (engine_id) DO UPDATE SET last_beat_at = now(), last_cycle_at = EXCLUDED.last_cycle_at, "
        "counts = EXCLUDED.counts, last_error = EXCLUDED.last_error, "
        "served_connections = EXCLUDED.served_connections, stopped_at = NULL"));
    q.addBindValue(h.engineId);
    q.addBindValue(h.kind);
    q.addBindValue(QStringLiteral("{%1}").arg(h.engines.join(QLatin1Char(','))));
    q.addBindValue(h.host);
    q.addBindValue(h.pid);
    q.addBindValue(h.version);
    q.addBindValue(h.lastCycleAt.isValid() ? QVariant(h.lastCycleAt)
                                           : QVariant(QMetaType(QMetaType::QDateTime)));
    q.addBindValue(QString::fromUtf8(QJsonDocument(h.counts).toJson(QJsonDocument::Compact)));
    q.addBindValue(h.lastError.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(h.lastError));
    q.addBindValue(QStringLiteral("{%1}").arg(h.servedConnections.join(QLatin1Char(','))));
    c.exec(q, QStringLiteral("writing the heartbeat"));
    q.finish();
}

void writeStopped(db::Connection& c, const HeartbeatInfo& h)
{
    c.run(QStringLiteral(
              "UPDATE worker_heartbeats SET stopped_at = now(), last_beat_at = now() WHERE engine_id = ?"),
          {h.engineId}, QStringLiteral("recording the shutdown"))
        .finish();
}

int pruneChangeLog(db::Connection& c)
{
    QSqlQuery& q =
        c.run(QStringLiteral("SELECT prune_change_log()"), {}, QStringLiteral("pruning change events"));
    const int removed = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return removed;
}

} // namespace opsdeck::engine
