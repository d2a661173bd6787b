// opsdeck-worker as an operator runs it, a real process: killed with SIGKILL in the middle of a
// batch, its items are delivered by another engine within 30 s (the heartbeat goes stale, the
// sweep returns them); stopped with SIGTERM, it gives back what is in flight and exits cleanly.
#include "TestDatabase.h"
#include "TestHttpServer.h"
#include "auth/SecretStore.h"
#include "outbound/OutboundEngine.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <csignal>

using namespace opsdeck;
using test::TestHttpServer;

namespace {

struct Worker
{
    QProcess process;

    Worker(const test::TestDatabase::Staff& login, const QString& logDir,
           const QString& engines = QStringLiteral("outbound"))
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), login.password); // never on the command line
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(OPSDECK_BIN_DIR "/opsdeck-worker"),
                      {QStringLiteral("--db"), login.profile.toUri(), QStringLiteral("--heartbeat-ms"),
                       QStringLiteral("500"), QStringLiteral("--engines"), engines,
                       QStringLiteral("--log-dir"), logDir});
    }
    ~Worker()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
};

struct Fixture
{
    test::TestDatabase db;
    test::TestDatabase::Staff login = db.createStaff(QStringLiteral("admin"), QStringLiteral("Worker Login"));
    TestHttpServer sink;
    std::atomic<bool> answer{false};

    Fixture()
    {
        sink.setHandler([this](const TestHttpServer::Request&) {
            return answer ? TestHttpServer::Response::json(200, "{}") : TestHttpServer::Response::hangUp();
        });
        REQUIRE(sink.startInThread());
        // Items without a connection: no secret needed, any engine may take them.
        db.exec(QStringLiteral("SELECT outbound_enqueue('w-' || g, 'webhook', jsonb_build_object('n', g), "
                               "destination_url => '%1') FROM generate_series(1, 40) g")
                    .arg(sink.url(QStringLiteral("/hook")).toString()));
    }
    int count(const QString& where)
    {
        return db.scalar(QStringLiteral("SELECT count(*) FROM outbound_queue WHERE ") + where).toInt();
    }
    QString workerEngine()
    {
        return db
            .scalar(QStringLiteral(
                        "SELECT engine_id FROM worker_heartbeats WHERE db_login = '%1' AND 'outbound' = "
                        "ANY (engines) AND kind = 'worker'")
                        .arg(login.login))
            .toString();
    }
};

} // namespace

TEST_CASE("A worker killed mid-batch: another engine delivers its items within 30 s", "[outbound][worker]")
{
    Fixture f;
    QTemporaryDir logs;
    Worker worker(f.login, logs.path());
    REQUIRE(worker.process.waitForStarted());
    // All 40 claimed by the worker; 6 of them are in flight to the sink, which does not answer.
    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'sending'")) == 40; }, 20000));
    REQUIRE(f.sink.waitForRequests(1, 10000));
    const QString dead = f.workerEngine();
    CHECK(f.count(QStringLiteral("locked_by = '%1'").arg(dead)) == 40);

    ::kill(pid_t(worker.process.processId()), SIGKILL);
    REQUIRE(worker.process.waitForFinished(5000));
    QElapsedTimer sinceKill;
    sinceKill.start();
    f.answer = true;

    outbound::EngineOptions o;
    o.kind = QStringLiteral("worker");
    outbound::OutboundEngine survivor(f.login.profile, f.login.password, o);
    survivor.start();
    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'delivered'")) == 40; }, 30000));
    INFO("delivered " << sinceKill.elapsed() << " ms after the kill");
    CHECK(sinceKill.elapsed() < 30000);
    CHECK(survivor.stats().swept == 40);
    CHECK(survivor.stats().delivered == 40);
    // The attempt the dead engine never finished is not counted; every item was delivered once
    // by the survivor (the receiver may have seen the hung ones before: at-least-once).
    CHECK(f.count(QStringLiteral("attempt_count = 1")) == 40);
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM outbound_attempts WHERE engine_id = '%1'")
                          .arg(survivor.engineId()))
              .toInt() == 40);
    bool stopped = false;
    QObject::connect(&survivor, &outbound::OutboundEngine::stopped, [&] { stopped = true; });
    survivor.stop();
    CHECK(test::waitFor([&] { return stopped; }, 15000));
}

