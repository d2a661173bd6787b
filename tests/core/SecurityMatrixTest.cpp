// PostgreSQL itself refuses what a role may not do: for each of the 8 roles, a real login of that
// role runs one representative statement per permission, directly in SQL (not through the UI).
// Allowed ones succeed; forbidden ones fail with SQLSTATE 42501. The expectation comes from the
// editable matrix in the database, so the test follows the matrix, not a copy of it.
#include "TestDatabase.h"
#include "auth/SignIn.h"
#include "db/Connection.h"

#include <QSqlQuery>
#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

struct Action
{
    const char* permission;
    QString sql; // %1 … placeholders filled from Fixture
};

struct Fixture
{
    QString pendingBooking, paidBooking, openComplaint, openQueueItem, tenant, otherStaff, station, record,
        connection, contact, schedule, pendingOutbound, bookingsViewPermission, verifier, target;
};

QString one(test::TestDatabase& db, const QString& sql)
{
    return db.scalar(sql).toString();
}

QList<Action> actions(const Fixture& f)
{
    auto q = [](const QString& s) {
        return QLatin1Char('\'') + s + QLatin1Char('\'');
    };
    return {
        {"tenants.view", QStringLiteral("SELECT count(*) FROM tenants")},
        {"tenants.edit",
         QStringLiteral("UPDATE tenants SET timezone = 'Pacific/Auckland' WHERE id = %1").arg(q(f.tenant))},
        {"bookings.view", QStringLiteral("SELECT count(*) FROM bookings")},
        {"bookings.edit",
         QStringLiteral("UPDATE bookings SET notes = 'call back' WHERE id = %1").arg(q(f.pendingBooking))},
        {"bookings.cancel",
         QStringLiteral("UPDATE bookings SET status = 'cancelled', cancelled_at = now() WHERE id = %1")
             .arg(q(f.pendingBooking))},
        {"bookings.refund",
         QStringLiteral("UPDATE bookings SET payment_status = 'partially_refunded', refunded_amount = 1 "
                        "WHERE id = %1")
             .arg(q(f.paidBooking))},
        {"complaints.view", QStringLiteral("SELECT count(*) FROM complaints")},
        {"complaints.assign", QStringLiteral("UPDATE complaints SET assigned_to = %1 WHERE id = %2")
                                  .arg(q(f.otherStaff), q(f.openComplaint))},
        {"complaints.resolve",
         QStringLiteral("UPDATE complaints SET status = 'resolved', resolved_at = now(), "
                        "resolution = 'refunded' WHERE id = %1")
             .arg(q(f.openComplaint))},
        {"complaints.escalate",
         QStringLiteral("UPDATE complaints SET status = 'escalated', escalated_at = now() "
                        "WHERE id = %1")
             .arg(q(f.openComplaint))},
        {"ops.priority_queue.view", QStringLiteral("SELECT count(*) FROM priority_queue")},
        {"ops.priority_queue.review",
         QStringLiteral("UPDATE priority_queue SET status = 'in_review' WHERE id = %1")
             .arg(q(f.openQueueItem))},
        {"ops.alerts.view", QStringLiteral("SELECT count(*) FROM alerts")},
        {"ops.alerts.manage_rules",
         QStringLiteral("UPDATE alert_rules SET description = 'tuned' WHERE rule_type = 'sla_breach'")},
        {"ops.alerts.manage_subscriptions",
         QStringLiteral("INSERT INTO alert_subscriptions (staff_id, alert_type) VALUES (%1, 'test_only')")
             .arg(q(f.otherStaff))},
        {"ops.staff.view", QStringLiteral("SELECT count(*) FROM auth_failures")},
        {"ops.config.view", QStringLiteral("SELECT count(*) FROM ops_config")},
        {"ops.config.edit",
         QStringLiteral("UPDATE ops_config SET config_value = '2' WHERE config_key = 'sla.buffer_hours'")},
        {"ops.audit.view", QStringLiteral("SELECT count(*) FROM audit_log")},
        {"system.admin",
         QStringLiteral("DELETE FROM role_permissions WHERE role_id = 8 AND permission_id = %1")
             .arg(f.bookingsViewPermission)},
        {"system.auth_monitor", QStringLiteral("SELECT auth_release_expired_locks()")},
        {"engines.run", QStringLiteral("SELECT outbound_sweep()")},
        {"technical.view", QStringLiteral("SELECT count(*) FROM error_logs")},
        {"technical.sync",
         QStringLiteral("INSERT INTO data_import_jobs (tenant_id, trigger) VALUES (%1, 'manual')")
             .arg(q(f.tenant))},
        {"alerts.broadcast", QStringLiteral("INSERT INTO alerts (alert_type, severity, title, is_broadcast) "
                                            "VALUES ('system', 'info', 'Maintenance tonight', true)")},
        {"tasks.use",
         QStringLiteral(
             "INSERT INTO operator_tasks (title, created_by) VALUES ('Call Dana', my_staff_id())")},
        {"notes.use", QStringLiteral("INSERT INTO consultant_notes (tenant_id, content, created_by) "
                                     "VALUES (%1, 'Prefers email', my_staff_id())")
                          .arg(q(f.tenant))},
        {"reports.view", QStringLiteral("SELECT count(*) FROM report_schedules")},
        {"reports.send", QStringLiteral("INSERT INTO report_runs (report_type, trigger, status) "
                                        "VALUES ('weekly_summary', 'manual', 'sent')")},
        {"reports.manage",
         QStringLiteral("UPDATE report_schedules SET name = name || ' (copy)' WHERE id = %1")
             .arg(q(f.schedule))},
        {"connections.view", QStringLiteral("SELECT count(*) FROM connections")},
        {"connections.edit",
         QStringLiteral("UPDATE connections SET is_enabled = NOT is_enabled WHERE id = %1")
             .arg(q(f.connection))},
        {"records.view", QStringLiteral("SELECT count(*) FROM records")},
        {"records.edit",
         QStringLiteral("UPDATE records SET tags = tags || '{checked}' WHERE id = %1").arg(q(f.record))},
        {"contacts.view", QStringLiteral("SELECT count(*) FROM contacts")},
        {"users.edit",
         QStringLiteral("UPDATE contacts SET status = 'customer' WHERE id = %1").arg(q(f.contact))},
        {"users.delete", QStringLiteral("DELETE FROM contacts WHERE id = %1").arg(q(f.contact))},
        {"outbound.view", QStringLiteral("SELECT count(*) FROM outbound_queue")},
        {"outbound.manage", QStringLiteral("UPDATE outbound_queue SET status = 'cancelled' WHERE id = %1")
                                .arg(q(f.pendingOutbound))},
        {"stations.view", QStringLiteral("SELECT count(*) FROM stations")},
        {"stations.control",
         QStringLiteral("UPDATE stations SET status = 'paused' WHERE id = %1").arg(q(f.station))},
        {"messages.view", QStringLiteral("SELECT count(*) FROM sms_messages")},
        {"messages.send",
         QStringLiteral(
             "INSERT INTO sms_messages (tenant_id, direction, from_number, to_number, body, status) "
             "VALUES (%1, 'outbound', '+6421000000', '+6421555014', 'Hi', 'queued')")
             .arg(q(f.tenant))},
        {"messages.templates", QStringLiteral("UPDATE message_templates SET is_active = is_active")},
        {"agents.view", QStringLiteral("SELECT count(*) FROM agent_actions")},
        {"agents.control", QStringLiteral("UPDATE agents SET is_enabled = NOT is_enabled")},
        {"emergency.view", QStringLiteral("SELECT count(*) FROM emergency_actions")},
        {"emergency.control", QStringLiteral("UPDATE emergency_state SET is_active = true, reason = 'drill' "
                                             "WHERE control = 'maintenance_mode'")},
        {"contacts.full_access",
         QStringLiteral("SELECT pii.reveal_pii('contacts', ARRAY[%1], ARRAY['mobile'], "
                        "'matrix test: calling back')")
             .arg(q(f.contact))},
        {"ops.priority_queue.full_access",
         QStringLiteral("SELECT pii.reveal_pii('priority_queue', ARRAY[%1], ARRAY['user_mobile'], "
                        "'matrix test: calling back')")
             .arg(q(f.openQueueItem))},
        {"ops.staff.edit",
         QStringLiteral("SELECT staff_set_password(%2, %1)").arg(q(f.verifier), q(f.target))},
        {"ops.staff.delete", QStringLiteral("SELECT staff_enable(%1)").arg(q(f.target))},
    };
}

