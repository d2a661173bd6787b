// 0011: end users' sign-in emails and addresses, the tenants' workers, inbound event payloads and
// business records are personal data too; a viewer with psql reads them only masked.
#include "TestDatabase.h"
#include "db/Connection.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <algorithm>
#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

QStringList column(db::Connection& c, const QString& sql)
{
    QStringList out;
    QSqlQuery q = c.execRaw(sql, {});
    while (q.next())
        out << q.value(0).toString();
    return out;
}

} // namespace

TEST_CASE("Sign-in emails, workers, event payloads and records are masked for every staff reader",
          "[security][pii]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto viewer = db.createStaff(QStringLiteral("viewer"));
    const auto manager = db.createStaff(QStringLiteral("manager"));
    db::Connection v(viewer.profile, viewer.password, QStringLiteral("pii-viewer"));
    db::Connection m(manager.profile, manager.password, QStringLiteral("pii-manager"));

    // The base columns are refused, whoever asks.
    for (db::Connection* c : {&v, &m}) {
        for (const char* sql :
             {"SELECT user_email FROM login_events LIMIT 1", "SELECT ip_address FROM login_events LIMIT 1",
              "SELECT full_name FROM workers LIMIT 1", "SELECT email FROM workers LIMIT 1",
              "SELECT payload FROM events LIMIT 1", "SELECT title FROM records LIMIT 1",
              "SELECT * FROM records LIMIT 1"}) {
            INFO(sql);
            try {
                c->execRaw(QLatin1String(sql), {});
                FAIL("a PII column was readable");
            } catch (const db::DbError& e) {
                CHECK(e.sqlState == QStringLiteral("42501"));
            }
        }
        // The other columns still work (counts, filters the panels need).
        CHECK(column(*c, QStringLiteral("SELECT count(*) FROM login_events WHERE NOT success"))
                  .first()
                  .toInt() > 0);
    }

    static const QRegularExpression email(
        QStringLiteral("[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"));
    // Phone numbers as the demo writes them (+64 21 555 0142, 021-555-0142, 9876543210); not dates.
    static const QRegularExpression phone(QStringLiteral(
        "\\+\\d{1,3} ?\\d{1,4} ?\\d{3} ?\\d{3,4}|\\b0\\d{1,2}[- ]\\d{3}[- ]\\d{4}\\b|\\b\\d{10}\\b"));
    const QStringList emails = column(v, QStringLiteral("SELECT user_email FROM pii.login_events_v"));
    REQUIRE_FALSE(emails.isEmpty());
    for (const QString& e : emails) {
        INFO(e.toStdString());
        CHECK(e.contains(QStringLiteral("***@")));
    }
    const QStringList workerEmails = column(m, QStringLiteral("SELECT email FROM pii.workers_v"));
    REQUIRE_FALSE(workerEmails.isEmpty());
    for (const QString& e : workerEmails)
        CHECK_FALSE(email.match(e).hasMatch());
    const QStringList raw =
        column(db.admin(), QStringLiteral("SELECT payload::text FROM events WHERE payload::text ~ '@'"));
    REQUIRE_FALSE(raw.isEmpty()); // the demo's payloads do hold emails and phones: the checks mean something
    CHECK(std::any_of(raw.begin(), raw.end(), [](const QString& p) { return phone.match(p).hasMatch(); }));
    for (const QString& p : column(v, QStringLiteral("SELECT payload FROM pii.events_v"))) {
        INFO(p.toStdString());
        CHECK_FALSE(email.match(p).hasMatch());
        CHECK_FALSE(phone.match(p).hasMatch());
    }
    for (const QString& t :
         column(v, QStringLiteral("SELECT title || ' ' || coalesce(payload, '') FROM pii.records_v"))) {
        INFO(t.toStdString());
        CHECK_FALSE(email.match(t).hasMatch());
    }
    // Row filtering stays in RLS: without technical.view the view refuses too.
    db.exec(QStringLiteral(
        "DELETE FROM role_permissions WHERE role_id = (SELECT id FROM roles WHERE name = 'viewer') "
        "AND permission_id = (SELECT id FROM permissions WHERE code = 'technical.view')"));
    try {
        v.execRaw(QStringLiteral("SELECT count(*) FROM pii.login_events_v"), {});
        FAIL("the view ignored row-level security");
    } catch (const db::DbError& e) {
        CHECK(e.sqlState == QStringLiteral("42501"));
    }
}

TEST_CASE("Sign-in emails, workers, event payloads and records are revealed on demand, audited",
          "[security][pii]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto viewer = db.createStaff(QStringLiteral("viewer"));
    const auto senior = db.createStaff(QStringLiteral("senior_agent"));
    db::Connection v(viewer.profile, viewer.password, QStringLiteral("reveal-viewer"));
    db::Connection s(senior.profile, senior.password, QStringLiteral("reveal-senior"));
    const QString worker = db.scalar(QStringLiteral("SELECT id FROM workers ORDER BY id LIMIT 1")).toString();
    const QString rawEmail =
        db.scalar(QStringLiteral("SELECT email FROM workers WHERE id = '%1'").arg(worker)).toString();
    const QString signIn =
        db.scalar(QStringLiteral("SELECT id FROM login_events ORDER BY id LIMIT 1")).toString();
    const QString reveal = QStringLiteral("SELECT pii.reveal_pii('%1', ARRAY['%2'], ARRAY['%3'], "
                                          "'checking a payroll question')::text");

    // Without contacts.full_access: refused, and nothing is audited.
    try {
        v.execRaw(reveal.arg(QStringLiteral("workers"), worker, QStringLiteral("email")), {});
        FAIL("a viewer revealed a worker's email");
    } catch (const db::DbError& e) {
        CHECK(e.sqlState == QStringLiteral("42501"));
    }
    const auto revealed = [&](const QString& table, const QString& id, const QString& field) {
        QSqlQuery q = s.execRaw(reveal.arg(table, id, field), {});
        return q.next() ? q.value(0).toString() : QString();
    };
    CHECK(revealed(QStringLiteral("workers"), worker, QStringLiteral("email")).contains(rawEmail));
    CHECK(revealed(QStringLiteral("login_events"), signIn, QStringLiteral("user_email"))
              .contains(QLatin1Char('@')));
    CHECK(db.scalar(
                QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'pii.reveal' AND pii_accessed "
                               "AND table_name IN ('workers', 'login_events') AND staff_login = '%1' "
                               "AND reason = 'checking a payroll question'")
                    .arg(senior.login))
              .toInt() == 2);
    // Only the whitelisted fields of the new tables.
    try {
        s.execRaw(reveal.arg(QStringLiteral("workers"), worker, QStringLiteral("role")), {});
        FAIL("a field outside the whitelist was revealed");
    } catch (const db::DbError& e) {
        CHECK(e.sqlState == QStringLiteral("22023"));
    }
}
