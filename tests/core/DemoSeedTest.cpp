#include "TestDatabase.h"
#include "connections/ConnectionConfig.h"
#include "demo/DemoSeeder.h"

#include <QSqlQuery>
#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

QMap<QString, qint64> tableCounts(test::TestDatabase& db)
{
    QMap<QString, qint64> counts;
    QSqlQuery tables = db.admin().execRaw(
        QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"), {});
    QStringList names;
    while (tables.next())
        names << tables.value(0).toString();
    tables.finish();
    for (const QString& t : names)
        counts.insert(t, db.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(t)).toLongLong());
    return counts;
}

} // namespace

TEST_CASE("seed-demo fills every table with the story the screens rely on", "[demo][seed]")
{
    test::TestDatabase db;
    QStringList progress;
    demo::seedDemo(db.admin(), demo::SeedOptions{1, false}, [&](const QString& line) { progress << line; });
    CHECK(progress.first().startsWith(QStringLiteral("[1/")));

    const auto counts = tableCounts(db);
    // Written only by running engines, triggers and the security issue's functions.
    const QStringList emptyByDesign = {QStringLiteral("worker_heartbeats"), QStringLiteral("audit_log"),
                                       QStringLiteral("change_log"), QStringLiteral("auth_failures")};
    for (auto it = counts.begin(); it != counts.end(); ++it) {
        INFO(it.key().toStdString() << " = " << it.value());
        if (!emptyByDesign.contains(it.key()))
            CHECK(it.value() > 0);
    }
    // Bulk loads announce nothing.
    CHECK(counts.value(QStringLiteral("change_log")) == 0);

    CHECK(counts.value(QStringLiteral("tenants")) == 8);
    CHECK(counts.value(QStringLiteral("staff")) == 8);
    CHECK(db.scalar(QStringLiteral("SELECT count(DISTINCT role_id) FROM staff")).toInt() == 8);
    CHECK(counts.value(QStringLiteral("api_metrics")) >= 80000);
    CHECK(counts.value(QStringLiteral("api_metrics")) <= 130000);
    CHECK(db.scalar(QStringLiteral("SELECT min(created_at) < now() - interval '29 days' FROM api_metrics"))
              .toBool());

    // Distinct tenant health: one stale pipeline, one high error rate, one deactivated.
    CHECK(db.scalar(QStringLiteral("SELECT string_agg(DISTINCT settings->>'demo_profile', ',' ORDER BY "
                                   "settings->>'demo_profile') "
                                   "FROM tenants"))
              .toString() == QStringLiteral("healthy,high_error_rate,inactive,stale_pipeline"));
    CHECK(db.scalar(QStringLiteral("SELECT status FROM tenants WHERE settings->>'demo_profile' = 'inactive'"))
              .toString() == QStringLiteral("inactive"));
    const double failingRate =
        db.scalar(QStringLiteral("SELECT avg((status_code >= 500)::int) FROM api_metrics m JOIN tenants t ON "
                                 "t.id = m.tenant_id "
                                 "WHERE t.settings->>'demo_profile' = 'high_error_rate' AND m.created_at > "
                                 "now() - interval '24 hours'"))
            .toDouble();
    const double healthyRate = db.scalar(QStringLiteral("SELECT avg((status_code >= 500)::int) FROM "
                                                        "api_metrics m JOIN tenants t ON t.id = m.tenant_id "
                                                        "WHERE t.settings->>'demo_profile' = 'healthy' AND "
                                                        "m.created_at > now() - interval '24 hours'"))
                                   .toDouble();
    CHECK(failingRate > 0.05);
    CHECK(healthyRate < 0.01);
    CHECK(db.scalar(QStringLiteral(
                        "SELECT max(j.completed_at) < now() - interval '3 days' FROM data_import_jobs j JOIN "
                        "tenants t ON t.id = j.tenant_id "
                        "WHERE t.settings->>'demo_profile' = 'stale_pipeline' AND j.status = 'completed'"))
              .toBool());
    CHECK(
        db
            .scalar(QStringLiteral(
                "SELECT bool_and(last_ok > now() - interval '6 hours') FROM (SELECT max(j.completed_at) AS "
                "last_ok "
                "FROM data_import_jobs j JOIN tenants t ON t.id = j.tenant_id "
                "WHERE t.settings->>'demo_profile' = 'healthy' AND j.status = 'completed' GROUP BY t.id) x"))
            .toBool());

    // Every status and priority, and SLA timestamps that put some complaints at risk and some breached.
    CHECK(db.scalar(QStringLiteral("SELECT count(DISTINCT status) FROM bookings")).toInt() == 5);
    CHECK(db.scalar(QStringLiteral("SELECT count(DISTINCT payment_status) FROM bookings")).toInt() == 5);
    CHECK(
        db.scalar(QStringLiteral("SELECT count(*) FROM (SELECT DISTINCT priority, status FROM complaints) x"))
            .toInt() == 20);
    const QString sla = QStringLiteral(
        "SELECT count(*) FROM complaints WHERE status IN ('open', 'in_progress', 'escalated') AND %1");
    const QString age = QStringLiteral("extract(epoch FROM now() - created_at) / 3600");
    const QString expected = QStringLiteral("CASE kind WHEN 'refund' THEN 4 ELSE 2 END");
    CHECK(db.scalar(sla.arg(age + QStringLiteral(" > ") + expected)).toInt() > 0); // breached
    CHECK(db.scalar(sla.arg(QStringLiteral("%1 BETWEEN %2 - 1 AND %2").arg(age, expected))).toInt() >
          0);                                                                                // at risk
    CHECK(db.scalar(sla.arg(QStringLiteral("%1 < %2 - 1").arg(age, expected))).toInt() > 0); // on track
    CHECK(db.scalar(QStringLiteral("SELECT count(DISTINCT status) FROM outbound_queue")).toInt() == 5);
    CHECK(db.scalar(QStringLiteral("SELECT count(DISTINCT record_type) FROM records")).toInt() == 6);
    CHECK(db.scalar(QStringLiteral("SELECT count(DISTINCT severity) FROM alerts")).toInt() == 3);
    CHECK(db.scalar(QStringLiteral("SELECT count(DISTINCT status) FROM stations")).toInt() == 3);
    // The priority score follows the documented 0-100 formula.
    CHECK(db.scalar(QStringLiteral(
                        "SELECT count(*) FROM priority_queue WHERE priority_score NOT BETWEEN 0 AND 100"))
              .toInt() == 0);
    // Connections name keychain entries; no secret-looking value is stored.
    CHECK(
        db.scalar(QStringLiteral("SELECT count(*) FROM connections WHERE secret_key_name IS NULL")).toInt() ==
        0);
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM connections WHERE config::text ~* "
                                   "'(secret|token|password|api_key)\"\\s*:'"))
              .toInt() == 0);
    // Their configuration is what the delivery adapters read, as Tools → Connections checks it.
    QSqlQuery configs = db.admin().execRaw(
        QStringLiteral("SELECT app_name, delivery_type, config::text FROM connections ORDER BY id"), {});
    while (configs.next()) {
        const auto check = connections::checkConfig(configs.value(1).toString(), configs.value(2).toString());
        INFO(configs.value(0).toString().toStdString()
             << ": " << check.errors.join(QLatin1Char(' ')).toStdString());
        CHECK(check.ok());
        CHECK(check.notes.isEmpty());
    }
}