// Permissions without a table or function of their own yet: the seeds' end-user and provider
// modules beyond contacts, and the metrics and query permissions of the tab issues. Revenue is
// withheld (NULL), not refused, so this matrix of refusals cannot show it: ClientCardsTest and
// AnalyticsSummaryTest check it for every role.
const QStringList kNotYetGuarded = {QStringLiteral("users.view"),        QStringLiteral("users.wallet"),
                                    QStringLiteral("providers.view"),    QStringLiteral("providers.edit"),
                                    QStringLiteral("providers.approve"), QStringLiteral("providers.delete"),
                                    QStringLiteral("ops.metrics.view"),  QStringLiteral("ops.metrics.export"),
                                    QStringLiteral("tenants.revenue"),   QStringLiteral("nlquery.use")};

struct Outcome
{
    bool ok = false;
    QString sqlState;
    QString message;
};

Outcome attempt(db::Connection& c, const QString& sql)
{
    db::Transaction tx(c); // rolled back: every action starts from the same data
    try {
        c.execScript(sql, QString());
        return {true, {}, {}};
    } catch (const db::DbError& e) {
        return {false, e.sqlState, e.message};
    }
}

} // namespace

TEST_CASE("Every role's login gets exactly the matrix's permissions from PostgreSQL", "[security][matrix]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    Fixture f;
    f.pendingBooking = one(
        db, QStringLiteral(
                "SELECT id FROM bookings WHERE status = 'pending' AND payment_status = 'unpaid' LIMIT 1"));
    f.paidBooking = one(
        db, QStringLiteral("SELECT id FROM bookings WHERE payment_status = 'paid' AND amount > 2 LIMIT 1"));
    f.openComplaint = one(db, QStringLiteral("SELECT id FROM complaints WHERE status = 'open' LIMIT 1"));
    f.openQueueItem =
        one(db, QStringLiteral("SELECT id FROM priority_queue WHERE status = 'pending' LIMIT 1"));
    f.tenant = one(db, QStringLiteral("SELECT id FROM tenants ORDER BY slug LIMIT 1"));
    f.otherStaff = one(db, QStringLiteral("SELECT id FROM staff WHERE login = 'tom.becker'"));
    f.station = one(db, QStringLiteral("SELECT id FROM stations WHERE status = 'active' LIMIT 1"));
    f.record = one(db, QStringLiteral("SELECT id FROM records LIMIT 1"));
    f.connection = one(db, QStringLiteral("SELECT id FROM connections LIMIT 1"));
    f.contact = one(db, QStringLiteral("SELECT c.id FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM bookings "
                                       "b WHERE b.contact_id = c.id) LIMIT 1"));
    f.schedule = one(db, QStringLiteral("SELECT id FROM report_schedules LIMIT 1"));
    f.pendingOutbound =
        one(db, QStringLiteral("SELECT id FROM outbound_queue WHERE status = 'pending' LIMIT 1"));
    f.bookingsViewPermission =
        one(db, QStringLiteral("SELECT id FROM permissions WHERE code = 'bookings.view'"));
    // A viewer-level staff member with a real login, whom the staff-administration actions target.
    f.target =
        db.createStaff(QStringLiteral("viewer"), QStringLiteral("Target Person"), QStringLiteral("target"))
            .login;
    f.verifier = auth::scramVerifier(db.admin(), f.target, QStringLiteral("a-new-long-password-42"));
    const QList<Action> all = actions(f);

    // Every permission of the matrix is exercised here or listed as not yet guarded.
    QSqlQuery codes = db.admin().execRaw(QStringLiteral("SELECT code FROM permissions ORDER BY id"), {});
    QStringList covered;
    for (const auto& a : all)
        covered << QLatin1String(a.permission);
    while (codes.next()) {
        INFO(codes.value(0).toString().toStdString());
        CHECK((covered.contains(codes.value(0).toString()) ||
               kNotYetGuarded.contains(codes.value(0).toString())));
    }
    codes.finish();

    const QStringList roles = {QStringLiteral("super_admin"), QStringLiteral("admin"),
                               QStringLiteral("manager"),     QStringLiteral("senior_agent"),
                               QStringLiteral("agent"),       QStringLiteral("support"),
                               QStringLiteral("analyst"),     QStringLiteral("viewer")};
    int allowed = 0, refused = 0;
    for (const QString& role : roles) {
        const auto staff = db.createStaff(role);
        db::Connection c(staff.profile, staff.password, QStringLiteral("matrix-") + role);
        QSet<QString> held;
        QSqlQuery& h = db.admin().run(
            QStringLiteral("SELECT p.code FROM role_permissions rp JOIN roles r ON r.id = rp.role_id "
                           "JOIN permissions p ON p.id = rp.permission_id WHERE r.name = ?"),
            {role}, QStringLiteral("matrix"));
        while (h.next())
            held.insert(h.value(0).toString());
        h.finish();
        for (const Action& a : all) {
            const Outcome o = attempt(c, a.sql);
            const bool expected = held.contains(QLatin1String(a.permission));
            INFO(role.toStdString() << " / " << a.permission << " -> " << o.sqlState.toStdString() << " "
                                    << o.message.toStdString());
            CHECK(o.ok == expected);
            if (!expected)
                CHECK(o.sqlState == QStringLiteral("42501"));
            (o.ok ? allowed : refused)++;
        }
    }
    CHECK(allowed > 0);
    CHECK(refused > 0);
    WARN("matrix: " << allowed << " allowed and " << refused << " refused statements across 8 roles");
}

