// Operations → Outbound's repository on a real database: keyset pages of the queue through the
// masked view (0014), the filters, the masked destinations and scrubbed payloads for every role,
// and the two staff actions through outbound_retry_now() / outbound_cancel(), which PostgreSQL
// refuses without outbound.manage (42501) and without a reason (22023). Expectations come from the
// raw values read as superuser and from the permission matrix, not from the code under test.
#include "outbound/OutboundRepository.h"

#include "TestDatabase.h"
#include "db/Connection.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>
#include <catch2/catch.hpp>

// Readable QStrings in Catch's failure messages.
namespace Catch {
template <> struct StringMaker<QString>
{
    static std::string convert(const QString& s) { return '"' + s.toStdString() + '"'; }
};
} // namespace Catch

using namespace opsdeck;
using outbound::OutboundFilter;
using outbound::OutboundItem;
using outbound::OutboundRepository;

namespace {

QList<QVariantList> rows(db::Connection& c, const QString& sql)
{
    QSqlQuery q = c.execRaw(sql, QStringLiteral("test query"));
    QList<QVariantList> result;
    while (q.next()) {
        QVariantList row;
        for (int i = 0; i < q.record().count(); ++i)
            row << q.value(i);
        result << row;
    }
    return result;
}

QString literal(const QString& s)
{
    return QLatin1Char('\'') + QString(s).replace(QLatin1Char('\''), QStringLiteral("''")) +
           QLatin1Char('\'');
}

bool roleHolds(test::TestDatabase& db, const QString& role, const QString& code)
{
    return db
        .scalar(QStringLiteral(
                    "SELECT EXISTS (SELECT 1 FROM role_permissions rp JOIN roles r ON r.id = rp.role_id "
                    "JOIN permissions p ON p.id = rp.permission_id WHERE r.name = %1 AND p.code = %2)")
                    .arg(literal(role), literal(code)))
        .toBool();
}

// Every item of the filter, page after page.
QList<OutboundItem> everything(OutboundRepository& repo, const OutboundFilter& filter, int pageSize)
{
    QList<OutboundItem> all;
    QVariant sort, key;
    for (int guard = 0; guard < 10000; ++guard) {
        db::KeysetPage raw;
        all << repo.page(filter, pageSize, sort, key, &raw);
        if (raw.atEnd)
            break;
        sort = raw.lastSort;
        key = raw.lastKey;
    }
    return all;
}

// The seeds' formats, computed from the raw value (not by the SQL under test).
QString expectedMobile(const QString& raw)
{
    QString digits;
    for (const QChar ch : raw)
        if (ch.isDigit())
            digits += ch;
    if (digits.size() < 10)
        return QStringLiteral("****");
    return (raw.trimmed().startsWith(QLatin1Char('+')) ? QStringLiteral("+") : QString()) + digits.left(2) +
           QStringLiteral("****") + digits.right(4);
}

QString expectedEmail(const QString& raw)
{
    const int at = raw.indexOf(QLatin1Char('@'));
    return raw.left(qMin(1, at)) + QStringLiteral("***@") + raw.mid(raw.lastIndexOf(QLatin1Char('@')) + 1);
}

// No user:password@, no query or fragment.
QString expectedUrl(const QString& raw)
{
    static const QRegularExpression userInfo(QStringLiteral(R"(^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@)"));
    static const QRegularExpression query(QStringLiteral(R"(([?#]).*$)"));
    QString u = raw.trimmed();
    u.replace(userInfo, QStringLiteral("\\1"));
    u.replace(query, QStringLiteral("\\1…"));
    return u;
}

// An email address or a phone number (8+ digits, grouped) left in a text.
QStringList piiPatternsIn(const QString& text)
{
    static const QRegularExpression email(
        QStringLiteral(R"([^\s@"'<>(),;:/]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)"));
    // Not inside an id: the payloads carry uuids, whose digit runs are not phone numbers.
    static const QRegularExpression phone(
        QStringLiteral(R"((?<![0-9A-Za-z_-])\+?\(?\d(?:[\s().-]{0,3}\d){7,}(?![0-9A-Za-z]|-[0-9A-Fa-f]))"));
    static const QRegularExpression date(QStringLiteral(R"(^\d{4}-\d\d-\d\d$)"));
    QStringList found;
    for (auto it = email.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    for (auto it = phone.globalMatch(text); it.hasNext();) {
        const QString m = it.next().captured();
        if (!date.match(m).hasMatch())
            found << m;
    }
    return found;
}

// The SQLSTATE of a statement as `c` ("" when it succeeds).
QString failure(db::Connection& c, const QString& sql)
{
    try {
        c.execRaw(sql, QString());
        return {};
    } catch (const db::DbError& e) {
        return e.sqlState.isEmpty() ? QStringLiteral("?") : e.sqlState;
    }
}

const QStringList kRoles = {QStringLiteral("super_admin"), QStringLiteral("admin"),
                            QStringLiteral("manager"),     QStringLiteral("senior_agent"),
                            QStringLiteral("agent"),       QStringLiteral("support"),
                            QStringLiteral("analyst"),     QStringLiteral("viewer")};

// A queue item written as superuser; returns its id.
QString insertItem(test::TestDatabase& db, const QString& tenantSql, const QString& status, int attempts,
                   int maxAttempts, const QString& key, const QString& extra = QString())
{
    return db
        .scalar(
            QStringLiteral(
                "INSERT INTO outbound_queue (tenant_id, delivery_type, destination_email, payload, status, "
                "attempt_count, max_attempts, next_attempt_at, locked_by, lease_until, delivered_at, "
                "idempotency_key) VALUES (%1, 'email', 'pat.doe@example.com', "
                "'{\"to_name\": \"Pat Doe\", \"body\": \"call +64 21 555 0142\"}', %2, %3, %4, "
                "now() + interval '10 minutes', %5, %6, %7, %8) RETURNING id")
                .arg(tenantSql, literal(status))
                .arg(attempts)
                .arg(maxAttempts)
                .arg(status == QLatin1String("sending") ? QStringLiteral("'engine-x'")
                                                        : QStringLiteral("NULL"),
                     status == QLatin1String("sending") ? QStringLiteral("now() + interval '1 minute'")
                                                        : QStringLiteral("NULL"),
                     status == QLatin1String("delivered") ? QStringLiteral("now()") : QStringLiteral("NULL"),
                     literal(key)) +
            extra)
        .toString();
}

} // namespace

TEST_CASE("The outbound repository pages the queue newest first and filters by tenant, status and type",
          "[outbound][paging]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    // Two of the company's own items (no tenant): staff alert mail.
    insertItem(db, QStringLiteral("NULL"), QStringLiteral("pending"), 0, 5, QStringLiteral("company-1"));
    insertItem(db, QStringLiteral("NULL"), QStringLiteral("failed"), 5, 5, QStringLiteral("company-2"));
    const int total = db.scalar(QStringLiteral("SELECT count(*) FROM outbound_queue")).toInt();
    REQUIRE(total > 300);

    const auto staff = db.createStaff(QStringLiteral("manager"));
    db::Connection c(staff.profile, staff.password, QStringLiteral("outbound-paging"));
    OutboundRepository repo(c);

    // Every item once, newest first, whatever the page size.
    const QList<OutboundItem> all = everything(repo, {}, 57);
    CHECK(all.size() == total);
    QSet<QString> ids;
    for (int i = 0; i < all.size(); ++i) {
        ids.insert(all.at(i).id);
        if (i > 0) {
            const bool ordered =
                all.at(i - 1).createdAt > all.at(i).createdAt ||
                (all.at(i - 1).createdAt == all.at(i).createdAt && all.at(i - 1).id > all.at(i).id);
            REQUIRE(ordered);
        }
    }
    CHECK(ids.size() == total);
    const auto one = repo.page({}, 10);
    REQUIRE(one.size() == 10);
    CHECK_FALSE(one.first().status.isEmpty());
    CHECK(one.first().maxAttempts > 0);

    // Filters, each against the count PostgreSQL gives as superuser.
    const QString tenant =
        db.scalar(QStringLiteral("SELECT tenant_id FROM outbound_queue WHERE tenant_id IS NOT NULL "
                                 "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"))
            .toString();
    const QString tenantName =
        db.scalar(QStringLiteral("SELECT name FROM tenants WHERE id = %1").arg(literal(tenant))).toString();
    const auto ofTenant = everything(repo, {tenant, {}, {}}, 100);
    CHECK(
        ofTenant.size() ==
        db.scalar(
              QStringLiteral("SELECT count(*) FROM outbound_queue WHERE tenant_id = %1").arg(literal(tenant)))
            .toInt());
    for (const auto& i : ofTenant) {
        REQUIRE(i.tenantId == tenant);
        REQUIRE(i.tenantName == tenantName);
    }
    for (const QString& status : OutboundRepository::statuses()) {
        INFO(status.toStdString());
        const auto items = everything(repo, {{}, status, {}}, 100);
        CHECK(items.size() ==
              db.scalar(QStringLiteral("SELECT count(*) FROM outbound_queue WHERE status = %1")
                            .arg(literal(status)))
                  .toInt());
        CHECK(std::all_of(items.begin(), items.end(),
                          [&](const OutboundItem& i) { return i.status == status; }));
    }
    const auto sms = everything(repo, {tenant, QStringLiteral("delivered"), QStringLiteral("sms")}, 100);
    CHECK(sms.size() ==
          db.scalar(QStringLiteral("SELECT count(*) FROM outbound_queue WHERE tenant_id = %1 AND "
                                   "status = 'delivered' AND delivery_type = 'sms'")
                        .arg(literal(tenant)))
              .toInt());
    const auto company = everything(repo, {outbound::kCompanyScope, {}, {}}, 100);
    REQUIRE(company.size() == 2);
    CHECK(company.first().isCompanys());
    CHECK(company.first().tenantName.isEmpty());

    // The item's detail: attempts newest first, as many as the table holds.
    const QString failed =
        db.scalar(QStringLiteral("SELECT id FROM outbound_queue WHERE status = 'failed' AND "
                                 "attempt_count > 2 AND tenant_id IS NOT NULL LIMIT 1"))
            .toString();
    const auto detail = repo.detail(failed);
    REQUIRE(detail.has_value());
    CHECK(detail->item.id == failed);
    CHECK(detail->attempts.size() ==
          db.scalar(QStringLiteral("SELECT count(*) FROM outbound_attempts WHERE item_id = %1")
                        .arg(literal(failed)))
              .toInt());
    REQUIRE(detail->attempts.size() > 1);
    CHECK(detail->attempts.first().attempt > detail->attempts.last().attempt);
    CHECK_FALSE(detail->attempts.first().outcome.isEmpty());
    CHECK(detail->attempts.first().latencyMs.has_value());
    CHECK_FALSE(detail->payload.isEmpty());
    CHECK_FALSE(detail->idempotencyKey.isEmpty());
    CHECK_FALSE(repo.detail(QStringLiteral("00000000-0000-0000-0000-000000000000")).has_value());
    CHECK_FALSE(repo.detail(QStringLiteral("not a uuid")).has_value());
}

TEST_CASE("Staff read outbound destinations, payloads and errors masked, whatever their role, never the raw "
          "columns",
          "[outbound][security][pii]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const QString bounce =
        insertItem(db, QStringLiteral("NULL"), QStringLiteral("failed"), 5, 5, QStringLiteral("bounce"));
    db.exec(
        QStringLiteral("UPDATE outbound_queue SET error = '550 pat.doe@example.com: mailbox unavailable', "
                       "destination_url = NULL WHERE id = %1")
            .arg(literal(bounce)));
    db.exec(QStringLiteral(
        "INSERT INTO outbound_queue (delivery_type, destination_url, payload, idempotency_key) "
        "VALUES ('webhook', 'https://ops:hunter2@hooks.example/in?token=abc123', '{}', 'hook')"));

    // Raw values, as superuser.
    QHash<QString, QPair<QString, QString>> raw; // id -> (delivery type, raw destination)
    for (const auto& r :
         rows(db.admin(), QStringLiteral("SELECT id, delivery_type, coalesce(CASE delivery_type "
                                         "WHEN 'email' THEN destination_email WHEN 'sms' THEN "
                                         "destination_phone ELSE destination_url END, '') "
                                         "FROM outbound_queue")))
        raw.insert(r[0].toString(), {r[1].toString(), r[2].toString()});
    // Payloads that quote their contact's full name (the demo's e-mails address them by name).
    QHash<QString, QString> quoted; // item id -> full name
    for (const auto& r :
         rows(db.admin(), QStringLiteral("SELECT q.id, c.full_name FROM outbound_queue q JOIN contacts "
                                         "c ON c.id = q.contact_id WHERE c.full_name LIKE '% %' AND "
                                         "strpos(q.payload::text, c.full_name) > 0 LIMIT 60")))
        quoted.insert(r[0].toString(), r[1].toString());
    CHECK(quoted.size() > 20);

    for (const QString& role : kRoles) {
        INFO("role " << role.toStdString());
        const auto staff = db.createStaff(role);
        db::Connection c(staff.profile, staff.password, QStringLiteral("outbound-pii-") + role);
        OutboundRepository repo(c);
        if (!roleHolds(db, role, QStringLiteral("outbound.view"))) {
            try {
                repo.page({}, 10);
                FAIL("the queue was readable without outbound.view");
            } catch (const db::DbError& e) {
                CHECK(e.isPermission());
                CHECK(e.message.contains(QStringLiteral("outbound.view")));
            }
            continue;
        }
        const auto items = everything(repo, {}, 200);
        CHECK(items.size() == raw.size());
        int mismatches = 0;
        for (const OutboundItem& i : items) {
            const auto [type, original] = raw.value(i.id);
            QString expected = expectedUrl(original);
            if (type == QLatin1String("email"))
                expected = expectedEmail(original);
            else if (type == QLatin1String("sms"))
                expected = expectedMobile(original);
            if (i.destination != expected && mismatches++ < 3)
                UNSCOPED_INFO(original.toStdString() << " -> " << i.destination.toStdString());
            if (type != QLatin1String("webhook") && !original.isEmpty())
                CHECK(i.destination != original);
            CHECK(piiPatternsIn(i.error).isEmpty());
        }
        // The webhook's credentials and query token are not shown either.
        const auto hook = std::find_if(items.begin(), items.end(), [](const OutboundItem& i) {
            return i.destination.contains(QLatin1String("hooks.example"));
        });
        REQUIRE(hook != items.end());
        CHECK(hook->destination == QStringLiteral("https://hooks.example/in?…"));
        CHECK(mismatches == 0);

        // Payloads scrubbed: no address, no number, no full name of the contact.
        int payloadHits = 0, namesLeft = 0;
        QStringList sample = quoted.keys();
        for (const OutboundItem& i : items.mid(0, 60))
            sample << i.id;
        for (const QString& id : std::as_const(sample)) {
            const auto d = repo.detail(id);
            REQUIRE(d.has_value());
            const QStringList left = piiPatternsIn(d->payload);
            if (!left.isEmpty() && payloadHits++ < 3)
                UNSCOPED_INFO("left in a payload: " << left.join(QStringLiteral(", ")).toStdString());
            if (quoted.contains(id) && d->payload.contains(quoted.value(id)))
                ++namesLeft;
            for (const auto& a : d->attempts)
                CHECK(piiPatternsIn(a.error).isEmpty());
        }
        CHECK(payloadHits == 0);
        CHECK(namesLeft == 0);
        const auto b = repo.detail(bounce);
        REQUIRE(b.has_value());
        CHECK(b->item.error == QStringLiteral("550 [email]: mailbox unavailable"));
        CHECK_FALSE(b->payload.contains(QStringLiteral("Pat Doe")));
        CHECK_FALSE(b->payload.contains(QStringLiteral("555 0142")));

        // The base tables refuse the PII columns, also in filters; the rest stays readable.
        for (const char* s :
             {"SELECT destination_email FROM outbound_queue", "SELECT destination_phone FROM outbound_queue",
              "SELECT destination_url FROM outbound_queue", "SELECT payload FROM outbound_queue",
              "SELECT error FROM outbound_queue", "SELECT * FROM outbound_queue",
              "SELECT count(*) FROM outbound_queue WHERE destination_email LIKE 'p%'",
              "SELECT error FROM outbound_attempts"}) {
            INFO(s);
            CHECK(failure(c, QLatin1String(s)) == QStringLiteral("42501"));
        }
        CHECK(failure(c, QStringLiteral("SELECT id, status, attempt_count FROM outbound_queue LIMIT 1"))
                  .isEmpty());
        CHECK(failure(c, QStringLiteral("SELECT item_id, outcome FROM outbound_attempts LIMIT 1")).isEmpty());
    }
}

TEST_CASE(
    "Retry now and cancel go through the database functions, which refuse a role without outbound.manage",
    "[outbound][security]")
{
    test::TestDatabase db;
    const QString tenant =
        db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Acme', 'acme') RETURNING id"))
            .toString();
    const QString t = literal(tenant);
    const QString pending = insertItem(db, t, QStringLiteral("pending"), 1, 5, QStringLiteral("k-pending"));
    const QString failed = insertItem(db, t, QStringLiteral("failed"), 5, 5, QStringLiteral("k-failed"));
    const QString delivered =
        insertItem(db, t, QStringLiteral("delivered"), 1, 5, QStringLiteral("k-delivered"));
    const QString sending = insertItem(db, t, QStringLiteral("sending"), 2, 5, QStringLiteral("k-sending"));
    auto statusOf = [&db](const QString& id) {
        return db.scalar(QStringLiteral("SELECT status FROM outbound_queue WHERE id = %1").arg(literal(id)))
            .toString();
    };

    const auto analystStaff = db.createStaff(QStringLiteral("analyst"));
    const auto managerStaff = db.createStaff(QStringLiteral("manager"));
    REQUIRE(roleHolds(db, QStringLiteral("analyst"), QStringLiteral("outbound.view")));
    REQUIRE_FALSE(roleHolds(db, QStringLiteral("analyst"), QStringLiteral("outbound.manage")));
    REQUIRE(roleHolds(db, QStringLiteral("manager"), QStringLiteral("outbound.manage")));

    // The analyst sees the queue, and PostgreSQL refuses both actions.
    {
        db::Connection c(analystStaff.profile, analystStaff.password, QStringLiteral("outbound-analyst"));
        OutboundRepository repo(c);
        CHECK(repo.page({}, 10).size() == 4);
        for (int action = 0; action < 2; ++action) {
            try {
                if (action == 0)
                    repo.retryNow({pending, failed});
                else
                    repo.cancel({pending, failed}, QStringLiteral("Customer asked to stop"));
                FAIL("an analyst changed the queue");
            } catch (const db::DbError& e) {
                CHECK(e.isPermission());
                CHECK(e.sqlState == QStringLiteral("42501"));
                CHECK(e.message ==
                      QStringLiteral("permission denied: this needs the outbound.manage permission"));
            }
        }
        CHECK(statusOf(pending) == QStringLiteral("pending"));
        CHECK(statusOf(failed) == QStringLiteral("failed"));
    }

    db::Connection c(managerStaff.profile, managerStaff.password, QStringLiteral("outbound-manager"));
    OutboundRepository repo(c);
    // Retry: the pending item becomes due now, the failed one gets one more attempt; the delivered
    // and the in-flight items are left alone.
    CHECK(repo.retryNow({pending, failed, delivered, sending}) == 2);
    CHECK(db.scalar(QStringLiteral("SELECT next_attempt_at <= now() FROM outbound_queue WHERE id = %1")
                        .arg(literal(pending)))
              .toBool());
    CHECK(statusOf(failed) == QStringLiteral("pending"));
    CHECK(db.scalar(
                QStringLiteral("SELECT max_attempts FROM outbound_queue WHERE id = %1").arg(literal(failed)))
              .toInt() == 6);
    CHECK(statusOf(delivered) == QStringLiteral("delivered"));
    CHECK(statusOf(sending) == QStringLiteral("sending"));

    // Cancel needs a reason: the database says so (22023) and changes nothing.
    try {
        repo.cancel({pending, failed}, QStringLiteral("no"));
        FAIL("a cancel without a reason was accepted");
    } catch (const db::DbError& e) {
        CHECK(e.sqlState == QStringLiteral("22023"));
        CHECK(e.message == QStringLiteral("say why the items are cancelled (at least 3 characters)"));
        CHECK(e.text().contains(QStringLiteral("cancelling outbound items")));
    }
    CHECK(statusOf(pending) == QStringLiteral("pending"));
    CHECK(repo.cancel({pending, failed, delivered}, QStringLiteral("Customer asked to stop")) == 2);
    CHECK(statusOf(pending) == QStringLiteral("cancelled"));
    CHECK(statusOf(failed) == QStringLiteral("cancelled"));
    CHECK(statusOf(delivered) == QStringLiteral("delivered"));
    const auto d = repo.detail(pending);
    REQUIRE(d.has_value());
    CHECK(d->item.error == QStringLiteral("Cancelled by %1: Customer asked to stop").arg(managerStaff.login));
    // Each changed row is audited under the manager's login.
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE table_name = 'outbound_queue' AND "
                                   "staff_login = %1 AND action = 'update'")
                        .arg(literal(managerStaff.login)))
              .toInt() == 4);

    // Anything but ids is refused before it is sent.
    try {
        repo.retryNow({QStringLiteral("1); DROP TABLE outbound_queue; --")});
        FAIL("a malformed id was sent");
    } catch (const db::DbError& e) {
        CHECK(e.kind == db::DbError::Kind::Constraint);
        CHECK(e.sqlState.isEmpty());
    }
    CHECK(repo.retryNow({}) == 0);
}
