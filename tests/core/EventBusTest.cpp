#include "db/EventBus.h"

#include "TestDatabase.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <catch2/catch.hpp>
#include <optional>

using namespace opsdeck;

namespace {

int listenerPid(test::TestDatabase& db)
{
    return db
        .scalar(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE application_name = 'opsdeck-listener' "
                               "AND datname = current_database() LIMIT 1"))
        .toInt();
}

QString insertTenant(test::TestDatabase& db, const QString& slug)
{
    return db
        .scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('%1', '%1') RETURNING id").arg(slug))
        .toString();
}

} // namespace

TEST_CASE("A NOTIFY fired by another connection reaches the event bus on the GUI thread", "[events]")
{
    test::TestDatabase db;
    db::EventBus bus(db.superuserProfile(), QString(), nullptr, 200, 50);
    QSignalSpy changes(&bus, &db::EventBus::changed);
    QSignalSpy tables(&bus, &db::EventBus::tablesChanged);
    bus.start();
    REQUIRE(test::waitFor([&] { return bus.isListening(); }));

    const QString id = insertTenant(db, QStringLiteral("acme"));
    // The insert is audited too (an audit_log event); look at the tenants one.
    auto tenantEvent = [&]() -> std::optional<db::ChangeEvent> {
        for (const auto& args : changes) {
            const auto e = args.first().value<db::ChangeEvent>();
            if (e.table == QStringLiteral("tenants"))
                return e;
        }
        return std::nullopt;
    };
    REQUIRE(test::waitFor([&] { return tenantEvent().has_value(); }));
    const auto e = *tenantEvent();
    CHECK(e.table == QStringLiteral("tenants"));
    CHECK(e.op == QStringLiteral("insert"));
    CHECK(e.rowId == id);
    CHECK(e.tenantId == id);
    CHECK_FALSE(e.replayed);
    REQUIRE(test::waitFor([&] { return tables.count() >= 1; }));
    CHECK(tables.first().first().value<QSet<QString>>().contains(QStringLiteral("tenants")));

    // Statement-level tables announce one event per statement, not per row.
    changes.clear();
    db.exec(QStringLiteral("INSERT INTO api_metrics (endpoint, method, response_time_ms, status_code) "
                           "SELECT '/x', 'GET', 10, 200 FROM generate_series(1, 500)"));
    REQUIRE(test::waitFor([&] { return changes.count() >= 1; }));
    test::waitFor([] { return false; }, 200);
    CHECK(changes.count() == 1);
    CHECK(changes.first().first().value<db::ChangeEvent>().table == QStringLiteral("api_metrics"));
}

TEST_CASE("Bulk loads with opsdeck.bulk_load skip change events", "[events]")
{
    test::TestDatabase db;
    const QString count = QStringLiteral("SELECT count(*) FROM change_log WHERE table_name = 'tenants'");
    const int before = db.scalar(count).toInt();
    db.exec(QStringLiteral("BEGIN; SET LOCAL opsdeck.bulk_load = 'on'; "
                           "INSERT INTO tenants (name, slug) VALUES ('Quiet', 'quiet'); COMMIT;"));
    CHECK(db.scalar(count).toInt() == before);
    insertTenant(db, QStringLiteral("loud"));
    CHECK(db.scalar(count).toInt() == before + 1);
}

TEST_CASE("After the listener's connection drops, missed changes are replayed once it is back",
          "[events][reconnect]")
{
    test::TestDatabase db;
    db::EventBus bus(db.superuserProfile(), QString(), nullptr, 200, 50);
    QSignalSpy changes(&bus, &db::EventBus::changed);
    QSignalSpy caughtUp(&bus, &db::EventBus::caughtUp);
    QSignalSpy lost(&bus, &db::EventBus::listenerDisconnected);
    auto tenantEvent = [&]() -> std::optional<db::ChangeEvent> {
        for (const auto& args : changes) {
            const auto e = args.first().value<db::ChangeEvent>();
            if (e.table == QStringLiteral("tenants"))
                return e;
        }
        return std::nullopt;
    };
    bus.start();
    REQUIRE(test::waitFor([&] { return bus.isListening(); }));
    const int pid = listenerPid(db);
    REQUIRE(pid > 0);

    // Kill the listener's session and change data before it can reconnect.
    db.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid));
    const QString a = insertTenant(db, QStringLiteral("missed-a"));
    const QString b = insertTenant(db, QStringLiteral("missed-b"));

    REQUIRE(test::waitFor([&] { return caughtUp.count() >= 1; }, 15000));
    CHECK(lost.count() >= 1);
    CHECK(listenerPid(db) != pid);
    QStringList replayedIds;
    for (const auto& args : changes) {
        const auto e = args.first().value<db::ChangeEvent>();
        if (e.table == QStringLiteral("tenants"))
            replayedIds << e.rowId;
        CHECK(e.replayed);
    }
    CHECK(replayedIds == QStringList{a, b});
    CHECK(caughtUp.first().at(0).toInt() == changes.count()); // the tenants and their audit rows
    CHECK_FALSE(caughtUp.first().at(1).toBool());

    // And live delivery works again afterwards.
    changes.clear();
    const QString c = insertTenant(db, QStringLiteral("live-again"));
    REQUIRE(test::waitFor([&] { return tenantEvent().has_value(); }));
    CHECK(tenantEvent()->rowId == c);
    CHECK_FALSE(tenantEvent()->replayed);
}

TEST_CASE("Change payloads stay well under NOTIFY's 8000-byte limit and malformed ones are rejected",
          "[events]")
{
    test::TestDatabase db;
    insertTenant(db, QStringLiteral("a-tenant-with-a-rather-long-slug-for-good-measure"));
    db::ChangeEvent e;
    CHECK_FALSE(db::ChangeEvent::fromPayload("not json", &e));
    CHECK_FALSE(db::ChangeEvent::fromPayload("{\"table\": \"x\"}", &e));
    const QByteArray sample =
        R"({"seq" : 12, "table" : "bookings", "op" : "update", "id" : "6f1c1f0e-0000-4000-8000-000000000000", "tenant_id" : "6f1c1f0e-0000-4000-8000-000000000001"})";
    REQUIRE(db::ChangeEvent::fromPayload(sample, &e));
    CHECK(e.seq == 12);
    CHECK(sample.size() < 400);
}