TEST_CASE("Private notes and tasks stay private, even from a super admin", "[security]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto author = db.createStaff(QStringLiteral("agent"));
    const auto boss = db.createStaff(QStringLiteral("super_admin"));
    db::Connection a(author.profile, author.password, QStringLiteral("author"));
    db::Connection b(boss.profile, boss.password, QStringLiteral("boss"));
    const QString tenant = one(db, QStringLiteral("SELECT id FROM tenants LIMIT 1"));
    a.execScript(
        QStringLiteral("INSERT INTO consultant_notes (tenant_id, content, created_by) VALUES ('%1', "
                       "'private', my_staff_id());"
                       "INSERT INTO operator_tasks (title, created_by) VALUES ('mine', my_staff_id())")
            .arg(tenant),
        {});
    auto count = [](db::Connection& c, const char* sql) {
        QSqlQuery q = c.execRaw(QLatin1String(sql), {});
        q.next();
        return q.value(0).toInt();
    };
    CHECK(count(a, "SELECT count(*) FROM consultant_notes") == 1);
    CHECK(count(a, "SELECT count(*) FROM operator_tasks") == 1);
    // The demo data holds notes of other staff too; the super admin sees none of the agent's.
    CHECK(count(b, "SELECT count(*) FROM consultant_notes WHERE content = 'private'") == 0);
    CHECK(count(b, "SELECT count(*) FROM operator_tasks WHERE title = 'mine'") == 0);
    // Nor can anyone write a note in someone else's name.
    CHECK_THROWS_AS(
        b.execScript(QStringLiteral("INSERT INTO operator_tasks (title, created_by) SELECT 'forged', id "
                                    "FROM staff WHERE login = '%1'")
                         .arg(author.login),
                     {}),
        db::DbError);
}

