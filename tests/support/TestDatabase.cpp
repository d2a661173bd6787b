#include "TestDatabase.h"

#include "db/MigrationRunner.h"
#include "demo/DemoSeeder.h"
#include "demo/DemoWorkspace.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <stdexcept>

namespace opsdeck::test {

db::ConnectionProfile TestDatabase::clusterProfile(const QString& database)
{
    const QString host = qEnvironmentVariable("OPSDECK_TEST_PGHOST");
    if (host.isEmpty())
        throw std::runtime_error(
            "OPSDECK_TEST_PGHOST is not set: run the tests through scripts/test.sh, which "
            "starts a throwaway PostgreSQL cluster");
    db::ConnectionProfile p;
    p.name = QStringLiteral("Test cluster");
    p.host = host;
    p.port = qEnvironmentVariableIntValue("OPSDECK_TEST_PGPORT");
    p.user = qEnvironmentVariable("OPSDECK_TEST_PGUSER", QStringLiteral("postgres"));
    p.database = database;
    p.sslMode = QStringLiteral("disable");
    p.applicationName = QStringLiteral("opsdeck-tests");
    return p;
}

TestDatabase::TestDatabase(bool migrate)
{
    m_name = QStringLiteral("t_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    {
        db::Connection root(clusterProfile(QStringLiteral("postgres")), QString(),
                            m_name + QStringLiteral("_root"));
        root.execRaw(QStringLiteral("CREATE DATABASE %1").arg(m_name),
                     QStringLiteral("creating the test database"));
    }
    m_admin =
        std::make_unique<db::Connection>(superuserProfile(), QString(), m_name + QStringLiteral("_admin"));
    m_admin->setAllowedOnGuiThread(true); // the test's own checks, not the application's
    if (migrate)
        db::MigrationRunner().migrate(*m_admin);
}

TestDatabase::~TestDatabase()
{
    m_admin.reset();
    try {
        db::Connection root(clusterProfile(QStringLiteral("postgres")), QString(),
                            m_name + QStringLiteral("_drop"));
        root.execRaw(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name),
                     QStringLiteral("dropping the test database"));
        // The installation's roles (sql/bootstrap.sql): od_<md5(db)[:8]>_…
        const QString prefix =
            QStringLiteral("od_") +
            QString::fromLatin1(
                QCryptographicHash::hash(m_name.toUtf8(), QCryptographicHash::Md5).toHex().left(8)) +
            QLatin1Char('_');
        for (const char* r : {"super_admin", "admin", "manager", "senior_agent", "agent", "support",
                              "analyst", "viewer", "pii", "staff", "owner"})
            m_roles << prefix + QLatin1String(r);
        for (const QString& r : m_roles)
            root.execRaw(QStringLiteral("DROP ROLE IF EXISTS \"%1\"").arg(r),
                         QStringLiteral("dropping a test role"));
    } catch (const db::DbError& e) {
        qWarning("could not clean up test database %s: %s", qPrintable(m_name), qPrintable(e.text()));
    }
}

db::ConnectionProfile TestDatabase::superuserProfile() const
{
    return clusterProfile(m_name);
}

db::Connection& TestDatabase::admin()
{
    return *m_admin;
}

void TestDatabase::exec(const QString& sql)
{
    m_admin->execScript(sql, QStringLiteral("test SQL"));
}

QVariant TestDatabase::scalar(const QString& sql)
{
    QSqlQuery q = m_admin->execRaw(sql, QStringLiteral("test SQL"));
    return q.next() ? q.value(0) : QVariant();
}

TestDatabase::Staff TestDatabase::createStaff(const QString& roleName, const QString& fullName,
                                              const QString& loginSuffix)
{
    Staff s;
    // Login roles are cluster-wide: carry the database name so parallel tests never collide.
    s.login = QStringLiteral("%1.%2").arg(m_name.toLower(), loginSuffix.isEmpty() ? roleName : loginSuffix);
    s.password = demo::randomPassword(20);
    QSqlQuery& q = m_admin->run(QStringLiteral("INSERT INTO staff (login, full_name, email, role_id) "
                                               "SELECT ?, ?, ?, id FROM roles WHERE name = ? RETURNING id"),
                                {s.login, fullName, s.login + QStringLiteral("@test.example"), roleName},
                                QStringLiteral("creating staff"));
    if (!q.next())
        throw std::runtime_error("unknown role");
    q.finish();
    demo::ensureStaffLogin(*m_admin, s.login, s.password);
    m_roles << s.login;
    s.profile = clusterProfile(m_name);
    s.profile.user = s.login;
    return s;
}

void TestDatabase::seedDemo(int scale)
{
    demo::seedDemo(*m_admin, demo::SeedOptions{scale, false});
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    // Sleeps until an event arrives, at most 5 ms (the timer's tick), so waiting costs no CPU and
    // adds little latency. (processEvents(flags, maxtime) drops WaitForMoreEvents and would spin.)
    QTimer tick;
    tick.start(5);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

} // namespace opsdeck::test
