// Brute-force lockout (security issue, item 6): PostgreSQL runs no SQL on a failed sign-in, so
// `opsdeck-worker --auth-monitor` reads the server's jsonlog and reports each failure through
// record_auth_failure(), which locks a staff login after auth.lockout_threshold failures within
// auth.lockout_window_minutes. These tests use real failed sign-ins against a private cluster that
// writes jsonlog (started once for the run, stopped when the run ends), plus lines PostgreSQL 15
// wrote, captured for the parser.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include "TestDatabase.h"
#include "auth/AuthMonitor.h"
#include "auth/JsonLogReader.h"
#include "db/Connection.h"
#include "db/MigrationRunner.h"
#include "demo/DemoWorkspace.h"
#include "demo/LocalCluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <csignal>
#include <memory>

using namespace opsdeck;

namespace {

// PostgreSQL 15.20, log_destination = 'jsonlog': one line per record, as written.
const char* const kCapturedLines[] = {
    R"J({"timestamp":"2026-11-21 08:10:15.028 UTC","pid":7998,"session_id":"6b0151e6.1f3e","line_num":5,"session_start":"2026-11-21 08:10:14 UTC","txid":0,"error_severity":"LOG","message":"database system is ready to accept connections","backend_type":"postmaster","query_id":0})J",
    R"J({"timestamp":"2026-11-21 08:10:15.243 UTC","user":"alice","dbname":"postgres","pid":8010,"remote_host":"[local]","session_id":"6b0151e7.1f4a","line_num":1,"ps":"authentication","session_start":"2026-11-21 08:10:15 UTC","vxid":"3/3","txid":0,"error_severity":"FATAL","state_code":"28P01","message":"password authentication failed for user \"alice\"","detail":"Connection matched pg_hba.conf line 2: \"local all all scram-sha-256\"","backend_type":"client backend","query_id":0})J",
    R"J({"timestamp":"2026-11-21 08:10:15.318 UTC","user":"alice","dbname":"postgres","pid":8012,"remote_host":"127.0.0.1","remote_port":43256,"session_id":"6b0151e7.1f4c","line_num":1,"ps":"authentication","session_start":"2026-11-21 08:10:15 UTC","vxid":"3/4","txid":0,"error_severity":"FATAL","state_code":"28P01","message":"password authentication failed for user \"alice\"","detail":"Connection matched pg_hba.conf line 3: \"host all all 127.0.0.1/32 scram-sha-256\"","backend_type":"client backend","query_id":0})J",
    R"J({"timestamp":"2026-11-21 08:10:15.390 UTC","user":"nosuch","dbname":"postgres","pid":8014,"remote_host":"127.0.0.1","remote_port":43266,"session_id":"6b0151e7.1f4e","line_num":1,"ps":"authentication","session_start":"2026-11-21 08:10:15 UTC","vxid":"3/5","txid":0,"error_severity":"FATAL","state_code":"28P01","message":"password authentication failed for user \"nosuch\"","detail":"Role \"nosuch\" does not exist.\nConnection matched pg_hba.conf line 3: \"host all all 127.0.0.1/32 scram-sha-256\"","backend_type":"client backend","query_id":0})J",
    R"J({"timestamp":"2026-11-21 08:10:15.470 UTC","user":"we\"ird","dbname":"postgres","pid":8016,"remote_host":"127.0.0.1","remote_port":43282,"session_id":"6b0151e7.1f50","line_num":1,"ps":"authentication","session_start":"2026-11-21 08:10:15 UTC","vxid":"3/6","txid":0,"error_severity":"FATAL","state_code":"28P01","message":"password authentication failed for user \"we\"ird\"","detail":"Role \"we\"ird\" does not exist.\nConnection matched pg_hba.conf line 3: \"host all all 127.0.0.1/32 scram-sha-256\"","backend_type":"client backend","query_id":0})J",
    R"J({"timestamp":"2026-11-21 08:10:15.643 UTC","user":"alice","dbname":"postgres","pid":8021,"remote_host":"127.0.0.1","remote_port":43294,"session_id":"6b0151e7.1f55","line_num":1,"ps":"startup","session_start":"2026-11-21 08:10:15 UTC","vxid":"3/9","txid":0,"error_severity":"FATAL","state_code":"28000","message":"role \"alice\" is not permitted to log in","backend_type":"client backend","query_id":0})J",
    R"J({"timestamp":"2026-11-21 08:11:14.337 UTC","user":"alice","dbname":"postgres","pid":8810,"remote_host":"127.0.0.1","remote_port":52004,"session_id":"6b015222.226a","line_num":1,"ps":"authentication","session_start":"2026-11-21 08:11:14 UTC","vxid":"3/13","txid":0,"error_severity":"FATAL","state_code":"28P01","message":"password authentication failed for user \"alice\"","detail":"User \"alice\" has an expired password.\nConnection matched pg_hba.conf line 3: \"host all all 127.0.0.1/32 scram-sha-256\"","backend_type":"client backend","query_id":0})J",
    R"J({"timestamp":"2026-11-21 08:11:19.788 UTC","user":"bob","dbname":"postgres","pid":8886,"remote_host":"127.0.0.1","remote_port":52034,"session_id":"6b015227.22b6","line_num":1,"ps":"authentication","session_start":"2026-11-21 08:11:19 UTC","vxid":"3/23","txid":0,"error_severity":"FATAL","state_code":"28000","message":"pg_hba.conf rejects connection for host \"127.0.0.1\", user \"bob\", database \"postgres\", no encryption","backend_type":"client backend","query_id":0})J",
    R"J({"timestamp":"2026-11-21 08:11:19.828 UTC","user":"zed","dbname":"postgres","pid":8888,"remote_host":"127.0.0.1","remote_port":52036,"session_id":"6b015227.22b8","line_num":1,"ps":"authentication","session_start":"2026-11-21 08:11:19 UTC","vxid":"3/24","txid":0,"error_severity":"FATAL","state_code":"28000","message":"no pg_hba.conf entry for host \"127.0.0.1\", user \"zed\", database \"postgres\", no encryption","backend_type":"client backend","query_id":0})J",
    R"J({"timestamp":"2026-11-21 08:11:19.879 UTC","user":"carol","dbname":"postgres","pid":8890,"remote_host":"[local]","session_id":"6b015227.22ba","line_num":1,"ps":"startup","session_start":"2026-11-21 08:11:19 UTC","vxid":"3/25","txid":0,"error_severity":"FATAL","state_code":"28000","message":"role \"carol\" does not exist","backend_type":"client backend","query_id":0})J",
};

