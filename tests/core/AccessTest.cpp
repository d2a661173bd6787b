#include "TestDatabase.h"
#include "access/AuditLog.h"
#include "access/PermissionMatrix.h"
#include "db/Connection.h"

#include <QBuffer>
#include <QSqlQuery>
#include <catch2/catch.hpp>

using namespace opsdeck;

TEST_CASE("CSV fields are quoted per RFC 4180 and formulas are defused", "[access][csv]")
{
    CHECK(access::csvField(QStringLiteral("plain")) == QStringLiteral("plain"));
    CHECK(access::csvField(QStringLiteral("a,b")) == QStringLiteral("\"a,b\""));
    CHECK(access::csvField(QStringLiteral("say \"hi\"")) == QStringLiteral("\"say \"\"hi\"\"\""));
    CHECK(access::csvField(QStringLiteral("two\nlines")) == QStringLiteral("\"two\nlines\""));
    CHECK(access::csvField(QStringLiteral("=HYPERLINK(\"x\")")) ==
          QStringLiteral("\"'=HYPERLINK(\"\"x\"\")\""));
    CHECK(access::csvField(QStringLiteral("-1")) == QStringLiteral("\"'-1\""));
}

TEST_CASE("The audit export writes the whole filtered set, however many pages", "[access][audit]")
{
    test::TestDatabase db;
    db.exec(QStringLiteral(
        "INSERT INTO audit_log (action, table_name, row_id, pii_accessed, reason) "
        "SELECT CASE WHEN g % 5 = 0 THEN 'pii.reveal' ELSE 'bulk.test' END, 'contacts', g::text, "
        "g % 5 = 0, 'row, with \"quotes\"' FROM generate_series(1, 2500) g"));
    const auto viewer = db.createStaff(QStringLiteral("analyst")); // analysts hold ops.audit.view
    db::Connection c(viewer.profile, viewer.password, QStringLiteral("exporter"));

    access::AuditFilter all;
    all.tableName = QStringLiteral("contacts");
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CHECK(access::exportAuditCsv(c, all, buffer) == 2500);
    const QList<QByteArray> lines = buffer.data().split('\n');
    CHECK(lines.first().startsWith("#,Time,Staff,Action"));
    CHECK(lines.size() == 2500 + 2); // header + rows + the empty tail after the last CRLF
    CHECK(buffer.data().contains("\"row, with \"\"quotes\"\"\""));

    access::AuditFilter pii = all;
    pii.piiOnly = true;
    QBuffer piiBuffer;
    piiBuffer.open(QIODevice::WriteOnly);
    CHECK(access::exportAuditCsv(c, pii, piiBuffer) == 500);

    access::AuditFilter none = all;
    none.staffLogin = QStringLiteral("nobody.at.all");
    QBuffer empty;
    empty.open(QIODevice::WriteOnly);
    CHECK(access::exportAuditCsv(c, none, empty) == 0);

    const auto chain = access::verifyAuditChain(c);
    CHECK(chain.intact);
    CHECK(chain.rowsChecked >= 2500);

    // Without ops.audit.view the database refuses the export.
    const auto agent = db.createStaff(QStringLiteral("agent"));
    db::Connection a(agent.profile, agent.password, QStringLiteral("not-an-auditor"));
    QBuffer refused;
    refused.open(QIODevice::WriteOnly);
    try {
        access::exportAuditCsv(a, all, refused);
        FAIL("an agent exported the audit log");
    } catch (const db::DbError& e) {
        CHECK(e.sqlState == QStringLiteral("42501"));
    }
}

TEST_CASE("Only system.admin edits the matrix, and never above its own level", "[access][matrix][security]")
{
    test::TestDatabase db;
    const auto boss = db.createStaff(QStringLiteral("super_admin"));
    const auto admin = db.createStaff(QStringLiteral("admin"));
    const auto viewer = db.createStaff(QStringLiteral("viewer"));
    db::Connection b(boss.profile, boss.password, QStringLiteral("boss"));
    db::Connection a(admin.profile, admin.password, QStringLiteral("admin"));
    db::Connection v(viewer.profile, viewer.password, QStringLiteral("viewer"));

    const auto matrix = access::loadPermissionMatrix(b);
    CHECK(matrix.roles.size() == 8);
    CHECK(matrix.roles.first().name == QStringLiteral("super_admin"));
    int viewerRole = 0, adminRole = 0, agentRole = 0, bookingsView = 0;
    for (const auto& r : matrix.roles) {
        viewerRole = r.name == QStringLiteral("viewer") ? r.id : viewerRole;
        adminRole = r.name == QStringLiteral("admin") ? r.id : adminRole;
        agentRole = r.name == QStringLiteral("agent") ? r.id : agentRole;
    }
    for (const auto& p : matrix.permissions)
        bookingsView = p.code == QStringLiteral("bookings.view") ? p.id : bookingsView;
    REQUIRE(matrix.granted(viewerRole, bookingsView));

    auto viewerHas = [&](const char* code) {
        QSqlQuery q = v.execRaw(QStringLiteral("SELECT has_permission('%1')").arg(QLatin1String(code)), {});
        q.next();
        return q.value(0).toBool();
    };
    CHECK(viewerHas("bookings.view"));
    access::setPermissionGrant(b, viewerRole, bookingsView, false);
    CHECK_FALSE(viewerHas("bookings.view"));
    access::setPermissionGrant(b, viewerRole, bookingsView, true);
    CHECK(viewerHas("bookings.view"));

    // An admin lacks system.admin: refused by the database.
    try {
        access::setPermissionGrant(a, viewerRole, bookingsView, false);
        FAIL("an admin edited the matrix");
    } catch (const db::DbError& e) {
        CHECK(e.sqlState == QStringLiteral("42501"));
    }
    // Give admins system.admin (as the superuser): they may edit lower roles, not their betters.
    db.exec(QStringLiteral(
                "INSERT INTO role_permissions SELECT %1, id FROM permissions WHERE code = 'system.admin'")
                .arg(adminRole));
    access::setPermissionGrant(a, agentRole, bookingsView, false);
    access::setPermissionGrant(a, agentRole, bookingsView, true);
    int superRole = matrix.roles.first().id;
    try {
        access::setPermissionGrant(a, superRole, bookingsView, false);
        FAIL("an admin edited the super admin's permissions");
    } catch (const db::DbError& e) {
        CHECK(e.sqlState == QStringLiteral("42501"));
        CHECK(e.message.contains(QStringLiteral("level")));
    }
    // Every change to the matrix is audited.
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE table_name = 'role_permissions' AND "
                                   "staff_login IN ('%1', '%2')")
                        .arg(boss.login, admin.login))
              .toInt() == 4);
}
