#include "TestDatabase.h"

#include <QProcess>
#include <catch2/catch.hpp>
#include <csignal>

using namespace opsdeck;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runTool(const QString& tool, const QStringList& args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(QStringLiteral(OPSDECK_BIN_DIR "/") + tool, args);
    REQUIRE(p.waitForStarted());
    REQUIRE(p.waitForFinished(timeoutMs));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

TEST_CASE("opsdeck-admin migrate applies everything once and the second run changes nothing",
          "[tools][migrations]")
{
    test::TestDatabase db(false);
    const QString uri = db.superuserProfile().toUri();
    const Run first =
        runTool(QStringLiteral("opsdeck-admin"), {QStringLiteral("--db"), uri, QStringLiteral("migrate")});
    INFO(first.err.toStdString());
    REQUIRE(first.exitCode == 0);
    CHECK(first.out.contains(QStringLiteral("Applying 0001_domain.sql")));
    const QString schemaBefore =
        db.scalar(QStringLiteral("SELECT md5(string_agg(table_name || '.' || column_name || ':' || "
                                 "data_type, ',' ORDER BY table_name, column_name)) "
                                 "FROM information_schema.columns WHERE table_schema = 'public'"))
            .toString();
    const int migrations = db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt();

    const Run second =
        runTool(QStringLiteral("opsdeck-admin"), {QStringLiteral("--db"), uri, QStringLiteral("migrate")});
    REQUIRE(second.exitCode == 0);
    CHECK(second.out.contains(QStringLiteral("nothing to do")));
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt() == migrations);
    CHECK(db.scalar(QStringLiteral("SELECT md5(string_agg(table_name || '.' || column_name || ':' || "
                                   "data_type, ',' ORDER BY table_name, column_name)) "
                                   "FROM information_schema.columns WHERE table_schema = 'public'"))
              .toString() == schemaBefore);

    const Run status =
        runTool(QStringLiteral("opsdeck-admin"), {QStringLiteral("--db"), uri, QStringLiteral("status")});
    CHECK(status.exitCode == 0);
    CHECK(status.out.contains(QStringLiteral("up to date")));
}

TEST_CASE("opsdeck-admin reports bad input with exit codes", "[tools]")
{
    CHECK(runTool(QStringLiteral("opsdeck-admin"), {QStringLiteral("frobnicate")}).exitCode == 2);
    CHECK(runTool(QStringLiteral("opsdeck-admin"),
                  {QStringLiteral("seed-demo"), QStringLiteral("--scale"), QStringLiteral("zero")})
              .exitCode == 2);
    const Run bad =
        runTool(QStringLiteral("opsdeck-admin"),
                {QStringLiteral("--db"), QStringLiteral("postgresql://h:port/x"), QStringLiteral("status")});
    CHECK(bad.exitCode == 2);
    CHECK(bad.err.contains(QStringLiteral("Invalid --db")));
    const Run unreachable =
        runTool(QStringLiteral("opsdeck-admin"),
                {QStringLiteral("--db"), QStringLiteral("postgresql:///x?host=/nonexistent"),
                 QStringLiteral("status")});
    CHECK(unreachable.exitCode == 1);
    CHECK(unreachable.err.contains(QStringLiteral("Database unreachable")));
}

TEST_CASE("opsdeck-worker checks the schema, heartbeats, and stops cleanly on SIGTERM", "[tools][worker]")
{
    test::TestDatabase db;
    const auto staff = db.createStaff(QStringLiteral("admin"));
    // Change events older than a day are pruned by the worker.
    db.exec(
        QStringLiteral("INSERT INTO change_log (at, table_name, op) "
                       "SELECT now() - interval '2 days', 'tenants', 'insert' FROM generate_series(1, 50)"));
    QProcess worker;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), staff.password); // libpq reads it; never on the command line
    worker.setProcessEnvironment(env);
    worker.start(QStringLiteral(OPSDECK_BIN_DIR "/opsdeck-worker"),
                 {QStringLiteral("--db"), staff.profile.toUri(), QStringLiteral("--heartbeat-ms"),
                  QStringLiteral("200"), QStringLiteral("--log-dir"),
                  QStringLiteral("/tmp/opsdeck-test-logs")});
    REQUIRE(worker.waitForStarted());
    REQUIRE(test::waitFor(
        [&] {
            return db.scalar(QStringLiteral("SELECT count(*) FROM worker_heartbeats WHERE kind = 'worker' "
                                            "AND last_beat_at > started_at"))
                       .toInt() == 1;
        },
        15000));
    CHECK(test::waitFor([&] {
        return db.scalar(
                     QStringLiteral("SELECT count(*) FROM change_log WHERE at < now() - interval '1 day'"))
                   .toInt() == 0;
    }));
    ::kill(pid_t(worker.processId()), SIGTERM);
    REQUIRE(worker.waitForFinished(10000));
    CHECK(worker.exitStatus() == QProcess::NormalExit);
    CHECK(worker.exitCode() == 0);
    CHECK(db.scalar(QStringLiteral("SELECT stopped_at IS NOT NULL FROM worker_heartbeats")).toBool());
    CHECK(db.scalar(QStringLiteral("SELECT db_login FROM worker_heartbeats")).toString() == staff.login);
}

TEST_CASE("opsdeck-worker refuses a database whose schema does not match", "[tools][worker]")
{
    test::TestDatabase db(false);
    QProcess worker;
    worker.start(QStringLiteral(OPSDECK_BIN_DIR "/opsdeck-worker"),
                 {QStringLiteral("--db"), db.superuserProfile().toUri(), QStringLiteral("--log-dir"),
                  QStringLiteral("/tmp/opsdeck-test-logs")});
    REQUIRE(worker.waitForFinished(15000));
    CHECK(worker.exitCode() == 1);
    // A service logs to stdout (the journal under systemd).
    CHECK(
        QString::fromUtf8(worker.readAllStandardOutput()).contains(QStringLiteral("opsdeck-admin migrate")));
}