// A private cluster writing jsonlog into a directory the tests read, with one migrated database.
// Started on first use; stopped (and its folder removed) when the test run ends, on every path.
class JsonlogCluster
{
public:
    static constexpr const char* kDatabase = "lockout";

    static JsonlogCluster& get()
    {
        if (!s_instance)
            s_instance = std::unique_ptr<JsonlogCluster>(new JsonlogCluster());
        return *s_instance;
    }
    static void shutdown() { s_instance.reset(); }

    QString logDir() const { return QDir(m_cluster.baseDir()).filePath(QStringLiteral("pglog")); }
    QString tempPath(const QString& name) const { return m_tmp.filePath(name); }
    db::Connection& su() { return *m_su; }
    demo::LocalCluster& cluster() { return m_cluster; }

    QVariant scalar(const QString& sql)
    {
        QSqlQuery q = m_su->execRaw(sql, QStringLiteral("test SQL"));
        return q.next() ? q.value(0) : QVariant();
    }
    void exec(const QString& sql) { m_su->execScript(sql, QStringLiteral("test SQL")); }

    struct Login
    {
        QString login;
        QString password;
        db::ConnectionProfile profile;
    };

    // A staff member of `role` with a PostgreSQL login (tests/support/TestDatabase.cpp::createStaff).
    Login createStaff(const QString& role)
    {
        Login l = newLogin(role);
        m_su->run(QStringLiteral("INSERT INTO staff (login, full_name, email, role_id) "
                                 "SELECT ?, 'Lockout Test', ?, id FROM roles WHERE name = ?"),
                  {l.login, l.login + QStringLiteral("@test.example"), role},
                  QStringLiteral("creating staff"))
            .finish();
        demo::ensureStaffLogin(*m_su, l.login, l.password);
        return l;
    }

    // A login role that is no staff member.
    Login createOutsider()
    {
        Login l = newLogin(QStringLiteral("outsider"));
        m_su->execRaw(QStringLiteral("CREATE ROLE \"%1\" LOGIN PASSWORD '%2'").arg(l.login, l.password),
                      QStringLiteral("creating a login"));
        return l;
    }

    // One sign-in over the socket: the server's message when refused, empty when signed in.
    QString signIn(const QString& login, const QString& password,
                   const QString& database = QLatin1String(kDatabase))
    {
        db::Connection c(m_cluster.profileFor(login, database), password,
                         QStringLiteral("lockout-signin-%1").arg(++m_counter));
        try {
            c.ensureOpen();
            return {};
        } catch (const db::DbError& e) {
            return e.message.isEmpty() ? QStringLiteral("refused") : e.message;
        }
    }

    int failuresOf(const QString& login)
    {
        return scalar(QStringLiteral("SELECT count(*) FROM auth_failures WHERE login = '%1'").arg(login))
            .toInt();
    }
    bool canLogin(const QString& login)
    {
        return scalar(QStringLiteral("SELECT rolcanlogin FROM pg_roles WHERE rolname = '%1'").arg(login))
            .toBool();
    }
    int nextId() { return ++m_counter; }

