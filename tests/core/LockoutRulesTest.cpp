// The lockout's counting and unlocking rules, on a migrated database with real logins (the real
// failed sign-ins through the server log are AuthLockoutTest's): a successful sign-in starts the
// count afresh, and nobody unlocks a staff member whose role is above their own.
#include "TestDatabase.h"
#include "db/Connection.h"

#include <QSqlQuery>
#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

// `n` wrong passwords for `login`, one second apart from `fromSeconds` (relative to now), as the
// monitor reports them; true when the last one locked the login.
bool reportFailures(test::TestDatabase& db, const QString& login, int n, int fromSeconds)
{
    bool locked = false;
    for (int i = 0; i < n; ++i)
        locked = db.scalar(QStringLiteral("SELECT record_auth_failure('%1', now() + interval '%2 seconds', "
                                          "'10.0.0.9', 'password')")
                               .arg(login)
                               .arg(fromSeconds + i))
                     .toBool();
    return locked;
}

QString sqlStateOf(db::Connection& c, const QString& sql)
{
    try {
        c.execRaw(sql, QStringLiteral("test"));
        return {};
    } catch (const db::DbError& e) {
        return e.sqlState;
    }
}

} // namespace

TEST_CASE("A successful sign-in starts the failed sign-in count afresh", "[security][lockout]")
{
    test::TestDatabase db;
    const auto agent = db.createStaff(QStringLiteral("agent"));

    // Nine failures, then the right password: the staff member signs in (session_begin).
    CHECK_FALSE(reportFailures(db, agent.login, 9, -600));
    {
        db::Connection c(agent.profile, agent.password, QStringLiteral("lockout-rules-signin"));
        c.execRaw(QStringLiteral("SELECT session_begin('workstation-1', 'test')"), QStringLiteral("test"));
    }
    // Two more failures within the same 30-minute window: 11 in the window, but 2 since the sign-in.
    CHECK_FALSE(reportFailures(db, agent.login, 2, 1));
    CHECK(db.scalar(
                QStringLiteral("SELECT locked_until IS NULL FROM staff WHERE login = '%1'").arg(agent.login))
              .toBool());
    // Eight more make ten since the sign-in: locked.
    CHECK(reportFailures(db, agent.login, 8, 3));
    CHECK(db.scalar(
                QStringLiteral("SELECT locked_until > now() FROM staff WHERE login = '%1'").arg(agent.login))
              .toBool());
}

TEST_CASE("Unlocking follows the level rule: an admin cannot unlock a super admin", "[security][lockout]")
{
    test::TestDatabase db;
    const auto boss =
        db.createStaff(QStringLiteral("super_admin"), QStringLiteral("Sue Super"), QStringLiteral("boss"));
    const auto admin =
        db.createStaff(QStringLiteral("admin"), QStringLiteral("Adam Admin"), QStringLiteral("admin"));
    const auto agent =
        db.createStaff(QStringLiteral("agent"), QStringLiteral("Ann Agent"), QStringLiteral("agent"));
    REQUIRE(reportFailures(db, boss.login, 10, -300));
    REQUIRE(reportFailures(db, agent.login, 10, -300));

    db::Connection asAdmin(admin.profile, admin.password, QStringLiteral("lockout-rules-admin"));
    CHECK(sqlStateOf(asAdmin, QStringLiteral("SELECT staff_unlock('%1')").arg(boss.login)) ==
          QStringLiteral("42501"));
    CHECK(
        db.scalar(
              QStringLiteral("SELECT locked_until IS NOT NULL FROM staff WHERE login = '%1'").arg(boss.login))
            .toBool());
    // Within their level they may: the agent's login can sign in again.
    CHECK(sqlStateOf(asAdmin, QStringLiteral("SELECT staff_unlock('%1')").arg(agent.login)).isEmpty());
    CHECK(db.scalar(QStringLiteral("SELECT rolcanlogin FROM pg_roles WHERE rolname = '%1'").arg(agent.login))
              .toBool());

    // The super admin unlocks the super admin.
    const auto other =
        db.createStaff(QStringLiteral("super_admin"), QStringLiteral("Sam Super"), QStringLiteral("boss2"));
    db::Connection asBoss(other.profile, other.password, QStringLiteral("lockout-rules-boss"));
    CHECK(sqlStateOf(asBoss, QStringLiteral("SELECT staff_unlock('%1')").arg(boss.login)).isEmpty());
    CHECK(
        db.scalar(QStringLiteral("SELECT locked_until IS NULL FROM staff WHERE login = '%1'").arg(boss.login))
            .toBool());
}