TEST_CASE("seed-demo is deterministic, refuses to overwrite, and --reset reloads the same volumes",
          "[demo][seed]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto first = tableCounts(db);
    const QString tenantNames =
        db.scalar(QStringLiteral("SELECT string_agg(name, ',' ORDER BY name) FROM tenants")).toString();
    CHECK_THROWS_AS(demo::seedDemo(db.admin(), demo::SeedOptions{1, false}), db::DbError);

    demo::seedDemo(db.admin(), demo::SeedOptions{1, true});
    CHECK(tableCounts(db) == first);
    CHECK(db.scalar(QStringLiteral("SELECT string_agg(name, ',' ORDER BY name) FROM tenants")).toString() ==
          tenantNames);
}

TEST_CASE("The scale option multiplies the volumes", "[demo][seed]")
{
    test::TestDatabase db;
    db.seedDemo(3);
    const auto scaled = tableCounts(db);
    test::TestDatabase base;
    base.seedDemo(1);
    const auto one = tableCounts(base);
    for (const char* t : {"api_metrics", "bookings", "contacts"}) {
        INFO(t);
        const double ratio = double(scaled.value(QLatin1String(t))) / double(one.value(QLatin1String(t)));
        CHECK(ratio > 2.7);
        CHECK(ratio < 3.3);
    }
    CHECK(scaled.value(QStringLiteral("tenants")) == 8);
}