    ~JsonlogCluster() = default; // m_stop stops the server before m_tmp removes its folder

private:
    JsonlogCluster()
        : m_tmp(QDir::tempPath() + QStringLiteral("/opsdeck-lockout-XXXXXX")),
          m_cluster(m_tmp.filePath(QStringLiteral("cluster"))), m_stop{&m_cluster}
    {
        if (!m_tmp.isValid())
            throw std::runtime_error("cannot create a temporary directory");
        // The postgres user (the cluster's owner when the tests run as root) must reach the folder.
        QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                                QFile::ExeOther);
        QElapsedTimer timer;
        timer.start();
        m_cluster.ensureRunning();
        {
            db::Connection root(m_cluster.superuserProfile(), QString(), QStringLiteral("lockout-root"));
            for (const QString& setting :
                 {QStringLiteral("log_destination = 'jsonlog'"), QStringLiteral("logging_collector = on"),
                  QStringLiteral("log_directory = '%1'").arg(logDir()),
                  QStringLiteral("log_file_mode = '0640'")})
                root.execRaw(QStringLiteral("ALTER SYSTEM SET ") + setting,
                             QStringLiteral("configuring jsonlog"));
            root.execRaw(QStringLiteral("CREATE DATABASE %1").arg(QLatin1String(kDatabase)),
                         QStringLiteral("creating the database"));
        }
        m_cluster.restart();
        m_su = std::make_unique<db::Connection>(m_cluster.superuserProfile(QLatin1String(kDatabase)),
                                                QString(), QStringLiteral("lockout-su"));
        db::MigrationRunner().migrate(*m_su);
        if (!QDir(logDir()).entryList({QStringLiteral("*.json")}, QDir::Files).size())
            throw std::runtime_error("the cluster writes no jsonlog");
        WARN("jsonlog cluster ready in " << timer.elapsed() << " ms");
    }

    Login newLogin(const QString& role)
    {
        Login l;
        l.login = QStringLiteral("lk%1.%2").arg(++m_counter).arg(role);
        l.password = demo::randomPassword(20);
        l.profile = m_cluster.profileFor(l.login, QLatin1String(kDatabase));
        return l;
    }

    struct Stop
    {
        demo::LocalCluster* cluster;
        ~Stop() { cluster->stop(); }
    };

    QTemporaryDir m_tmp;
    demo::LocalCluster m_cluster;
    Stop m_stop; // constructed once the cluster object exists: stops it even when set-up throws
    std::unique_ptr<db::Connection> m_su;
    int m_counter = 0;
    static std::unique_ptr<JsonlogCluster> s_instance;
};

std::unique_ptr<JsonlogCluster> JsonlogCluster::s_instance;

// The cluster stops while the Qt application (QProcess) is still alive, however the run ends.
struct StopClusterAtEnd : Catch::TestEventListenerBase
{
    using TestEventListenerBase::TestEventListenerBase;
    void testRunEnded(const Catch::TestRunStats&) override { JsonlogCluster::shutdown(); }
};

// SQLSTATE of what `f` threw; empty when it succeeded.
QString sqlStateOf(const std::function<void()>& f)
{
    try {
        f();
        return {};
    } catch (const db::DbError& e) {
        return e.sqlState.isEmpty() ? QStringLiteral("?") : e.sqlState;
    }
}

QVariant callOne(db::Connection& c, const QString& sql)
{
    QSqlQuery q = c.execRaw(sql, QStringLiteral("test call"));
    return q.next() ? q.value(0) : QVariant();
}

void writeFile(const QString& path, const QByteArray& content, bool append, const QDateTime& modified)
{
    QFile f(path);
    REQUIRE(f.open(append ? QIODevice::Append : (QIODevice::WriteOnly | QIODevice::Truncate)));
    f.write(content);
    f.close();
    REQUIRE(f.open(QIODevice::Append));
    REQUIRE(f.setFileTime(modified, QFileDevice::FileModificationTime));
}

QByteArray failureLine(const QString& login, int second)
{
    return QStringLiteral("{\"timestamp\":\"2026-11-21 08:10:%1.000 UTC\",\"user\":\"%2\",\"remote_host\":"
                          "\"10.0.0.7\",\"error_severity\":\"FATAL\",\"state_code\":\"28P01\",\"message\":"
                          "\"password authentication failed for user \\\"%2\\\"\"}\n")
        .arg(second, 2, 10, QLatin1Char('0'))
        .arg(login)
        .toUtf8();
}

} // namespace

CATCH_REGISTER_LISTENER(StopClusterAtEnd)