TEST_CASE("The audit log is append-only for every role and its hash chain finds tampering",
          "[security][audit]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto admin = db.createStaff(QStringLiteral("super_admin"));
    db::Connection c(admin.profile, admin.password, QStringLiteral("auditor"));
    // A change by a staff member lands in the audit log with who and what.
    c.execScript(
        QStringLiteral("UPDATE tenants SET timezone = 'Australia/Sydney' WHERE slug = 'kauri-dental'"), {});
    CHECK(db.scalar(QStringLiteral(
                        "SELECT count(*) FROM audit_log WHERE staff_login = '%1' AND table_name = 'tenants' "
                        "AND changed_fields = '{timezone}' AND new_values->>'timezone' = 'Australia/Sydney' "
                        "AND row_id = (SELECT id::text FROM tenants WHERE slug = 'kauri-dental')")
                        .arg(admin.login))
              .toInt() == 1);

    for (const char* role :
         {"super_admin", "admin", "manager", "senior_agent", "agent", "support", "analyst", "viewer"}) {
        const auto s = role == QLatin1String("super_admin") ? admin : db.createStaff(QLatin1String(role));
        db::Connection r(s.profile, s.password, QStringLiteral("audit-") + QLatin1String(role));
        for (const char* sql : {"UPDATE audit_log SET reason = 'edited'", "DELETE FROM audit_log",
                                "TRUNCATE audit_log", "INSERT INTO audit_log (action) VALUES ('forged')"}) {
            INFO(role << ": " << sql);
            try {
                db::Transaction tx(r);
                r.execScript(QLatin1String(sql), {});
                FAIL("the audit log accepted a change");
            } catch (const db::DbError& e) {
                CHECK(e.sqlState == QStringLiteral("42501"));
            }
        }
    }
    // Even the owner is refused by the trigger.
    CHECK_THROWS_AS(db.exec(QStringLiteral("DELETE FROM audit_log")), db::DbError);

    QSqlQuery ok =
        c.execRaw(QStringLiteral("SELECT intact, rows_checked, first_broken_id FROM audit_verify()"), {});
    REQUIRE(ok.next());
    CHECK(ok.value(0).toBool());
    CHECK(ok.value(1).toInt() >= 1);
    ok.finish();

    // A superuser who goes around the trigger is found by the chain.
    db.exec(QStringLiteral(
        "INSERT INTO audit_log (action, reason) SELECT 'note', 'row ' || g FROM generate_series(1, 5) g"));
    const qint64 victim = db.scalar(QStringLiteral("SELECT min(id) + 2 FROM audit_log")).toLongLong();
    db.exec(QStringLiteral("SET session_replication_role = replica; UPDATE audit_log SET reason = "
                           "'rewritten' WHERE id = %1; "
                           "SET session_replication_role = origin")
                .arg(victim));
    QSqlQuery broken = c.execRaw(QStringLiteral("SELECT intact, first_broken_id FROM audit_verify()"), {});
    REQUIRE(broken.next());
    CHECK_FALSE(broken.value(0).toBool());
    CHECK(broken.value(1).toLongLong() == victim);
}

