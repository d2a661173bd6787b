// Staff administration (migration 0008, auth::StaffAdmin, `opsdeck-admin staff …`): PostgreSQL
// itself decides who may create, re-role, disable and re-password staff, every login in these tests
// is a real PostgreSQL login signing in with its SCRAM password, and no plaintext password ever
// reaches the server or its log.
#include "auth/StaffAdmin.h"

#include "TestDatabase.h"
#include "auth/Password.h"
#include "auth/SignIn.h"
#include "db/Connection.h"
#include "db/DbPool.h"
#include "demo/DemoWorkspace.h"
#include "session/Session.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlQuery>
#include <QUuid>
#include <catch2/catch.hpp>
#include <functional>
#include <memory>

using namespace opsdeck;
using auth::StaffAdmin;

namespace {

// Logins created through staff_create are not known to TestDatabase, which drops only the roles it
// created itself. Declared before the TestDatabase, this drops every login named "<database>.…"
// after it (logins carry the database name so that parallel tests never collide).
struct LoginJanitor
{
    QString database;
    ~LoginJanitor()
    {
        if (database.isEmpty())
            return;
        try {
            db::Connection root(test::TestDatabase::clusterProfile(QStringLiteral("postgres")), QString(),
                                database + QStringLiteral("_janitor"));
            QSqlQuery& q =
                root.run(QStringLiteral("SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?)"),
                         {database.toLower() + QLatin1Char('.')}, QStringLiteral("listing test logins"));
            QStringList roles;
            while (q.next())
                roles << q.value(0).toString();
            q.finish();
            for (const QString& r : roles)
                root.execRaw(QStringLiteral("DROP ROLE IF EXISTS \"%1\"").arg(r),
                             QStringLiteral("dropping a login"));
        } catch (const db::DbError& e) {
            qWarning("could not drop the test logins of %s: %s", qPrintable(database), qPrintable(e.text()));
        }
    }
};

// A fresh migrated database whose staff_create logins are dropped afterwards.
struct Fixture
{
    LoginJanitor janitor;
    test::TestDatabase db;
    Fixture() { janitor.database = db.name(); }

    // A login name unique to this database.
    QString login(const QString& suffix) const { return db.name().toLower() + QLatin1Char('.') + suffix; }
    db::ConnectionProfile profileOf(const QString& login) const
    {
        db::ConnectionProfile p = db.superuserProfile();
        p.user = login;
        return p;
    }
    QString scalar(const QString& sql) { return db.scalar(sql).toString(); }
};

std::unique_ptr<db::Connection> connect(const db::ConnectionProfile& profile, const QString& password)
{
    auto c = std::make_unique<db::Connection>(
        profile, password, QStringLiteral("staff-") + QUuid::createUuid().toString(QUuid::Id128));
    c->ensureOpen();
    return c;
}

std::unique_ptr<db::Connection> connect(const test::TestDatabase::Staff& s)
{
    return connect(s.profile, s.password);
}

// Whether a new connection with this password gets in.
bool canSignIn(const db::ConnectionProfile& profile, const QString& password)
{
    try {
        auto c = connect(profile, password);
        c->execRaw(QStringLiteral("SELECT 1"), {});
        return true;
    } catch (const db::DbError&) {
        return false;
    }
}

// The DbError `f` throws; kind None when it throws nothing.
db::DbError errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const db::DbError& e) {
        return e;
    }
    return {};
}

QSet<QString> permissionsOfRole(test::TestDatabase& db, const QString& role)
{
    QSqlQuery& q =
        db.admin().run(QStringLiteral("SELECT p.code FROM role_permissions rp JOIN roles r ON r.id = "
                                      "rp.role_id JOIN permissions p ON p.id = rp.permission_id "
                                      "WHERE r.name = ?"),
                       {role}, QStringLiteral("role permissions"));
    QSet<QString> codes;
    while (q.next())
        codes.insert(q.value(0).toString());
    q.finish();
    return codes;
}