TEST_CASE("jsonlog lines: failed sign-ins are recognised, everything else is not, garbage is counted",
          "[security][lockout]")
{
    using auth::LogLineKind;
    auto parse = [](int i) {
        return auth::parseJsonLogLine(QByteArray(kCapturedLines[i]));
    };

    CHECK(parse(0).kind == LogLineKind::Other); // "database system is ready to accept connections"

    const auto local = parse(1);
    REQUIRE(local.kind == LogLineKind::AuthFailure);
    CHECK(local.event.login == QStringLiteral("alice"));
    CHECK(local.event.reason == QStringLiteral("password"));
    CHECK(local.event.stateCode == QStringLiteral("28P01"));
    CHECK(local.event.remoteHost == QStringLiteral("[local]"));
    CHECK(local.event.clientAddress.isEmpty());
    CHECK(local.event.timestampText == QStringLiteral("2026-11-21 08:10:15.243 UTC"));
    CHECK(local.event.occurredAt == QDateTime(QDate(2026, 11, 21), QTime(8, 10, 15, 243), Qt::UTC));

    const auto tcp = parse(2);
    REQUIRE(tcp.kind == LogLineKind::AuthFailure);
    CHECK(tcp.event.clientAddress == QStringLiteral("127.0.0.1"));
    CHECK(tcp.event.reason == QStringLiteral("password"));

    CHECK(parse(3).event.reason == QStringLiteral("unknown_login")); // detail: Role "nosuch" does not exist
    CHECK(parse(4).event.login == QStringLiteral("we\"ird"));
    CHECK(parse(4).event.reason == QStringLiteral("unknown_login"));
    CHECK(parse(5).event.reason == QStringLiteral("locked")); // 28000 role … is not permitted to log in
    CHECK(parse(5).event.stateCode == QStringLiteral("28000"));
    CHECK(parse(6).event.reason == QStringLiteral("locked")); // 28P01 … has an expired password
    CHECK(parse(7).event.reason == QStringLiteral("other"));  // pg_hba.conf rejects connection
    CHECK(parse(8).event.reason == QStringLiteral("other"));  // no pg_hba.conf entry
    CHECK(parse(8).event.login == QStringLiteral("zed"));
    CHECK(parse(9).event.reason == QStringLiteral("unknown_login")); // 28000 role "carol" does not exist
    for (int i = 1; i <= 9; ++i)
        CHECK(parse(i).kind == LogLineKind::AuthFailure);

    // Variations: IPv6, a time zone name the server must parse, not FATAL, no user, Windows line end.
    QByteArray v6(kCapturedLines[2]);
    v6.replace("\"127.0.0.1\"", "\"::1\"");
    CHECK(auth::parseJsonLogLine(v6).event.clientAddress == QStringLiteral("::1"));
    QByteArray zoned(kCapturedLines[2]);
    zoned.replace("08:10:15.318 UTC", "21:10:15.318 NZDT");
    const auto z = auth::parseJsonLogLine(zoned);
    CHECK(z.kind == LogLineKind::AuthFailure);
    CHECK(z.event.timestampText == QStringLiteral("2026-11-21 21:10:15.318 NZDT"));
    CHECK_FALSE(z.event.occurredAt.isValid()); // left to the server, which knows its abbreviations
    CHECK(auth::parseLogTimestamp(QStringLiteral("2026-11-21 21:10:15.318 +13")) ==
          QDateTime(QDate(2026, 11, 21), QTime(8, 10, 15, 318), Qt::UTC));
    CHECK(auth::parseLogTimestamp(QStringLiteral("2026-11-21 02:40:15 -05:30")) ==
          QDateTime(QDate(2026, 11, 21), QTime(8, 10, 15), Qt::UTC));
    QByteArray error(kCapturedLines[1]);
    error.replace("\"FATAL\"", "\"ERROR\"");
    CHECK(auth::parseJsonLogLine(error).kind == LogLineKind::Other);
    QByteArray anonymous(kCapturedLines[1]);
    anonymous.replace("\"user\":\"alice\",", "");
    CHECK(auth::parseJsonLogLine(anonymous).kind == LogLineKind::Other);
    CHECK(auth::parseJsonLogLine(QByteArray(kCapturedLines[1]) + "\r").kind == LogLineKind::AuthFailure);

    CHECK(auth::parseJsonLogLine(QByteArray()).kind == LogLineKind::Empty);
    CHECK(auth::parseJsonLogLine(QByteArray("   ")).kind == LogLineKind::Empty);
    const QByteArray truncated = QByteArray(kCapturedLines[1]).left(120);
    const QByteArray binary("\x00\xff{\"a\":1}", 10);
    for (const QByteArray& garbage :
         {QByteArray("2026-11-21 08:10:15.243 UTC [8010] FATAL:  password authentication failed"), truncated,
          QByteArray("{}"), QByteArray("[1,2,3]"),
          QByteArray("{\"timestamp\":\"yesterday\",\"error_severity\":\"FATAL\"}"),
          QByteArray(
              "{\"timestamp\":42,\"error_severity\":\"FATAL\",\"state_code\":\"28P01\",\"user\":\"x\"}"),
          binary, QByteArray("{\"timestamp\":\"2026-11-21 08:10:15.243 UTC\"")}) {
        INFO(garbage.toStdString());
        CHECK(auth::parseJsonLogLine(garbage).kind == LogLineKind::Malformed);
    }
}

