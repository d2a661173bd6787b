#include "TestDatabase.h"
#include "db/MigrationRunner.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <thread>

using namespace opsdeck;

namespace {

QTemporaryDir copyOfMigrations()
{
    QTemporaryDir dir;
    for (const QString& f : QDir(QStringLiteral(":/sql/migrations")).entryList({QStringLiteral("*.sql")})) {
        QFile::copy(QStringLiteral(":/sql/migrations/") + f, dir.filePath(f));
        QFile::setPermissions(dir.filePath(f), QFile::ReadOwner | QFile::WriteOwner);
    }
    return dir;
}

} // namespace

TEST_CASE("Migrations build the schema on an empty database, then are a no-op", "[migrations]")
{
    test::TestDatabase db(/*migrate=*/false);
    const db::MigrationRunner runner;
    const auto before = runner.status(db.admin());
    CHECK(before.latestApplied == 0);
    CHECK(before.pending.size() == runner.available().size());

    const QStringList applied = runner.migrate(db.admin());
    CHECK(applied.size() == runner.available().size());
    CHECK(runner.status(db.admin()).upToDate());
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt() == applied.size());
    // Every table of ARCHITECTURE §1 exists.
    for (const char* table : {"tenants",
                              "staff",
                              "roles",
                              "permissions",
                              "role_permissions",
                              "staff_sessions",
                              "workers",
                              "contacts",
                              "bookings",
                              "stations",
                              "complaints",
                              "priority_queue",
                              "records",
                              "events",
                              "agents",
                              "agent_actions",
                              "api_metrics",
                              "error_logs",
                              "login_events",
                              "data_import_jobs",
                              "alerts",
                              "alert_rules",
                              "alert_subscriptions",
                              "alert_staff_state",
                              "outbound_queue",
                              "outbound_attempts",
                              "connections",
                              "message_templates",
                              "sms_messages",
                              "operator_tasks",
                              "consultant_notes",
                              "report_schedules",
                              "report_runs",
                              "ops_config",
                              "emergency_state",
                              "emergency_actions",
                              "audit_log",
                              "worker_heartbeats",
                              "change_log"}) {
        INFO(table);
        CHECK(db.scalar(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(QLatin1String(table)))
                  .toBool());
    }
    // Large time columns are BRIN-indexed.
    CHECK(db.scalar(QStringLiteral(
                        "SELECT count(*) FROM pg_indexes WHERE tablename IN ('api_metrics', 'error_logs', "
                        "'login_events') AND indexdef LIKE '%USING brin%'"))
              .toInt() == 3);

    const auto stamp =
        db.scalar(QStringLiteral("SELECT max(applied_at)::text FROM schema_migrations")).toString();
    CHECK(runner.migrate(db.admin()).isEmpty());
    CHECK(db.scalar(QStringLiteral("SELECT max(applied_at)::text FROM schema_migrations")).toString() ==
          stamp);
}

TEST_CASE("An applied migration that was edited afterwards is refused by name", "[migrations]")
{
    test::TestDatabase db(false);
    QTemporaryDir dir = copyOfMigrations();
    db::MigrationRunner(dir.path()).migrate(db.admin());

    QFile f(dir.filePath(QStringLiteral("0002_rbac_seed.sql")));
    REQUIRE(f.open(QIODevice::Append));
    f.write("\n-- an innocent-looking edit\n");
    f.close();

    const db::MigrationRunner edited(dir.path());
    CHECK(edited.status(db.admin()).edited == QStringList{QStringLiteral("0002_rbac_seed.sql")});
    try {
        edited.migrate(db.admin());
        FAIL("an edited migration was accepted");
    } catch (const db::DbError& e) {
        CHECK(e.kind == db::DbError::Kind::Schema);
        CHECK(e.message.contains(QStringLiteral("0002_rbac_seed.sql")));
    }
    CHECK_THROWS_AS(edited.requireUpToDate(db.admin()), db::DbError);
}

TEST_CASE("A failing migration names itself and the server's error, and leaves nothing behind",
          "[migrations]")
{
    test::TestDatabase db(false);
    QTemporaryDir dir = copyOfMigrations();
    QFile bad(dir.filePath(QStringLiteral("0999_broken.sql")));
    REQUIRE(bad.open(QIODevice::WriteOnly));
    bad.write("CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n");
    bad.close();
    try {
        db::MigrationRunner(dir.path()).migrate(db.admin());
        FAIL("a broken migration succeeded");
    } catch (const db::DbError& e) {
        INFO(e.text().toStdString());
        CHECK(e.context.contains(QStringLiteral("0999_broken.sql")));
        CHECK(e.message.contains(QStringLiteral("no_such_table")));
    }
    // The earlier files are applied; the failing one rolled back as a whole.
    CHECK(db.scalar(QStringLiteral("SELECT to_regclass('half_done') IS NULL")).toBool());
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations WHERE version = 999")).toInt() ==
          0);
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt() ==
          db::MigrationRunner().available().size());
}

TEST_CASE("A database migrated by a newer build is refused", "[migrations]")
{
    test::TestDatabase db;
    db.exec(QStringLiteral("INSERT INTO schema_migrations (version, file_name, checksum, duration_ms) "
                           "VALUES (9000, '9000_future.sql', 'x', 1)"));
    try {
        db::MigrationRunner().requireUpToDate(db.admin());
        FAIL("a newer schema was accepted");
    } catch (const db::DbError& e) {
        CHECK(e.kind == db::DbError::Kind::Schema);
        CHECK(e.message.contains(QStringLiteral("newer")));
    }
}

TEST_CASE("Two runners starting together apply each migration once", "[migrations]")
{
    test::TestDatabase db(false);
    // Without the advisory lock both would create the same tables and one would fail.
    QStringList applied[2];
    QString errors[2];
    auto runner = [&](int i) {
        try {
            db::Connection c(db.superuserProfile(), QString(),
                             db.name() + QStringLiteral("_runner") + QString::number(i));
            applied[i] = db::MigrationRunner().migrate(c);
        } catch (const db::DbError& e) {
            errors[i] = e.text();
        }
    };
    std::thread a(runner, 0), b(runner, 1);
    a.join();
    b.join();
    CHECK(errors[0].isEmpty());
    CHECK(errors[1].isEmpty());
    const auto total = db::MigrationRunner().available().size();
    CHECK(applied[0].size() + applied[1].size() == total);
    CHECK((applied[0].isEmpty() || applied[1].isEmpty()));
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt() == total);
}