// The groups `login` is a direct member of, comma-separated and sorted.
QString groupsOf(Fixture& f, const QString& login)
{
    return f.scalar(QStringLiteral("SELECT coalesce(string_agg(g.rolname, ',' ORDER BY g.rolname), '') "
                                   "FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                                   "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = '%1'")
                        .arg(login));
}

QString groupOfRole(Fixture& f, const QString& role)
{
    return f.scalar(QStringLiteral("SELECT staff_role_group('%1')").arg(role));
}

int roleCount(Fixture& f, const QString& login)
{
    return f.db.scalar(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = '%1'").arg(login))
        .toInt();
}

auth::NewStaffMember member(const QString& login, const QString& role)
{
    return {login, QStringLiteral("Member ") + role, login + QStringLiteral("@staff.example"), role};
}

QString strongPassword()
{
    return QStringLiteral("pw-") + demo::randomPassword(20);
}

} // namespace

TEST_CASE(
    "A super admin creates a staff member through core, the new login signs in with its role's permissions",
    "[security][staff]")
{
    Fixture f;
    const auto boss = f.db.createStaff(QStringLiteral("super_admin"));
    auto bc = connect(boss);
    const QString login = f.login(QStringLiteral("new.agent"));
    const QString password = strongPassword();

    const QString id = StaffAdmin::createStaff(*bc, member(login, QStringLiteral("agent")), password);
    REQUIRE_FALSE(id.isEmpty());

    // A real sign-in over a new connection, and the identity the console would load.
    auto nc = connect(f.profileOf(login), password);
    const auth::StaffIdentity me = auth::loadIdentity(*nc);
    CHECK(me.staffId == id);
    CHECK(me.login == login);
    CHECK(me.roleName == QStringLiteral("agent"));
    CHECK(me.permissions == permissionsOfRole(f.db, QStringLiteral("agent")));
    CHECK(me.has(QStringLiteral("bookings.view")));
    CHECK_FALSE(me.has(QStringLiteral("ops.staff.edit")));
    CHECK_FALSE(canSignIn(f.profileOf(login), password + QStringLiteral("x")));
    // Exactly the group of its app role; the password is stored as a SCRAM verifier.
    CHECK(groupsOf(f, login) == groupOfRole(f, QStringLiteral("agent")));
    CHECK(f.scalar(QStringLiteral("SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = '%1'")
                       .arg(login)) == QStringLiteral("SCRAM-SHA-256$"));
    // The change and its audit row, by the creator.
    CHECK(f.scalar(QStringLiteral(
                       "SELECT staff_login FROM audit_log WHERE action = 'staff.create' AND row_id = '%1'")
                       .arg(id)) == boss.login);
    CHECK(f.scalar(QStringLiteral(
                       "SELECT count(*) FROM audit_log WHERE action = 'insert' AND table_name = 'staff' "
                       "AND row_id = '%1'")
                       .arg(id)) == QStringLiteral("1"));

    // An existing PostgreSQL role, a taken login, reserved names and unknown roles are refused.
    CHECK(errorOf([&] {
              StaffAdmin::createStaff(*bc, member(login, QStringLiteral("agent")), password);
          }).sqlState == QStringLiteral("42710"));
    CHECK(errorOf([&] {
              StaffAdmin::createStaff(*bc, member(QStringLiteral("postgres"), QStringLiteral("viewer")),
                                      password);
          }).sqlState == QStringLiteral("42710"));
    const db::DbError unknownRole = errorOf([&] {
        StaffAdmin::createStaff(*bc, member(f.login(QStringLiteral("x")), QStringLiteral("overlord")),
                                password);
    });
    CHECK(unknownRole.sqlState == QStringLiteral("22023"));
    CHECK(unknownRole.message.contains(QStringLiteral("super_admin")));
    CHECK_FALSE(unknownRole.message.contains(QLatin1Char('\n'))); // plain words, no PL/pgSQL stack
    for (const QString& reserved : {QStringLiteral("pg_sneaky"), QStringLiteral("od_0123abcd_owner")}) {
        const db::DbError client = errorOf(
            [&] { StaffAdmin::createStaff(*bc, member(reserved, QStringLiteral("viewer")), password); });
        CHECK(client.kind == db::DbError::Kind::Constraint);
        CHECK(client.sqlState.isEmpty());
        // And the server refuses it as well, for anyone calling it directly.
        const QString verifier = auth::scramVerifier(*bc, reserved, password);
        CHECK(errorOf([&] {
                  bc->run(QStringLiteral("SELECT staff_create(?, 'X', ?, 'viewer', ?)"),
                          {reserved, reserved + QStringLiteral("@x.example"), verifier}, {});
              }).sqlState == QStringLiteral("22023"));
        CHECK(roleCount(f, reserved) == 0);
    }

    // A plaintext (or anything not shaped like a SCRAM verifier) never becomes a password.
    const QString plain = f.login(QStringLiteral("plain"));
    for (const QString& notAVerifier : {QStringLiteral("correct horse battery staple"),
                                        QStringLiteral("SCRAM-SHA-256$correct horse battery staple"),
                                        QStringLiteral("md5") + QString(32, QLatin1Char('0'))}) {
        const db::DbError e = errorOf([&] {
            bc->run(QStringLiteral("SELECT staff_create(?, 'Plain', ?, 'viewer', ?)"),
                    {plain, plain + QStringLiteral("@x.example"), notAVerifier}, {});
        });
        CHECK(e.sqlState == QStringLiteral("22023"));
    }
    CHECK(roleCount(f, plain) == 0);
    CHECK(f.scalar(QStringLiteral("SELECT count(*) FROM staff WHERE login = '%1'").arg(plain)) ==
          QStringLiteral("0"));
}

TEST_CASE("Without ops.staff.edit PostgreSQL refuses to create staff, and the helpers are not callable",
          "[security][staff]")
{
    Fixture f;
    const auto agent = f.db.createStaff(QStringLiteral("agent"));
    auto ac = connect(agent);
    const QString login = f.login(QStringLiteral("by.agent"));
    const int auditBefore = f.db.scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toInt();

    const db::DbError e = errorOf(
        [&] { StaffAdmin::createStaff(*ac, member(login, QStringLiteral("viewer")), strongPassword()); });
    CHECK(e.kind == db::DbError::Kind::Permission);
    CHECK(e.sqlState == QStringLiteral("42501"));
    CHECK(e.message.contains(QStringLiteral("ops.staff.edit")));
    CHECK(roleCount(f, login) == 0);
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toInt() == auditBefore);

    // Nor around the API: the internal helpers and direct DDL are closed to staff.
    CHECK(errorOf([&] {
              ac->execRaw(
                  QStringLiteral("SELECT staff_admin_authorize('ops.staff.edit', 'x', ARRAY['viewer'])"), {});
          }).sqlState == QStringLiteral("42501"));
    CHECK(errorOf([&] { ac->execRaw(QStringLiteral("CREATE ROLE \"%1\" LOGIN").arg(login), {}); }).sqlState ==
          QStringLiteral("42501"));
    CHECK(errorOf([&] {
              ac->execRaw(QStringLiteral("UPDATE staff SET role_id = 1 WHERE login = session_user"), {});
          }).sqlState == QStringLiteral("42501"));
    CHECK(errorOf([&] { StaffAdmin::setRole(*ac, agent.login, QStringLiteral("viewer")); }).sqlState ==
          QStringLiteral("42501"));
}