TEST_CASE("The auth monitor follows rotation, keeps its position, retries what it could not report",
          "[security][lockout]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString logs = dir.filePath(QStringLiteral("pglog"));
    REQUIRE(QDir().mkpath(logs));
    const QString state = dir.filePath(QStringLiteral("worker/opsdeck-worker-auth-monitor.state"));
    REQUIRE(QDir().mkpath(dir.filePath(QStringLiteral("worker"))));
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-600);
    const QString a = logs + QStringLiteral("/postgresql-a.json");
    const QString b = logs + QStringLiteral("/postgresql-b.json");
    const QString c = logs + QStringLiteral("/postgresql-c.json");

    QStringList reported;
    auth::AuthMonitor::Reporter record = [&](const auth::AuthFailureEvent& e) {
        reported << e.login;
        return e.login == QStringLiteral("lockme");
    };

    // An older file the monitor must not start with, and the newest one with a line still being written.
    writeFile(logs + QStringLiteral("/postgresql-old.json"), failureLine(QStringLiteral("old"), 1), false,
              t0);
    writeFile(a,
              failureLine(QStringLiteral("u1"), 2) + QByteArray(kCapturedLines[0]) + "\nnot json\n" +
                  failureLine(QStringLiteral("u2"), 3) + failureLine(QStringLiteral("u3"), 4).left(40),
              false, t0.addSecs(10));
    {
        auth::AuthMonitor m(logs, state);
        const auto pass = m.poll(record);
        CHECK(reported == QStringList{QStringLiteral("u1"), QStringLiteral("u2")});
        CHECK(pass.failures == 2);
        CHECK(pass.malformed == 1);
        CHECK(pass.lines == 4);
        CHECK(m.currentFile() == QStringLiteral("postgresql-a.json"));
        // The rest of the line arrives.
        writeFile(a, failureLine(QStringLiteral("u3"), 4).mid(40), true, t0.addSecs(11));
        m.poll(record);
        CHECK(reported.last() == QStringLiteral("u3"));
        CHECK(m.poll(record).failures == 0);
    }
    CHECK(QFile::exists(state));

    // A restart continues where the last process stopped.
    reported.clear();
    {
        auth::AuthMonitor m(logs, state);
        CHECK(m.poll(record).failures == 0);
        // The server writes a last line to a, rotates to b (finished with an unterminated line), then c.
        writeFile(a, failureLine(QStringLiteral("u4"), 5), true, t0.addSecs(20));
        writeFile(b,
                  failureLine(QStringLiteral("lockme"), 6) + failureLine(QStringLiteral("u5"), 7).chopped(1),
                  false, t0.addSecs(30));
        writeFile(c, failureLine(QStringLiteral("u6"), 8), false, t0.addSecs(40));
        const auto pass = m.poll(record);
        CHECK(reported == QStringList{QStringLiteral("u4"), QStringLiteral("lockme"), QStringLiteral("u5"),
                                      QStringLiteral("u6")});
        CHECK(pass.locks == 1);
        CHECK(m.currentFile() == QStringLiteral("postgresql-c.json"));

        // The database is unreachable: the failure stays unread and is reported once it is back.
        writeFile(c, failureLine(QStringLiteral("u7"), 9) + failureLine(QStringLiteral("u8"), 10), true,
                  t0.addSecs(50));
        reported.clear();
        int calls = 0;
        auth::AuthMonitor::Reporter flaky = [&](const auth::AuthFailureEvent& e) {
            if (++calls == 2)
                throw db::DbError::connection(QStringLiteral("server closed the connection"));
            reported << e.login;
            return false;
        };
        CHECK_THROWS_AS(m.poll(flaky), db::DbError);
        CHECK(reported == QStringList{QStringLiteral("u7")});
        m.poll(flaky);
        CHECK(reported == QStringList{QStringLiteral("u7"), QStringLiteral("u8")});

        // A failure the database refuses as bad data is skipped, not retried for ever.
        writeFile(c, failureLine(QStringLiteral("bad"), 11) + failureLine(QStringLiteral("u9"), 12), true,
                  t0.addSecs(60));
        auth::AuthMonitor::Reporter picky = [&](const auth::AuthFailureEvent& e) {
            if (e.login == QStringLiteral("bad"))
                throw db::DbError{
                    db::DbError::Kind::Query, QStringLiteral("invalid input"), QStringLiteral("22007"), {}};
            reported << e.login;
            return false;
        };
        const auto skipped = m.poll(picky);
        CHECK(skipped.rejected == 1);
        CHECK(reported.last() == QStringLiteral("u9"));

        // The same name reused (log_truncate_on_rotation): read from its start again.
        writeFile(c, failureLine(QStringLiteral("u10"), 13), false, t0.addSecs(70));
        reported.clear();
        m.poll(record);
        CHECK(reported == QStringList{QStringLiteral("u10")});
    }

    // Without a position, a monitor starts at the beginning of the newest file only.
    reported.clear();
    auth::AuthMonitor fresh(logs, QString());
    fresh.poll(record);
    CHECK(reported == QStringList{QStringLiteral("u10")});

    // No log directory: a problem to report, no exception.
    auth::AuthMonitor nowhere(dir.filePath(QStringLiteral("missing")), QString());
    CHECK_FALSE(nowhere.poll(record).problem.isEmpty());
}