TEST_CASE("A worker stopped with SIGTERM gives back what is in flight and exits 0", "[outbound][worker]")
{
    Fixture f;
    QTemporaryDir logs;
    Worker worker(f.login, logs.path(), QStringLiteral("outbound,alerts"));
    REQUIRE(worker.process.waitForStarted());
    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'sending'")) == 40; }, 20000));
    // The alert evaluator runs beside the outbound engine and reports in the worker's heartbeat.
    REQUIRE(test::waitFor(
        [&] {
            return f.db.scalar(
                           QStringLiteral(
                               "SELECT count(*) FROM worker_heartbeats WHERE db_login = '%1' AND 'alerts' = "
                               "ANY (engines) AND (counts ->> 'alerts_cycles')::int >= 1")
                               .arg(f.login.login))
                       .toInt() == 1;
        },
        20000));
    REQUIRE(f.sink.waitForRequests(1, 10000));

    ::kill(pid_t(worker.process.processId()), SIGTERM);
    REQUIRE(worker.process.waitForFinished(20000)); // a grace of 5 s for the hung requests
    INFO(QString::fromUtf8(worker.process.readAllStandardOutput()).toStdString());
    CHECK(worker.process.exitStatus() == QProcess::NormalExit);
    CHECK(worker.process.exitCode() == 0);
    // Nothing left claimed; nothing counted as an attempt; the engine's heartbeat says stopped.
    CHECK(f.count(QStringLiteral("status = 'pending' AND attempt_count = 0 AND locked_by IS NULL")) == 40);
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM outbound_attempts")).toInt() == 0);
    CHECK(f.db.scalar(
                  QStringLiteral("SELECT stopped_at IS NOT NULL FROM worker_heartbeats WHERE db_login = '%1' "
                                 "AND 'outbound' = ANY (engines)")
                      .arg(f.login.login))
              .toBool());
}

TEST_CASE("opsdeck-worker secrets set stores a connection's secret in the keychain, never in the database",
          "[outbound][worker][keychain]")
{
    REQUIRE_FALSE(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")); // scripts/test.sh provides one
    test::TestDatabase db;
    const auto login = db.createStaff(QStringLiteral("admin"), QStringLiteral("Worker Login"));
    const QString tenant =
        db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Acme', 'acme') RETURNING id"))
            .toString();
    const QString connection =
        db.scalar(
              QStringLiteral(
                  "INSERT INTO connections (tenant_id, app_name, app_slug, delivery_type, config) "
                  "VALUES ('%1', 'Xero', 'xero', 'webhook', '{\"url\": \"https://hooks.acme.example/x\"}') "
                  "RETURNING id")
                  .arg(tenant))
            .toString();
    const QString secret = QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    auto run = [&](const QString& which, const QByteArray& input) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), login.password);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(OPSDECK_BIN_DIR "/opsdeck-worker"),
                {QStringLiteral("--db"), login.profile.toUri(), QStringLiteral("secrets"),
                 QStringLiteral("set"), which, QStringLiteral("--stdin")});
        p.write(input);
        p.closeWriteChannel();
        p.waitForFinished(30000);
        return std::make_pair(p.exitCode(),
                              QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
    };

    const auto [code, output] = run(QStringLiteral("acme/xero"), secret.toUtf8() + '\n');
    INFO(output.toStdString());
    REQUIRE(code == 0);
    const QString keyName =
        db.scalar(QStringLiteral("SELECT secret_key_name FROM connections WHERE id = '%1'").arg(connection))
            .toString();
    CHECK(keyName == QStringLiteral("connection/") + connection);
    CHECK_FALSE(output.contains(secret));
    auth::KeychainSecretStore store; // the service opsdeck-worker uses
    auto read = store.read(keyName);
    REQUIRE(test::waitFor([&] { return read.isFinished(); }, 15000));
    CHECK(read.result().secret == secret);
    // Nothing of it in the database: the row, the audit log.
    CHECK(db.scalar(QStringLiteral(
                        "SELECT count(*) FROM connections WHERE row_to_json(connections)::text LIKE '%%%1%%'")
                        .arg(secret))
              .toInt() == 0);
    CHECK(db.scalar(QStringLiteral(
                        "SELECT count(*) FROM audit_log WHERE row_to_json(audit_log)::text LIKE '%%%1%%'")
                        .arg(secret))
              .toInt() == 0);

    // An unknown connection and an empty secret are refused with a clear message.
    const auto [unknownCode, unknownOutput] = run(QStringLiteral("acme/nothing"), secret.toUtf8());
    CHECK(unknownCode == 1);
    CHECK(unknownOutput.contains(QStringLiteral("no connection is called acme/nothing")));
    CHECK(run(QStringLiteral("acme/xero"), QByteArray()).first == 2);

    auto removed = store.remove(keyName);
    test::waitFor([&] { return removed.isFinished(); }, 15000);
}