TEST_CASE("The level rule: nobody creates or changes a staff member above their own role",
          "[security][staff]")
{
    Fixture f;
    // The seed gives managers ops.staff.view only; the matrix is data, so grant them ops.staff.edit
    // here to test the level rule on its own.
    f.db.exec(QStringLiteral(
        "INSERT INTO role_permissions (role_id, permission_id) SELECT r.id, p.id FROM roles r, "
        "permissions p WHERE r.name = 'manager' AND p.code = 'ops.staff.edit'"));
    const auto manager = f.db.createStaff(QStringLiteral("manager"));
    const auto admin = f.db.createStaff(QStringLiteral("admin"));
    auto mc = connect(manager);
    auto ac = connect(admin);

    const QString wouldBeAdmin = f.login(QStringLiteral("would.be.admin"));
    const db::DbError refused = errorOf([&] {
        StaffAdmin::createStaff(*mc, member(wouldBeAdmin, QStringLiteral("admin")), strongPassword());
    });
    CHECK(refused.sqlState == QStringLiteral("42501"));
    CHECK(refused.message.contains(QStringLiteral("above yours")));
    CHECK(roleCount(f, wouldBeAdmin) == 0);

    const QString agent = f.login(QStringLiteral("managed.agent"));
    CHECK_FALSE(
        StaffAdmin::createStaff(*mc, member(agent, QStringLiteral("agent")), strongPassword()).isEmpty());
    CHECK(roleCount(f, agent) == 1);
    // Equal level is allowed; above is not.
    CHECK_FALSE(StaffAdmin::createStaff(
                    *mc, member(f.login(QStringLiteral("peer")), QStringLiteral("manager")), strongPassword())
                    .isEmpty());
    CHECK(errorOf([&] {
              StaffAdmin::createStaff(
                  *ac, member(f.login(QStringLiteral("would.be.super")), QStringLiteral("super_admin")),
                  strongPassword());
          }).sqlState == QStringLiteral("42501"));

    // Changing roles: neither the new role nor the current one may be above the caller's.
    CHECK(errorOf([&] { StaffAdmin::setRole(*mc, agent, QStringLiteral("admin")); }).sqlState ==
          QStringLiteral("42501"));
    CHECK(errorOf([&] { StaffAdmin::setRole(*mc, admin.login, QStringLiteral("agent")); }).sqlState ==
          QStringLiteral("42501"));
    CHECK(f.scalar(QStringLiteral(
                       "SELECT r.name FROM staff s JOIN roles r ON r.id = s.role_id WHERE s.login = '%1'")
                       .arg(admin.login)) == QStringLiteral("admin"));
    // Nor someone else's password above one's own level.
    const QString adminPassword = admin.password;
    CHECK(errorOf([&] { StaffAdmin::setPassword(*mc, admin.login, strongPassword()); }).sqlState ==
          QStringLiteral("42501"));
    CHECK(canSignIn(admin.profile, adminPassword));
    StaffAdmin::setRole(*mc, agent, QStringLiteral("support")); // within the manager's reach
    CHECK(groupsOf(f, agent) == groupOfRole(f, QStringLiteral("support")));
}

TEST_CASE("set-role moves the group membership and with it the permission set", "[security][staff]")
{
    Fixture f;
    const auto boss = f.db.createStaff(QStringLiteral("super_admin"));
    auto bc = connect(boss);
    const QString login = f.login(QStringLiteral("mover"));
    const QString password = strongPassword();
    StaffAdmin::createStaff(*bc, member(login, QStringLiteral("viewer")), password);
    auto tc = connect(f.profileOf(login), password);
    auto holds = [&](const char* code) {
        QSqlQuery q = tc->execRaw(QStringLiteral("SELECT has_permission('%1')").arg(QLatin1String(code)), {});
        return q.next() && q.value(0).toBool();
    };
    CHECK(groupsOf(f, login) == groupOfRole(f, QStringLiteral("viewer")));
    CHECK_FALSE(holds("ops.staff.view"));

    StaffAdmin::setRole(*bc, login, QStringLiteral("manager"));
    CHECK(groupsOf(f, login) == groupOfRole(f, QStringLiteral("manager")));
    // The open connection follows at once; a new sign-in loads the new set.
    CHECK(holds("ops.staff.view"));
    auto again = connect(f.profileOf(login), password);
    const auth::StaffIdentity me = auth::loadIdentity(*again);
    CHECK(me.roleName == QStringLiteral("manager"));
    CHECK(me.permissions == permissionsOfRole(f.db, QStringLiteral("manager")));
    CHECK(f.scalar(QStringLiteral("SELECT old_values->>'role' || '>' || (new_values->>'role') FROM audit_log "
                                  "WHERE action = 'staff.set_role' AND new_values->>'login' = '%1'")
                       .arg(login)) == QStringLiteral("viewer>manager"));

    // Nobody changes their own role.
    CHECK(errorOf([&] { StaffAdmin::setRole(*bc, boss.login, QStringLiteral("viewer")); }).sqlState ==
          QStringLiteral("42501"));
    CHECK(groupsOf(f, boss.login) == groupOfRole(f, QStringLiteral("super_admin")));
}