TEST_CASE("Ten real failed sign-ins lock a staff login, nine do not, an admin unlocks it",
          "[security][lockout]")
{
    auto& cl = JsonlogCluster::get();
    const auto monitorLogin = cl.createStaff(QStringLiteral("admin"));
    const auto victim = cl.createStaff(QStringLiteral("agent"));
    const auto viewer = cl.createStaff(QStringLiteral("viewer"));
    db::Connection monitorDb(monitorLogin.profile, monitorLogin.password,
                             QStringLiteral("lockout-monitor-1"));
    auth::AuthMonitor monitor(cl.logDir(), cl.tempPath(QStringLiteral("monitor-1.state")));
    int locks = 0;
    auto pollUntil = [&](const std::function<bool()>& done) {
        return test::waitFor(
            [&] {
                locks += monitor
                             .poll([&](const auth::AuthFailureEvent& e) {
                                 return auth::recordAuthFailure(monitorDb, e);
                             })
                             .locks;
                return done();
            },
            10000);
    };

    QString wrongMessage;
    for (int i = 0; i < 9; ++i) {
        wrongMessage = cl.signIn(victim.login, QStringLiteral("wrong-%1").arg(i));
        CHECK(wrongMessage.contains(QStringLiteral("password authentication failed")));
    }
    REQUIRE(pollUntil([&] { return cl.failuresOf(victim.login) == 9; }));
    CHECK(cl.canLogin(victim.login));
    CHECK(cl.scalar(
                QStringLiteral("SELECT locked_until IS NULL FROM staff WHERE login = '%1'").arg(victim.login))
              .toBool());
    CHECK(locks == 0);

    CHECK_FALSE(cl.signIn(victim.login, QStringLiteral("wrong-9")).isEmpty());
    REQUIRE(pollUntil([&] { return !cl.canLogin(victim.login); }));
    CHECK(locks == 1);
    CHECK(cl.failuresOf(victim.login) == 10);
    // The right password is refused now, with the very message a wrong one gets (no oracle).
    const QString rightRefused = cl.signIn(victim.login, victim.password);
    CHECK(rightRefused == wrongMessage);
    CHECK_FALSE(rightRefused.isEmpty());
    CHECK(cl.scalar(QStringLiteral(
                        "SELECT locked_until > now() + interval '29 minutes' FROM staff WHERE login = '%1'")
                        .arg(victim.login))
              .toBool());
    CHECK(
        cl.scalar(QStringLiteral("SELECT count(*) FROM audit_log a JOIN staff s ON a.row_id = s.id::text "
                                 "WHERE s.login = '%1' AND a.action = 'staff.lock' AND a.staff_login = '%2' "
                                 "AND (a.new_values->>'failures')::int = 10")
                      .arg(victim.login, monitorLogin.login))
            .toInt() == 1);

    // Someone without ops.staff.edit cannot unlock; an admin can.
    db::Connection viewerDb(viewer.profile, viewer.password, QStringLiteral("lockout-viewer-1"));
    CHECK(sqlStateOf([&] {
              callOne(viewerDb, QStringLiteral("SELECT staff_unlock('%1')").arg(victim.login));
          }) == QStringLiteral("42501"));
    CHECK_FALSE(cl.canLogin(victim.login));
    CHECK(callOne(monitorDb, QStringLiteral("SELECT staff_unlock('%1')").arg(victim.login)).toBool());
    CHECK(cl.canLogin(victim.login));
    CHECK(cl.signIn(victim.login, victim.password).isEmpty());
    CHECK(cl.scalar(
                QStringLiteral("SELECT locked_until IS NULL FROM staff WHERE login = '%1'").arg(victim.login))
              .toBool());
    CHECK(cl.scalar(QStringLiteral("SELECT rolvaliduntil = 'infinity' FROM pg_roles WHERE rolname = '%1'")
                        .arg(victim.login))
              .toBool());
    CHECK(cl.scalar(
                QStringLiteral("SELECT count(*) FROM audit_log a JOIN staff s ON a.row_id = s.id::text "
                               "WHERE s.login = '%1' AND a.action = 'staff.unlock' AND a.staff_login = '%2'")
                    .arg(victim.login, monitorLogin.login))
              .toInt() == 1);
    CHECK_FALSE(callOne(monitorDb, QStringLiteral("SELECT staff_unlock('%1')").arg(victim.login)).toBool());

    // Failures before the unlock no longer count: one more typo does not lock again. (The right
    // password refused while locked was a failure too, recorded as 'locked'.)
    CHECK_FALSE(cl.signIn(victim.login, QStringLiteral("typo")).isEmpty());
    REQUIRE(pollUntil([&] { return cl.failuresOf(victim.login) == 12; }));
    CHECK(cl.scalar(
                QStringLiteral("SELECT count(*) FROM auth_failures WHERE login = '%1' AND reason = 'locked'")
                    .arg(victim.login))
              .toInt() == 1);
    CHECK(cl.canLogin(victim.login));
    CHECK(locks == 1);
}

TEST_CASE("Failures of logins that are not staff are recorded but lock nothing, superusers and the owner "
          "are never locked",
          "[security][lockout]")
{
    auto& cl = JsonlogCluster::get();
    const auto monitorLogin = cl.createStaff(QStringLiteral("super_admin"));
    const auto outsider = cl.createOutsider();
    const QString nobody = QStringLiteral("nobody%1").arg(cl.nextId());
    db::Connection monitorDb(monitorLogin.profile, monitorLogin.password,
                             QStringLiteral("lockout-monitor-2"));
    auth::AuthMonitor monitor(cl.logDir(), cl.tempPath(QStringLiteral("monitor-2.state")));
    auto report = [&](const auth::AuthFailureEvent& e) {
        return auth::recordAuthFailure(monitorDb, e);
    };

    for (int i = 0; i < 12; ++i)
        CHECK_FALSE(cl.signIn(outsider.login, QStringLiteral("wrong")).isEmpty());
    for (int i = 0; i < 2; ++i)
        CHECK_FALSE(cl.signIn(nobody, QStringLiteral("guess")).isEmpty());
    int locks = 0;
    REQUIRE(test::waitFor(
        [&] {
            locks += monitor.poll(report).locks;
            return cl.failuresOf(outsider.login) == 12 && cl.failuresOf(nobody) == 2;
        },
        10000));
    CHECK(locks == 0);
    CHECK(cl.canLogin(outsider.login));
    // (Only staff may connect to the Opsdeck database; the outsider's password still works elsewhere.)
    CHECK(cl.signIn(outsider.login, outsider.password, QStringLiteral("postgres")).isEmpty());
    CHECK(cl.scalar(QStringLiteral(
                        "SELECT string_agg(DISTINCT reason, ',') FROM auth_failures WHERE login = '%1'")
                        .arg(outsider.login))
              .toString() == QStringLiteral("password"));
    CHECK(cl.scalar(QStringLiteral(
                        "SELECT string_agg(DISTINCT reason, ',') FROM auth_failures WHERE login = '%1'")
                        .arg(nobody))
              .toString() == QStringLiteral("unknown_login"));

    // A staff member whose login is a superuser, and the installation's owner role as a staff login.
    const auto superStaff = cl.createStaff(QStringLiteral("admin"));
    cl.exec(QStringLiteral("ALTER ROLE \"%1\" SUPERUSER").arg(superStaff.login));
    const QString owner = cl.scalar(QStringLiteral("SELECT opsdeck_role_prefix() || 'owner'")).toString();
    cl.exec(QStringLiteral("INSERT INTO staff (login, full_name, email, role_id) SELECT '%1', 'Owner', "
                           "'owner@test.example', id FROM roles WHERE name = 'viewer'")
                .arg(owner));
    for (const QString& login : {superStaff.login, owner}) {
        int locked = 0;
        for (int i = 0; i < 12; ++i)
            locked +=
                callOne(monitorDb, QStringLiteral("SELECT record_auth_failure('%1', now() - interval '%2 "
                                                  "seconds', '192.0.2.1', 'password')")
                                       .arg(login)
                                       .arg(i))
                    .toBool();
        INFO(login.toStdString());
        CHECK(locked == 0);
        CHECK(cl.failuresOf(login) == 12);
        CHECK(
            cl.scalar(QStringLiteral("SELECT locked_until IS NULL FROM staff WHERE login = '%1'").arg(login))
                .toBool());
    }
    CHECK(cl.canLogin(superStaff.login));
    cl.exec(QStringLiteral("ALTER ROLE \"%1\" NOSUPERUSER").arg(superStaff.login));
    cl.exec(QStringLiteral("DELETE FROM staff WHERE login = '%1'").arg(owner));
}