TEST_CASE("Staff logins hold no dangerous attributes and own nothing, every table is guarded", "[security]")
{
    test::TestDatabase db;
    const auto s = db.createStaff(QStringLiteral("super_admin"));
    CHECK(db.scalar(QStringLiteral(
                        "SELECT rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb FROM pg_roles "
                        "WHERE rolname = '%1'")
                        .arg(s.login))
              .toBool() == false);
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
                                   "WHERE r.rolname = '%1'")
                        .arg(s.login))
              .toInt() == 0);
    // Every table of the schema: owned by the owner role, row-level security enabled and forced.
    CHECK(db.scalar(QStringLiteral(
                        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT (c.relrowsecurity AND "
                        "c.relforcerowsecurity)"))
              .toInt() == 0);
    CHECK(db.scalar(QStringLiteral("SELECT count(DISTINCT pg_get_userbyid(c.relowner)) FROM pg_class c JOIN "
                                   "pg_namespace n ON n.oid = c.relnamespace "
                                   "WHERE n.nspname = 'public' AND c.relkind = 'r'"))
              .toInt() == 1);
    CHECK(db.scalar(QStringLiteral("SELECT pg_get_userbyid(c.relowner) = opsdeck_role_prefix() || 'owner' "
                                   "FROM pg_class c WHERE c.relname = 'tenants'"))
              .toBool());
    // The owner cannot log in.
    CHECK_FALSE(
        db.scalar(QStringLiteral(
                      "SELECT rolcanlogin FROM pg_roles WHERE rolname = opsdeck_role_prefix() || 'owner'"))
            .toBool());
}