TEST_CASE("disable stops the login and ends its connections, enable restores it", "[security][staff]")
{
    Fixture f;
    const auto boss = f.db.createStaff(QStringLiteral("super_admin"));
    const auto agent = f.db.createStaff(QStringLiteral("agent"));
    const auto support = f.db.createStaff(QStringLiteral("support"));
    auto bc = connect(boss);
    auto ac = connect(agent);
    ac->execRaw(QStringLiteral("SELECT 1"), {});
    REQUIRE(canSignIn(agent.profile, agent.password));

    // Without ops.staff.delete: refused, nothing changes.
    auto sc = connect(support);
    CHECK(errorOf([&] { StaffAdmin::disable(*sc, agent.login); }).sqlState == QStringLiteral("42501"));
    CHECK(canSignIn(agent.profile, agent.password));

    StaffAdmin::disable(*bc, agent.login);
    CHECK_FALSE(canSignIn(agent.profile, agent.password));
    CHECK(f.scalar(QStringLiteral("SELECT status FROM staff WHERE login = '%1'").arg(agent.login)) ==
          QStringLiteral("disabled"));
    CHECK(
        f.scalar(QStringLiteral("SELECT rolcanlogin FROM pg_roles WHERE rolname = '%1'").arg(agent.login)) ==
        QStringLiteral("false"));
    // The connection that was open is gone.
    CHECK(errorOf([&] { ac->execRaw(QStringLiteral("SELECT 1"), {}); }).kind != db::DbError::Kind::None);
    CHECK(test::waitFor([&] {
        return f.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE usename = '%1'")
                            .arg(agent.login)) == QStringLiteral("0");
    }));
    CHECK(f.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'staff.disable' AND "
                                  "new_values->>'login' = '%1'")
                       .arg(agent.login)) == QStringLiteral("1"));
    // Nobody disables themselves.
    CHECK(errorOf([&] { StaffAdmin::disable(*bc, boss.login); }).sqlState == QStringLiteral("42501"));

    StaffAdmin::enable(*bc, agent.login);
    CHECK(canSignIn(agent.profile, agent.password));
    CHECK(f.scalar(QStringLiteral("SELECT status FROM staff WHERE login = '%1'").arg(agent.login)) ==
          QStringLiteral("active"));
    auto back = connect(agent);
    CHECK(auth::loadIdentity(*back).permissions == permissionsOfRole(f.db, QStringLiteral("agent")));
}

TEST_CASE("Someone else's password needs ops.staff.edit, one's own needs nothing", "[security][staff]")
{
    Fixture f;
    const auto boss = f.db.createStaff(QStringLiteral("super_admin"));
    const auto agent = f.db.createStaff(QStringLiteral("agent"));
    const auto support = f.db.createStaff(QStringLiteral("support"));
    auto ac = connect(agent);

    // One's own: fine, and only the new password works afterwards.
    const QString mine = strongPassword();
    StaffAdmin::setPassword(*ac, agent.login, mine);
    CHECK(canSignIn(agent.profile, mine));
    CHECK_FALSE(canSignIn(agent.profile, agent.password));
    CHECK(f.scalar(QStringLiteral(
              "SELECT new_values->>'own' FROM audit_log WHERE action = 'staff.password_set'")) ==
          QStringLiteral("true"));

    // Someone else's without ops.staff.edit: refused, their password unchanged.
    const QString theirs = strongPassword();
    const db::DbError e = errorOf([&] { StaffAdmin::setPassword(*ac, support.login, theirs); });
    CHECK(e.sqlState == QStringLiteral("42501"));
    CHECK(canSignIn(support.profile, support.password));
    CHECK_FALSE(canSignIn(support.profile, theirs));

    // With it: done.
    auto bc = connect(boss);
    StaffAdmin::setPassword(*bc, support.login, theirs);
    CHECK(canSignIn(support.profile, theirs));
    CHECK_FALSE(canSignIn(support.profile, support.password));
    CHECK(f.scalar(QStringLiteral("SELECT staff_login FROM audit_log WHERE action = 'staff.password_set' AND "
                                  "new_values->>'login' = '%1'")
                       .arg(support.login)) == boss.login);
}

TEST_CASE("A weak password is refused on the client with a clear message, nothing reaches the server",
          "[security][staff]")
{
    Fixture f;
    // A connection that cannot reach any server: if a check happened after contacting the server,
    // this would fail with a connection error instead of the password message.
    db::ConnectionProfile nowhere = f.db.superuserProfile();
    nowhere.host = QStringLiteral("/nonexistent-opsdeck-socket-dir");
    db::Connection offline(nowhere, QString(), QStringLiteral("staff-offline"));
    const QString login = f.login(QStringLiteral("weak"));

    const db::DbError tooShort = errorOf([&] {
        StaffAdmin::createStaff(offline, member(login, QStringLiteral("viewer")), QStringLiteral("short"));
    });
    CHECK(tooShort.kind == db::DbError::Kind::Constraint);
    CHECK(tooShort.sqlState.isEmpty());
    CHECK(tooShort.message.contains(QStringLiteral("at least 12 characters")));
    CHECK(tooShort.text().contains(QStringLiteral("at least 12 characters")));

    const db::DbError sameAsLogin = errorOf([&] {
        StaffAdmin::setPassword(offline, QStringLiteral("averyplainlogin"),
                                QStringLiteral("AveryPlainLogin"));
    });
    CHECK(sameAsLogin.kind == db::DbError::Kind::Constraint);
    CHECK(sameAsLogin.message.contains(QStringLiteral("login")));
    CHECK(errorOf([&] {
              StaffAdmin::setPassword(offline, login, QStringLiteral("twelve chars\nmore"));
          }).kind == db::DbError::Kind::Constraint);
    CHECK(errorOf([&] { StaffAdmin::setPassword(offline, login, QStringLiteral("eleven char")); }).kind ==
          db::DbError::Kind::Constraint);
    CHECK(auth::passwordProblem(login, QStringLiteral("twelve chars")).isEmpty());
    // 12 characters, not 12 bytes or UTF-16 units.
    CHECK_FALSE(auth::passwordProblem(login, QString::fromUtf8("ééééééééééé")).isEmpty());
    CHECK(auth::passwordProblem(login, QString::fromUtf8("éééééééééééé")).isEmpty());
    CHECK_FALSE(offline.isOpen());

    // Over a real connection too: no login, no staff row, no audit row.
    const auto boss = f.db.createStaff(QStringLiteral("super_admin"));
    auto bc = connect(boss);
    const int auditBefore = f.db.scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toInt();
    CHECK(errorOf([&] {
              StaffAdmin::createStaff(*bc, member(login, QStringLiteral("viewer")), QStringLiteral("short"));
          }).kind == db::DbError::Kind::Constraint);
    CHECK(roleCount(f, login) == 0);
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toInt() == auditBefore);
}

