#include "TestDatabase.h"
#include "auth/SignIn.h"
#include "db/DbPool.h"
#include "session/Tabs.h"

#include <QSqlQuery>
#include <catch2/catch.hpp>

using namespace opsdeck;

TEST_CASE("Seed 002: 8 roles with levels and 31 permissions with the seed's per-role counts", "[rbac]")
{
    test::TestDatabase db;
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM roles")).toInt() == 8);
    CHECK(db.scalar(QStringLiteral("SELECT string_agg(level::text, ',' ORDER BY level) FROM roles"))
              .toString() == QStringLiteral("1,2,3,4,5,6,7,8"));
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM permissions WHERE in_seed")).toInt() == 31);
    QSqlQuery q =
        db.admin().execRaw(QStringLiteral("SELECT r.name, count(p.id) FILTER (WHERE p.in_seed) FROM roles r "
                                          "LEFT JOIN role_permissions rp ON rp.role_id = r.id LEFT JOIN "
                                          "permissions p ON p.id = rp.permission_id "
                                          "GROUP BY r.name, r.level ORDER BY r.level"),
                           {});
    QStringList counts;
    while (q.next())
        counts << q.value(0).toString() + QLatin1Char('=') + q.value(1).toString();
    CHECK(counts.join(QLatin1Char(' ')) ==
          QStringLiteral("super_admin=31 admin=30 manager=20 senior_agent=15 agent=12 "
                         "support=6 analyst=7 viewer=8"));
    // Only the super admin holds system.admin; every permission is module.action.
    CHECK(db
              .scalar(QStringLiteral(
                  "SELECT string_agg(r.name, ',') FROM role_permissions rp JOIN roles r ON r.id = rp.role_id "
                  "JOIN permissions p ON p.id = rp.permission_id WHERE p.code = 'system.admin'"))
              .toString() == QStringLiteral("super_admin"));
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM permissions WHERE code !~ '^[a-z_]+(\\.[a-z_]+)+$'"))
              .toInt() == 0);
    // Seed 001's 4 default alert rules; 0013 adds the 3 tenant-health rules.
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM alert_rules WHERE rule_type IN ('sla_breach', "
                                   "'sla_at_risk', 'critical_complaint', 'high_workload')"))
              .toInt() == 4);
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM alert_rules")).toInt() == 7);
    // The seeds' 4 ops_config defaults (later migrations add their own settings).
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM ops_config WHERE config_key IN ('sla.buffer_hours', "
                                   "'sla.complaint_response_hours', 'sla.refund_response_hours', "
                                   "'alerts.evaluation_interval_minutes')"))
              .toInt() == 4);
}

TEST_CASE("Signing in with one's own PostgreSQL login loads name, role and permission set", "[rbac][signin]")
{
    test::TestDatabase db;
    const auto viewer = db.createStaff(QStringLiteral("viewer"), QStringLiteral("Ivy Viewer"));
    const auto admin = db.createStaff(QStringLiteral("super_admin"), QStringLiteral("Ada Admin"));

    db::DbPool pool(viewer.profile, viewer.password, 1);
    auto future = auth::loadIdentity(pool);
    REQUIRE(test::waitFor([&] { return future.isFinished(); }, 10000));
    const auto result = future.result();
    REQUIRE(result.ok());
    const auth::StaffIdentity& me = result.value();
    CHECK(me.fullName == QStringLiteral("Ivy Viewer"));
    CHECK(me.roleName == QStringLiteral("viewer"));
    CHECK(me.roleLevel == 8);
    CHECK(me.has(QStringLiteral("bookings.view")));
    CHECK_FALSE(me.has(QStringLiteral("bookings.edit")));
    CHECK(me.permissions.size() ==
          db.scalar(QStringLiteral("SELECT count(*) FROM role_permissions WHERE role_id = 8")).toInt());

    // The permission set follows the editable matrix, not a list in the client.
    db.exec(QStringLiteral("DELETE FROM role_permissions WHERE role_id = 8 AND permission_id = "
                           "(SELECT id FROM permissions WHERE code = 'bookings.view')"));
    auto again = auth::loadIdentity(pool);
    REQUIRE(test::waitFor([&] { return again.isFinished(); }, 10000));
    REQUIRE(again.result().ok());
    CHECK_FALSE(again.result().value().has(QStringLiteral("bookings.view")));

    // Tabs: a viewer sees no Emergency tab; the super admin sees all five.
    QStringList viewerTabs;
    for (const auto& t : session::visibleTabs(me))
        viewerTabs << t.id;
    CHECK(viewerTabs == QStringList{QStringLiteral("clients"), QStringLiteral("technical"),
                                    QStringLiteral("tools"), QStringLiteral("operations")});
    db::DbPool adminPool(admin.profile, admin.password, 1);
    auto a = auth::loadIdentity(adminPool);
    REQUIRE(test::waitFor([&] { return a.isFinished(); }, 10000));
    REQUIRE(a.result().ok());
    CHECK(session::visibleTabs(a.result().value()).size() == 5);
}

TEST_CASE("A wrong password and a login that is not staff fail with clear errors", "[rbac][signin]")
{
    test::TestDatabase db;
    const auto staff = db.createStaff(QStringLiteral("agent"));
    db::DbPool wrong(staff.profile, QStringLiteral("not-the-password"), 1);
    auto f = auth::loadIdentity(wrong);
    REQUIRE(test::waitFor([&] { return f.isFinished(); }, 10000));
    REQUIRE_FALSE(f.result().ok());
    CHECK(f.result().error().message.contains(QStringLiteral("password authentication failed")));

    // The superuser connects fine but is not an Opsdeck staff member.
    db::DbPool su(db.superuserProfile(), QString(), 1);
    auto g = auth::loadIdentity(su);
    REQUIRE(test::waitFor([&] { return g.isFinished(); }, 10000));
    REQUIRE_FALSE(g.result().ok());
    CHECK(g.result().error().message.contains(QStringLiteral("not registered as Opsdeck staff")));
}
