#include "EngineStatus.h"

#include "db/Connection.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace opsdeck::engine {

QList<EngineStatus> loadEngineStatus(db::Connection& connection)
{
    QSqlQuery& q = connection.run(
        QStringLiteral(
            "SELECT engine_id, kind, array_to_string(engines, ','), host, pid, version, db_login, "
            "started_at, "
            "last_beat_at, last_cycle_at, stopped_at, counts::text, cardinality(served_connections), "
            "last_error, "
            "CASE WHEN stopped_at IS NOT NULL THEN 'stopped' "
            "     WHEN last_beat_at < now() - make_interval(secs => engine_stale_seconds()) THEN 'silent' "
            "     ELSE 'running' END, "
            "greatest(0, extract(epoch FROM now() - last_beat_at))::bigint "
            "FROM worker_heartbeats "
            "WHERE stopped_at IS NULL OR stopped_at > now() - interval '1 day' "
            "ORDER BY (stopped_at IS NULL AND last_beat_at >= now() - make_interval(secs => "
            "engine_stale_seconds())) "
            "DESC, last_beat_at DESC, engine_id"),
        {}, QStringLiteral("loading the engines"));
    QList<EngineStatus> list;
    while (q.next()) {
        EngineStatus e;
        e.engineId = q.value(0).toString();
        e.kind = q.value(1).toString();
        e.engines = q.value(2).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        e.host = q.value(3).toString();
        e.pid = q.value(4).toLongLong();
        e.version = q.value(5).toString();
        e.dbLogin = q.value(6).toString();
        e.startedAt = q.value(7).toDateTime();
        e.lastBeatAt = q.value(8).toDateTime();
        e.lastCycleAt = q.value(9).toDateTime();
        e.stoppedAt = q.value(10).toDateTime();
        e.counts = QJsonDocument::fromJson(q.value(11).toString().toUtf8()).object();
        e.servedConnections = q.value(12).toInt();
        e.lastError = q.value(13).toString();
        const QString state = q.value(14).toString();
        e.state = state == QLatin1String("stopped")  ? EngineStatus::State::Stopped
                  : state == QLatin1String("silent") ? EngineStatus::State::Silent
                                                     : EngineStatus::State::Running;
        e.beatAgeSeconds = q.value(15).toLongLong();
        list.append(e);
    }
    q.finish();
    return list;
}

} // namespace opsdeck::engine