TEST_CASE("Sessions: begin and end are recorded, terminate ends another session's connection",
          "[security][staff]")
{
    Fixture f;
    const auto boss = f.db.createStaff(QStringLiteral("super_admin"));
    const auto agent = f.db.createStaff(QStringLiteral("agent"));
    const auto support = f.db.createStaff(QStringLiteral("support"));
    auto bc = connect(boss);
    auto ac = connect(agent);

    const QString id = StaffAdmin::beginSession(*ac, QStringLiteral("desk-7"), QStringLiteral("9.9.9"));
    REQUIRE_FALSE(id.isEmpty());
    CHECK(
        f.scalar(QStringLiteral("SELECT backend_pid FROM staff_sessions WHERE id = '%1'").arg(id)).toInt() ==
        ac->backendPid());
    CHECK(f.scalar(QStringLiteral(
                       "SELECT client_host || ' ' || app_version || ' ' || (ended_at IS NULL) FROM "
                       "staff_sessions s JOIN staff t ON t.id = s.staff_id WHERE s.id = '%1' AND t.login = "
                       "'%2'")
                       .arg(id, agent.login)) == QStringLiteral("desk-7 9.9.9 true"));
    CHECK(f.scalar(QStringLiteral("SELECT last_login_at IS NOT NULL FROM staff WHERE login = '%1'")
                       .arg(agent.login)) == QStringLiteral("true"));
    auto mine = StaffAdmin::activeSessions(*ac);
    REQUIRE(mine.size() == 1);
    CHECK(mine.first().id == id);
    CHECK(mine.first().isCurrent);
    CHECK(mine.first().login == agent.login);

    // Someone else's session is not theirs to end.
    auto sc = connect(support);
    const QString supportSession =
        StaffAdmin::beginSession(*sc, QStringLiteral("desk-8"), QStringLiteral("9.9.9"));
    CHECK(errorOf([&] { StaffAdmin::endSession(*ac, supportSession); }).sqlState == QStringLiteral("42501"));
    CHECK(StaffAdmin::activeSessions(*ac).size() == 1); // the agent sees only their own
    CHECK(StaffAdmin::activeSessions(*bc).size() == 2); // ops.staff.view sees everyone's

    CHECK(StaffAdmin::endSession(*ac, id));
    CHECK(f.scalar(QStringLiteral(
                       "SELECT end_reason || ' ' || (ended_at IS NOT NULL) FROM staff_sessions WHERE id = "
                       "'%1'")
                       .arg(id)) == QStringLiteral("signed_out true"));
    CHECK_FALSE(StaffAdmin::endSession(*ac, id));
    CHECK(StaffAdmin::activeSessions(*ac).isEmpty());

    // Terminate: needs ops.staff.edit, ends the other connection for real.
    auto ac2 = connect(agent);
    const int victimPid = ac2->backendPid();
    // A stale open row on the same pid (a connection that is gone, its pid reused) is closed.
    const QString stale =
        f.scalar(QStringLiteral("INSERT INTO staff_sessions (staff_id, backend_pid) SELECT id, %1 "
                                "FROM staff WHERE login = '%2' RETURNING id")
                     .arg(victimPid)
                     .arg(support.login));
    const QString victim = StaffAdmin::beginSession(*ac2, QStringLiteral("desk-9"), QStringLiteral("9.9.9"));
    CHECK(f.scalar(QStringLiteral("SELECT end_reason FROM staff_sessions WHERE id = '%1'").arg(stale)) ==
          QStringLiteral("expired"));
    CHECK(errorOf([&] { StaffAdmin::terminateSession(*sc, victim); }).sqlState == QStringLiteral("42501"));
    CHECK(StaffAdmin::terminateSession(*bc, victim));
    CHECK(test::waitFor([&] {
        return f.scalar(
                   QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(victimPid)) ==
               QStringLiteral("0");
    }));
    CHECK(errorOf([&] { ac2->execRaw(QStringLiteral("SELECT 1"), {}); }).kind != db::DbError::Kind::None);
    CHECK(f.scalar(QStringLiteral("SELECT end_reason FROM staff_sessions WHERE id = '%1'").arg(victim)) ==
          QStringLiteral("terminated"));
    CHECK(f.scalar(QStringLiteral(
                       "SELECT staff_login FROM audit_log WHERE action = 'session.terminate' AND row_id = "
                       "'%1'")
                       .arg(victim)) == boss.login);
    // Over already: nothing more to end.
    CHECK_FALSE(StaffAdmin::terminateSession(*bc, victim));
    // The agent's other connection was not touched.
    CHECK_NOTHROW(ac->execRaw(QStringLiteral("SELECT 1"), {}));

    // One's own current session is signed out, not terminated.
    const QString own = StaffAdmin::beginSession(*bc, QStringLiteral("desk-1"), QStringLiteral("9.9.9"));
    CHECK(errorOf([&] { StaffAdmin::terminateSession(*bc, own); }).sqlState == QStringLiteral("22023"));

    // A session whose connection is gone counts as ended.
    sc.reset();
    CHECK(test::waitFor([&] {
        for (const auto& s : StaffAdmin::activeSessions(*bc)) {
            if (s.id == supportSession)
                return false;
        }
        return true;
    }));
}