TEST_CASE(
    "Only system.auth_monitor reports failures, only ops.staff.edit unlocks, expired locks are released",
    "[security][lockout]")
{
    auto& cl = JsonlogCluster::get();
    const auto admin = cl.createStaff(QStringLiteral("admin"));
    const auto manager = cl.createStaff(QStringLiteral("manager"));
    const auto viewer = cl.createStaff(QStringLiteral("viewer"));
    const auto victim = cl.createStaff(QStringLiteral("support"));
    const auto disabled = cl.createStaff(QStringLiteral("agent"));
    db::Connection adminDb(admin.profile, admin.password, QStringLiteral("lockout-admin-3"));
    db::Connection managerDb(manager.profile, manager.password, QStringLiteral("lockout-manager-3"));
    db::Connection viewerDb(viewer.profile, viewer.password, QStringLiteral("lockout-viewer-3"));

    const QString record =
        QStringLiteral("SELECT record_auth_failure('%1', now(), NULL, 'password')").arg(victim.login);
    CHECK(sqlStateOf([&] { callOne(viewerDb, record); }) == QStringLiteral("42501"));
    CHECK(sqlStateOf([&] { callOne(managerDb, record); }) == QStringLiteral("42501"));
    CHECK(sqlStateOf([&] { callOne(viewerDb, QStringLiteral("SELECT auth_release_expired_locks()")); }) ==
          QStringLiteral("42501"));
    CHECK(cl.failuresOf(victim.login) == 0);
    // Nor can any staff login write auth_failures or the lock column directly.
    CHECK(sqlStateOf([&] {
              callOne(adminDb,
                      QStringLiteral("INSERT INTO auth_failures (login) VALUES ('%1')").arg(victim.login));
          }) == QStringLiteral("42501"));

    // Ten reported failures lock (the threshold comes from ops_config).
    CHECK(cl.scalar(QStringLiteral(
                        "SELECT config_value FROM ops_config WHERE config_key = 'auth.lockout_threshold'"))
              .toInt() == 10);
    cl.exec(
        QStringLiteral("UPDATE staff SET status = 'disabled' WHERE login = '%1'; ALTER ROLE \"%1\" NOLOGIN")
            .arg(disabled.login));
    for (const auto* s : {&victim, &disabled}) {
        int locked = 0;
        for (int i = 0; i < 10; ++i)
            locked += callOne(adminDb, QStringLiteral("SELECT record_auth_failure('%1', now() - interval '%2 "
                                                      "seconds', '198.51.100.9', 'password')")
                                           .arg(s->login)
                                           .arg(i))
                          .toBool();
        CHECK(locked == 1);
    }
    CHECK_FALSE(cl.canLogin(victim.login));
    CHECK_FALSE(cl.signIn(victim.login, victim.password).isEmpty());
    CHECK(sqlStateOf([&] {
              callOne(managerDb, QStringLiteral("SELECT staff_unlock('%1')").arg(victim.login));
          }) == QStringLiteral("42501"));

    // Not yet expired: nothing to release.
    CHECK(callOne(adminDb, QStringLiteral("SELECT auth_release_expired_locks()")).toInt() == 0);
    cl.exec(QStringLiteral(
                "UPDATE staff SET locked_until = now() - interval '1 minute' WHERE login IN ('%1', '%2')")
                .arg(victim.login, disabled.login));
    CHECK(callOne(adminDb, QStringLiteral("SELECT auth_release_expired_locks()")).toInt() == 2);
    CHECK(cl.canLogin(victim.login));
    CHECK(cl.signIn(victim.login, victim.password).isEmpty());
    CHECK(cl.scalar(QStringLiteral(
                        "SELECT count(*) FROM staff WHERE login IN ('%1', '%2') AND locked_until IS NULL")
                        .arg(victim.login, disabled.login))
              .toInt() == 2);
    // A disabled staff member stays unable to sign in after the lock ends.
    CHECK_FALSE(cl.canLogin(disabled.login));
    CHECK(cl.scalar(QStringLiteral(
                        "SELECT count(*) FROM audit_log a JOIN staff s ON a.row_id = s.id::text "
                        "WHERE s.login = '%1' AND a.action = 'staff.unlock' AND a.reason = 'lock expired'")
                        .arg(victim.login))
              .toInt() == 1);
}

