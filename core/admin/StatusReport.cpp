#include "StatusReport.h"

#include "db/Connection.h"

#include <QSqlQuery>

namespace opsdeck::admin {

StatusReport readStatus(db::Connection& c)
{
    StatusReport r;
    r.schema = db::MigrationRunner().status(c);
    QSqlQuery& v =
        c.run(QStringLiteral("SELECT current_setting('server_version'), current_database(), session_user"),
              {}, QStringLiteral("reading the server"));
    if (v.next()) {
        r.serverVersion = v.value(0).toString();
        r.database = v.value(1).toString();
        r.login = v.value(2).toString();
    }
    v.finish();
    if (r.schema.latestApplied == 0)
        return r;

    // Exact counts where they are cheap; the planner's estimate where counting would take seconds.
    QSqlQuery& t =
        c.run(QStringLiteral("SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid), "
                             "CASE WHEN c.reltuples < 1000000 THEN (xpath('/row/n/text()', "
                             "query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, "
                             "'')))[1]::text::bigint "
                             "END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname"),
              {}, QStringLiteral("counting rows"));
    while (t.next()) {
        StatusReport::Table table;
        table.name = t.value(0).toString();
        table.exact = !t.value(3).isNull();
        table.rows = table.exact ? t.value(3).toLongLong() : t.value(1).toLongLong();
        table.bytes = t.value(2).toLongLong();
        r.tables.append(table);
    }
    t.finish();

    QSqlQuery& e =
        c.run(QStringLiteral("SELECT engine_id, kind, host, version, "
                             "extract(epoch FROM now() - last_beat_at)::int, stopped_at IS NOT NULL "
                             "FROM worker_heartbeats ORDER BY last_beat_at DESC LIMIT 20"),
              {}, QStringLiteral("reading heartbeats"));
    while (e.next()) {
        r.engines.append({e.value(0).toString(), e.value(1).toString(), e.value(2).toString(),
                          e.value(3).toString(), e.value(4).toInt(), e.value(5).toBool()});
    }
    e.finish();
    return r;
}

} // namespace opsdeck::admin