TEST_CASE("The console records its session: Session begins it on the pool and ends it when closed",
          "[security][staff][session]")
{
    Fixture f;
    const auto agent = f.db.createStaff(QStringLiteral("agent"));
    auto ic = connect(agent);
    const auth::StaffIdentity me = auth::loadIdentity(*ic);
    auto pool = std::make_shared<db::DbPool>(agent.profile, agent.password, 2);
    auto sessionRow = [&](const QString& id, const char* column) {
        return f.scalar(
            QStringLiteral("SELECT %1 FROM staff_sessions WHERE id = '%2'").arg(QLatin1String(column), id));
    };

    QString id;
    {
        session::Session s(pool, me, agent.password);
        REQUIRE(test::waitFor([&] { return !s.recordedSessionId().isEmpty(); }));
        id = s.recordedSessionId();
        CHECK(sessionRow(id, "staff_id") == me.staffId);
        CHECK(sessionRow(id, "app_version") == QStringLiteral(OPSDECK_VERSION));
        CHECK(sessionRow(id, "client_host") == QHostInfo::localHostName());
        CHECK(sessionRow(id, "ended_at IS NULL") == QStringLiteral("true"));
        // Recorded on one of the pool's own connections of this login.
        CHECK(f.scalar(
                  QStringLiteral("SELECT a.usename FROM staff_sessions s JOIN pg_stat_activity a ON a.pid = "
                                 "s.backend_pid WHERE s.id = '%1'")
                      .arg(id)) == agent.login);
    }
    CHECK(test::waitFor([&] { return sessionRow(id, "end_reason") == QStringLiteral("signed_out"); }));

    // Closed before session_begin even returned: still begun and ended exactly once.
    {
        session::Session quick(pool, me, agent.password);
    }
    CHECK(test::waitFor([&] {
        return f.scalar(
                   QStringLiteral("SELECT count(*) FILTER (WHERE ended_at IS NULL) || '/' || count(*) FROM "
                                  "staff_sessions WHERE staff_id = '%1'")
                       .arg(me.staffId)) == QStringLiteral("0/2");
    }));
}

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// opsdeck-admin with `args`, `input` on standard input and PGPASSWORD set to `pgPassword` (if any).
Run admin(const QStringList& args, const QByteArray& input = {}, const QString& pgPassword = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("PGPASSWORD"));
    if (!pgPassword.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), pgPassword);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(OPSDECK_BIN_DIR "/opsdeck-admin"), args);
    REQUIRE(p.waitForStarted());
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    REQUIRE(p.waitForFinished(60000));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