TEST_CASE("Reading the same log again counts nothing twice", "[security][lockout]")
{
    auto& cl = JsonlogCluster::get();
    const auto monitorLogin = cl.createStaff(QStringLiteral("admin"));
    const auto victim = cl.createStaff(QStringLiteral("agent"));
    db::Connection monitorDb(monitorLogin.profile, monitorLogin.password,
                             QStringLiteral("lockout-monitor-4"));
    auto report = [&](const auth::AuthFailureEvent& e) {
        return auth::recordAuthFailure(monitorDb, e);
    };
    const QString state = cl.tempPath(QStringLiteral("monitor-4.state"));

    for (int i = 0; i < 6; ++i)
        CHECK_FALSE(cl.signIn(victim.login, QStringLiteral("wrong")).isEmpty());
    {
        auth::AuthMonitor monitor(cl.logDir(), state);
        REQUIRE(test::waitFor(
            [&] {
                monitor.poll(report);
                return cl.failuresOf(victim.login) == 6;
            },
            10000));
    }
    const int total = cl.scalar(QStringLiteral("SELECT count(*) FROM auth_failures")).toInt();
    // A restarted monitor continues after what it read.
    auth::AuthMonitor restarted(cl.logDir(), state);
    CHECK(restarted.poll(report).failures == 0);
    // Two monitors without a position read the whole file again, twice: nothing new is recorded.
    for (int round = 0; round < 2; ++round) {
        auth::AuthMonitor again(cl.logDir(), QString());
        const auto pass = again.poll(report);
        CHECK(pass.failures >= 6);
        CHECK(pass.locks == 0);
    }
    CHECK(cl.scalar(QStringLiteral("SELECT count(*) FROM auth_failures")).toInt() == total);
    CHECK(cl.failuresOf(victim.login) == 6);
    CHECK(cl.canLogin(victim.login));
}

TEST_CASE("opsdeck-worker --auth-monitor locks a login after real failed sign-ins across a log rotation",
          "[security][lockout][tools][worker]")
{
    auto& cl = JsonlogCluster::get();
    const auto workerLogin = cl.createStaff(QStringLiteral("admin"));
    const auto victim = cl.createStaff(QStringLiteral("senior_agent"));
    const QString workerLogs = cl.tempPath(QStringLiteral("worker-logs"));
    QProcess worker;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), workerLogin.password); // never on the command line
    worker.setProcessEnvironment(env);
    worker.start(QStringLiteral(OPSDECK_BIN_DIR "/opsdeck-worker"),
                 {QStringLiteral("--db"), workerLogin.profile.toUri(), QStringLiteral("--heartbeat-ms"),
                  QStringLiteral("300"), QStringLiteral("--auth-monitor"), QStringLiteral("--pg-log-dir"),
                  cl.logDir(), QStringLiteral("--auth-poll-ms"), QStringLiteral("200"),
                  QStringLiteral("--log-dir"), workerLogs});
    REQUIRE(worker.waitForStarted());
    struct Kill
    {
        QProcess& p;
        ~Kill()
        {
            if (p.state() != QProcess::NotRunning) {
                p.kill();
                p.waitForFinished(5000);
            }
        }
    } kill{worker};
    REQUIRE(test::waitFor(
        [&] {
            return cl.scalar(
                         QStringLiteral("SELECT count(*) FROM worker_heartbeats WHERE db_login = '%1' AND "
                                        "'auth-monitor' = ANY (engines)")
                             .arg(workerLogin.login))
                       .toInt() == 1;
        },
        15000));

    const int filesBefore = QDir(cl.logDir()).entryList({QStringLiteral("*.json")}, QDir::Files).size();
    for (int i = 0; i < 5; ++i)
        CHECK_FALSE(cl.signIn(victim.login, QStringLiteral("wrong")).isEmpty());
    // The file name has a one-second resolution: a rotation within the second the current file
    // was opened reuses it, so ask again until a new file appears.
    QElapsedTimer sinceRotate;
    REQUIRE(test::waitFor(
        [&] {
            if (!sinceRotate.isValid() || sinceRotate.hasExpired(300)) {
                cl.scalar(QStringLiteral("SELECT pg_rotate_logfile()"));
                sinceRotate.start();
            }
            return QDir(cl.logDir()).entryList({QStringLiteral("*.json")}, QDir::Files).size() > filesBefore;
        },
        5000));
    for (int i = 0; i < 5; ++i)
        CHECK_FALSE(cl.signIn(victim.login, QStringLiteral("wrong")).isEmpty());
    REQUIRE(test::waitFor([&] { return !cl.canLogin(victim.login); }, 15000));
    CHECK(cl.failuresOf(victim.login) == 10);
    CHECK_FALSE(cl.signIn(victim.login, victim.password).isEmpty());
    CHECK(cl.scalar(
                QStringLiteral("SELECT locked_until > now() FROM staff WHERE login = '%1'").arg(victim.login))
              .toBool());

    ::kill(pid_t(worker.processId()), SIGTERM);
    REQUIRE(worker.waitForFinished(10000));
    INFO(QString::fromUtf8(worker.readAllStandardOutput()).toStdString());
    CHECK(worker.exitStatus() == QProcess::NormalExit);
    CHECK(worker.exitCode() == 0);
    CHECK(QFile::exists(workerLogs + QStringLiteral("/opsdeck-worker-auth-monitor.state")));
}