TEST_CASE("opsdeck-admin staff and audit commands, end to end", "[security][staff][tools]")
{
    Fixture f;
    const QString root = f.db.superuserProfile().toUri();
    const QString first = f.login(QStringLiteral("first.admin"));
    const QString firstPassword = strongPassword();

    // The first super admin, created by a PostgreSQL superuser; the password only on stdin.
    const Run add =
        admin({QStringLiteral("--db"), root, QStringLiteral("staff"), QStringLiteral("add"),
               QStringLiteral("--login"), first, QStringLiteral("--name"), QStringLiteral("First Admin"),
               QStringLiteral("--email"), first + QStringLiteral("@ops.example"), QStringLiteral("--role"),
               QStringLiteral("super_admin"), QStringLiteral("--password-stdin")},
              firstPassword.toUtf8() + '\n');
    INFO(add.err.toStdString());
    REQUIRE(add.exitCode == 0);
    CHECK(add.out.contains(first));
    CHECK_FALSE(add.out.contains(firstPassword));
    CHECK_FALSE(add.err.contains(firstPassword));
    REQUIRE(canSignIn(f.profileOf(first), firstPassword));

    // From now on as that staff member (password from the libpq environment).
    const QString asFirst = f.profileOf(first).toUri();
    const QString agent = f.login(QStringLiteral("cli.agent"));
    const Run addAgent =
        admin({QStringLiteral("--db"), asFirst, QStringLiteral("staff"), QStringLiteral("add"),
               QStringLiteral("--login"), agent, QStringLiteral("--name"), QStringLiteral("Cli Agent"),
               QStringLiteral("--email"), agent + QStringLiteral("@ops.example"), QStringLiteral("--role"),
               QStringLiteral("agent"), QStringLiteral("--password-stdin")},
              QByteArrayLiteral("agent password one\n"), firstPassword);
    INFO(addAgent.err.toStdString());
    CHECK(addAgent.exitCode == 0);
    CHECK(canSignIn(f.profileOf(agent), QStringLiteral("agent password one")));

    const Run list = admin({QStringLiteral("--db"), asFirst, QStringLiteral("staff"), QStringLiteral("list")},
                           {}, firstPassword);
    INFO(list.err.toStdString());
    CHECK(list.exitCode == 0);
    CHECK(list.out.startsWith(QStringLiteral("LOGIN")));
    const QStringList lines = list.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    auto lineOf = [&](const QString& login) {
        for (const QString& l : lines) {
            if (l.startsWith(login + QLatin1Char(' ')))
                return l;
        }
        return QString();
    };
    CHECK(lineOf(first).contains(QStringLiteral("super_admin")));
    CHECK(lineOf(first).contains(QStringLiteral("active")));
    CHECK(lineOf(agent).contains(QStringLiteral(" agent ")));
    CHECK(lineOf(agent).contains(QStringLiteral("never")));

    const QStringList asAdmin = {QStringLiteral("--db"), asFirst};
    CHECK(admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("set-role"),
                                      QStringLiteral("--login"), agent, QStringLiteral("--role"),
                                      QStringLiteral("support")},
                {}, firstPassword)
              .exitCode == 0);
    CHECK(groupsOf(f, agent) == groupOfRole(f, QStringLiteral("support")));
    CHECK(admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("disable"),
                                      QStringLiteral("--login"), agent},
                {}, firstPassword)
              .exitCode == 0);
    CHECK_FALSE(canSignIn(f.profileOf(agent), QStringLiteral("agent password one")));
    CHECK(admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("enable"),
                                      QStringLiteral("--login"), agent},
                {}, firstPassword)
              .exitCode == 0);
    CHECK(admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("set-password"),
                                      QStringLiteral("--login"), agent, QStringLiteral("--password-stdin")},
                QByteArrayLiteral("agent password two\n"), firstPassword)
              .exitCode == 0);
    CHECK(canSignIn(f.profileOf(agent), QStringLiteral("agent password two")));

    // staff unlock: staff_unlock() belongs to the lockout migration (0010); whatever the schema
    // has, the answer is clean: done, or one line naming what is missing.
    const Run unlock = admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("unlock"),
                                                   QStringLiteral("--login"), agent},
                             {}, firstPassword);
    INFO(unlock.err.toStdString());
    CHECK((unlock.exitCode == 0 || unlock.exitCode == 1));
    if (unlock.exitCode == 1)
        CHECK(unlock.err.contains(QStringLiteral("staff_unlock")));
    else
        CHECK(unlock.out.contains(agent));
    CHECK_FALSE(unlock.err.contains(QStringLiteral("CONTEXT")));

    // The audit chain: intact, then broken by a superuser going around the append-only trigger.
    const Run verify =
        admin(asAdmin + QStringList{QStringLiteral("audit"), QStringLiteral("verify")}, {}, firstPassword);
    INFO(verify.err.toStdString());
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.contains(QStringLiteral("intact")));
    const QString victim =
        f.scalar(QStringLiteral("SELECT min(id) FROM audit_log WHERE action = 'staff.create'"));
    f.db.exec(QStringLiteral("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; "
                             "UPDATE audit_log SET reason = 'rewritten' WHERE id = %1; "
                             "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
                  .arg(victim));
    const Run broken =
        admin(asAdmin + QStringList{QStringLiteral("audit"), QStringLiteral("verify")}, {}, firstPassword);
    CHECK(broken.exitCode == 1);
    CHECK(broken.out.contains(QStringLiteral("first broken row id ") + victim));
    CHECK(broken.err.contains(victim));

    // Bad input: exit 2 and nothing created.
    const QString nobody = f.login(QStringLiteral("nobody"));
    const QStringList addNobody =
        asAdmin + QStringList{QStringLiteral("staff"),   QStringLiteral("add"),
                              QStringLiteral("--login"), nobody,
                              QStringLiteral("--name"),  QStringLiteral("No Body"),
                              QStringLiteral("--email"), nobody + QStringLiteral("@x.example"),
                              QStringLiteral("--role"),  QStringLiteral("viewer")};
    // No --password-stdin and standard input is not a terminal: refused, never a prompt.
    const Run noStdin = admin(addNobody, QByteArrayLiteral("a password that is long\n"), firstPassword);
    CHECK(noStdin.exitCode == 2);
    CHECK(noStdin.err.contains(QStringLiteral("--password-stdin")));
    const Run shortPassword = admin(addNobody + QStringList{QStringLiteral("--password-stdin")},
                                    QByteArrayLiteral("short\n"), firstPassword);
    CHECK(shortPassword.exitCode == 2);
    CHECK(shortPassword.err.contains(QStringLiteral("at least 12 characters")));
    const Run noInput = admin(addNobody + QStringList{QStringLiteral("--password-stdin")}, {}, firstPassword);
    CHECK(noInput.exitCode == 2);
    CHECK(admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("add"),
                                      QStringLiteral("--login"), nobody, QStringLiteral("--password-stdin")},
                QByteArrayLiteral("a password that is long\n"), firstPassword)
              .exitCode == 2); // missing --name, --email, --role
    CHECK(
        admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--login"),
                                    QStringLiteral("Not A Login"), QStringLiteral("--name"),
                                    QStringLiteral("N"), QStringLiteral("--email"),
                                    QStringLiteral("n@x.example"), QStringLiteral("--role"),
                                    QStringLiteral("viewer"), QStringLiteral("--password-stdin")},
              QByteArrayLiteral("a password that is long\n"), firstPassword)
            .exitCode == 2);
    CHECK(admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("list"),
                                      QStringLiteral("--role"), QStringLiteral("viewer")},
                {}, firstPassword)
              .exitCode == 2);
    CHECK(
        admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("frobnicate")}, {}, firstPassword)
            .exitCode == 2);
    CHECK(admin(asAdmin + QStringList{QStringLiteral("staff")}, {}, firstPassword).exitCode == 2);
    CHECK(roleCount(f, nobody) == 0);

    // Refused by the server: exit 1 with one plain line on stderr.
    const Run taken =
        admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--login"),
                                    agent, QStringLiteral("--name"), QStringLiteral("Again"),
                                    QStringLiteral("--email"), QStringLiteral("again@x.example"),
                                    QStringLiteral("--role"), QStringLiteral("viewer"),
                                    QStringLiteral("--password-stdin")},
              QByteArrayLiteral("a password that is long\n"), firstPassword);
    CHECK(taken.exitCode == 1);
    CHECK(taken.err.contains(QStringLiteral("already exists")));
    CHECK_FALSE(taken.err.contains(QStringLiteral("CONTEXT"))); // plain words, no PL/pgSQL stack
    const Run unknownLogin = admin(asAdmin + QStringList{QStringLiteral("staff"), QStringLiteral("disable"),
                                                         QStringLiteral("--login"), nobody},
                                   {}, firstPassword);
    CHECK(unknownLogin.exitCode == 1);
    CHECK(unknownLogin.err.contains(QStringLiteral("no staff member")));
    // An agent may not add staff: exit 1, "Not permitted".
    const Run asAgent = admin({QStringLiteral("--db"), f.profileOf(agent).toUri(), QStringLiteral("staff"),
                               QStringLiteral("set-role"), QStringLiteral("--login"), first,
                               QStringLiteral("--role"), QStringLiteral("viewer")},
                              {}, QStringLiteral("agent password two"));
    CHECK(asAgent.exitCode == 1);
    CHECK(asAgent.err.contains(QStringLiteral("Not permitted")));
}

namespace {

// The test cluster's server log: OPSDECK_TEST_PGLOG, else scripts/lib.sh's layout (DIR/socket,
// DIR/server.log).
QString serverLogPath()
{
    const QString overridden = qEnvironmentVariable("OPSDECK_TEST_PGLOG");
    if (!overridden.isEmpty())
        return overridden;
    return QDir::cleanPath(qEnvironmentVariable("OPSDECK_TEST_PGHOST") + QStringLiteral("/../server.log"));
}

// log_statement = 'all' for the whole cluster while it lives (ALTER SYSTEM, as superuser).
struct StatementLogging
{
    db::Connection root{test::TestDatabase::clusterProfile(QStringLiteral("postgres")), QString(),
                        QStringLiteral("staff-log-") + QUuid::createUuid().toString(QUuid::Id128)};
    StatementLogging()
    {
        root.execRaw(QStringLiteral("ALTER SYSTEM SET log_statement = 'all'"),
                     QStringLiteral("logging statements"));
        root.execRaw(QStringLiteral("SELECT pg_reload_conf()"),
                     QStringLiteral("reloading the configuration"));
    }
    ~StatementLogging()
    {
        try {
            root.execRaw(QStringLiteral("ALTER SYSTEM RESET log_statement"), {});
            root.execRaw(QStringLiteral("SELECT pg_reload_conf()"), {});
        } catch (const db::DbError& e) {
            qWarning("could not reset log_statement: %s", qPrintable(e.text()));
        }
    }
};

QString setting(db::Connection& c, const char* name)
{
    QSqlQuery q = c.execRaw(QStringLiteral("SHOW %1").arg(QLatin1String(name)), {});
    return q.next() ? q.value(0).toString() : QString();
}

} // namespace

TEST_CASE("No plaintext password reaches the server log, even with log_statement = all",
          "[security][staff][log]")
{
    Fixture f;
    const QString logPath = serverLogPath();
    QFile log(logPath);
    if (!log.open(QIODevice::ReadOnly))
        FAIL("cannot read the test cluster's server log at " << logPath.toStdString() << " ("
                                                             << log.errorString().toStdString()
                                                             << "): set OPSDECK_TEST_PGLOG to its path");
    const qint64 start = log.size();

    const auto boss = f.db.createStaff(QStringLiteral("super_admin"));
    StatementLogging logging;
    auto bc = connect(boss);
    // The server applies a reload asynchronously; each backend at its next statement.
    REQUIRE(test::waitFor([&] { return setting(*bc, "log_statement") == QStringLiteral("all"); }));

    const QString canary = QStringLiteral("Canary-") + demo::randomPassword(16);
    const QString canary2 = QStringLiteral("Canary-") + demo::randomPassword(16);
    const QString login = f.login(QStringLiteral("logged"));
    StaffAdmin::createStaff(*bc, member(login, QStringLiteral("agent")), canary);
    StaffAdmin::setPassword(*bc, login, canary2);
    auto lc = connect(f.profileOf(login), canary2);
    StaffAdmin::setPassword(*lc, login, canary + QStringLiteral("-own"));
    REQUIRE(canSignIn(f.profileOf(login), canary + QStringLiteral("-own")));

    QByteArray written;
    const bool logged = test::waitFor([&] {
        log.seek(start);
        written = log.readAll();
        return written.count("staff_set_password") >= 2;
    });
    INFO("server log: " << logPath.toStdString() << ", " << written.size() << " new bytes");
    REQUIRE(logged); // the statements were logged …
    CHECK(written.contains("staff_create"));
    CHECK(written.contains("SCRAM-SHA-256$"));      // … with their verifiers …
    CHECK_FALSE(written.contains(canary.toUtf8())); // … and never a password
    CHECK_FALSE(written.contains(canary2.toUtf8()));
}
