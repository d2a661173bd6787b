// PII redaction enforced by PostgreSQL (sql/migrations/0009_pii.sql): real staff logins read
// contacts, the priority queue, error logs and the rest through the pii.* views, masked in the seeds'
// formats; the base tables refuse their PII columns; only full-access roles reveal values, with a
// reason, and each reveal leaves one audit row. Expectations come from the editable matrix and from
// the raw values read as superuser, never from the masking functions under test.
#include "TestDatabase.h"
#include "db/Connection.h"
#include "pii/PiiRepository.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>
#include <catch2/catch.hpp>

using namespace opsdeck;

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

QVariant value(db::Connection& c, const QString& sql)
{
    const auto r = rows(c, sql);
    return r.isEmpty() ? QVariant() : r.first().value(0);
}

// The SQLSTATE a statement fails with ("" when it succeeds); rolled back either way.
QString failure(db::Connection& c, const QString& sql)
{
    db::Transaction tx(c);
    try {
        c.execScript(sql, QString());
        return {};
    } catch (const db::DbError& e) {
        return e.sqlState.isEmpty() ? QStringLiteral("?") : e.sqlState;
    }
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

const QStringList kRoles = {QStringLiteral("super_admin"), QStringLiteral("admin"),
                            QStringLiteral("manager"),     QStringLiteral("senior_agent"),
                            QStringLiteral("agent"),       QStringLiteral("support"),
                            QStringLiteral("analyst"),     QStringLiteral("viewer")};

// The seeds' formats, computed here from the raw value (not by the SQL under test).
QString expectedMobile(const QString& raw)
{
    QString digits;
    for (const QChar ch : raw)
        if (ch.isDigit())
            digits += ch;
    if (raw.trimmed().isEmpty())
        return raw.trimmed();
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

QString expectedName(const QString& raw)
{
    const QStringList words = raw.simplified().split(QLatin1Char(' '));
    if (words.size() == 1)
        return words.first();
    return words.first() + QLatin1Char(' ') + words.last().left(1) + QLatin1Char('.');
}

// An email address, or a phone number: 8+ digits in one run, grouped by spaces, dots, dashes or
// parentheses, not inside a word or id, not an ISO date.
QStringList piiPatternsIn(const QString& text)
{
    static const QRegularExpression email(
        QStringLiteral(R"([^\s@"'<>(),;:/]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)"));
    static const QRegularExpression phone(
        QStringLiteral(R"((?<![0-9A-Za-z_])\+?\(?\d(?:[\s().-]{0,3}\d){7,})"));
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

int auditRows(test::TestDatabase& db)
{
    return db.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'pii.reveal'")).toInt();
}

} // namespace

TEST_CASE("PII masks use the seeds' formats and scrub phone numbers and emails out of free text",
          "[security][pii]")
{
    test::TestDatabase db;
    auto sql = [&](const QString& expr) {
        return db.scalar(QStringLiteral("SELECT ") + expr).toString();
    };
    // The seeds' own examples.
    CHECK(sql(QStringLiteral("pii.mask_mobile('9876543210')")) == QStringLiteral("98****3210"));
    CHECK(sql(QStringLiteral("pii.mask_email('john@example.com')")) == QStringLiteral("j***@example.com"));
    CHECK(sql(QStringLiteral("pii.mask_name('John Smith')")) == QStringLiteral("John S."));
    CHECK(sql(QStringLiteral("pii.mask_mobile('+64 21 555 0142')")) == QStringLiteral("+64****0142"));
    CHECK(sql(QStringLiteral("pii.mask_mobile('5550142')")) == QStringLiteral("****"));
    CHECK(sql(QStringLiteral("pii.mask_name('Mary Jane Watson')")) == QStringLiteral("Mary W."));
    CHECK(sql(QStringLiteral("pii.mask_name('0215550142')")) == QStringLiteral("***"));
    CHECK(sql(QStringLiteral("pii.mask_ip('203.0.113.45')")) == QStringLiteral("203.0.113.0/24"));

    const QList<QPair<QString, QString>> scrubbed = {
        {QStringLiteral("Call me on +64 21 555 0142 please"), QStringLiteral("Call me on [phone] please")},
        {QStringLiteral("021-555-0142 or 021 555 0142"), QStringLiteral("[phone] or [phone]")},
        {QStringLiteral("9876543210, +91 98765 43210"), QStringLiteral("[phone], [phone]")},
        {QStringLiteral("(415) 555-0142 / +1 (415) 555-0142"), QStringLiteral("[phone] / [phone]")},
        {QStringLiteral("Customer Ana (021 555 0142, ana.b@mail.example) wrote"),
         QStringLiteral("Customer Ana ([phone], [email]) wrote")},
        {QStringLiteral(
             R"({"customer": {"name": "Anna Smith", "phone": "+64215550142", "email": "a.s@x.co.nz"}})"),
         QStringLiteral(R"({"customer": {"name": "Anna S.", "phone": "[phone]", "email": "[email]"}})")},
        // Not phone numbers: references, dates, times, amounts, addresses, ids, hashes, line numbers.
        {QStringLiteral("BK-000123 on 2025-01-15 10:00:00, NZD 12000, 203.0.113.45"),
         QStringLiteral("BK-000123 on 2025-01-15 10:00:00, NZD 12000, 203.0.113.45")},
        {QStringLiteral("6f1c1f0e-0000-4000-8000-000000000000 12345678-1234-4abc-8def-123456789012"),
         QStringLiteral("6f1c1f0e-0000-4000-8000-000000000000 12345678-1234-4abc-8def-123456789012")},
        {QStringLiteral("evt_1234567890abcdef at axios.cjs:1966:12"),
         QStringLiteral("evt_1234567890abcdef at axios.cjs:1966:12")},
    };
    for (const auto& [in, out] : scrubbed) {
        INFO(in.toStdString());
        CHECK(sql(QStringLiteral("pii.scrub_pii(%1)").arg(literal(in))) == out);
    }
    // The row's own contact, quoted in prose.
    CHECK(sql(QStringLiteral("pii.scrub_pii('Really unhappy. Anna Smith, +64 21 555 0142. Ask for Smith.', "
                             "'Anna Smith')")) ==
          QStringLiteral("Really unhappy. Anna S., [phone]. Ask for S."));
}

TEST_CASE("Staff read PII redacted through the views and cannot select it from the tables", "[security][pii]")
{
    test::TestDatabase db;
    db.seedDemo(1);

    // Raw values, as superuser.
    QHash<QString, QStringList> rawContacts; // id -> full_name, mobile, email
    for (const auto& r : rows(db.admin(), QStringLiteral("SELECT id, full_name, coalesce(mobile, ''), "
                                                         "coalesce(email, '') FROM contacts")))
        rawContacts.insert(r[0].toString(), {r[1].toString(), r[2].toString(), r[3].toString()});
    QHash<QString, QStringList> rawQueue; // id -> user_name, user_mobile, user_email, message_snippet
    for (const auto& r :
         rows(db.admin(), QStringLiteral("SELECT id, coalesce(user_name, ''), "
                                         "coalesce(user_mobile, ''), coalesce(user_email, ''), "
                                         "coalesce(message_snippet, '') FROM priority_queue")))
        rawQueue.insert(r[0].toString(),
                        {r[1].toString(), r[2].toString(), r[3].toString(), r[4].toString()});
    REQUIRE(rawContacts.size() > 1000);
    REQUIRE(rawQueue.size() > 50);
    // The raw data has what the redaction must remove, so the checks below can fail.
    int rawSnippetHits = 0, rawBodyHits = 0;
    for (const auto& q : rawQueue)
        rawSnippetHits += piiPatternsIn(q[3]).isEmpty() ? 0 : 1;
    for (const auto& r : rows(db.admin(), QStringLiteral("SELECT coalesce(request_body, '') || ' ' || "
                                                         "coalesce(stack_trace, '') FROM error_logs")))
        rawBodyHits += piiPatternsIn(r[0].toString()).isEmpty() ? 0 : 1;
    int rawComplaintHits = 0;
    for (const auto& r : rows(db.admin(), QStringLiteral("SELECT description FROM complaints")))
        rawComplaintHits += piiPatternsIn(r[0].toString()).isEmpty() ? 0 : 1;
    CHECK(rawSnippetHits > 50);
    CHECK(rawBodyHits > 100);
    CHECK(rawComplaintHits > 50);

    for (const QString& role : kRoles) {
        INFO("role " << role.toStdString());
        const auto staff = db.createStaff(role);
        db::Connection c(staff.profile, staff.password, QStringLiteral("pii-read-") + role);

        // Contacts: every row masked in the seed formats, whatever the role (full access reveals).
        const auto contacts =
            rows(c, QStringLiteral("SELECT id, full_name, coalesce(mobile, ''), coalesce(email, '') "
                                   "FROM pii.contacts_v"));
        CHECK(contacts.size() == rawContacts.size());
        int withMobile = 0, withEmail = 0, mismatches = 0;
        for (const auto& r : contacts) {
            const QStringList raw = rawContacts.value(r[0].toString());
            const bool ok = r[1].toString() == expectedName(raw[0]) &&
                            r[2].toString() == (raw[1].isEmpty() ? QString() : expectedMobile(raw[1])) &&
                            r[3].toString() == (raw[2].isEmpty() ? QString() : expectedEmail(raw[2]));
            if (!ok && mismatches++ < 3)
                UNSCOPED_INFO(raw.join(QLatin1Char('|')).toStdString()
                              << " -> " << r[1].toString().toStdString() << "|"
                              << r[2].toString().toStdString() << "|" << r[3].toString().toStdString());
            withMobile += raw[1].isEmpty() ? 0 : 1;
            withEmail += raw[2].isEmpty() ? 0 : 1;
            if (!raw[1].isEmpty())
                CHECK(r[2].toString() != raw[1]);
            if (!raw[2].isEmpty())
                CHECK(r[3].toString() != raw[2]);
        }
        CHECK(mismatches == 0);
        CHECK(withMobile > 1000);
        CHECK(withEmail > 1000);

        // Priority queue (every role but the analyst holds ops.priority_queue.view).
        if (roleHolds(db, role, QStringLiteral("ops.priority_queue.view"))) {
            int snippetHits = 0, namesQuoted = 0, queueMismatches = 0;
            for (const auto& r :
                 rows(c, QStringLiteral("SELECT id, coalesce(user_name, ''), coalesce(user_mobile, ''), "
                                        "coalesce(user_email, ''), coalesce(message_snippet, '') "
                                        "FROM pii.priority_queue_v"))) {
                const QStringList raw = rawQueue.value(r[0].toString());
                if (r[1].toString() != (raw[0].isEmpty() ? QString() : expectedName(raw[0])) ||
                    r[2].toString() != (raw[1].isEmpty() ? QString() : expectedMobile(raw[1])) ||
                    r[3].toString() != (raw[2].isEmpty() ? QString() : expectedEmail(raw[2])))
                    ++queueMismatches;
                const QStringList left = piiPatternsIn(r[4].toString());
                if (!left.isEmpty() && snippetHits++ < 3)
                    UNSCOPED_INFO("left in a snippet: " << left.join(QStringLiteral(", ")).toStdString());
                if (raw[0].contains(QLatin1Char(' ')) && r[4].toString().contains(raw[0]))
                    ++namesQuoted;
            }
            CHECK(queueMismatches == 0);
            CHECK(snippetHits == 0);
            CHECK(namesQuoted == 0);
        } else {
            CHECK(failure(c, QStringLiteral("SELECT 1 FROM pii.priority_queue_v LIMIT 1")) ==
                  QStringLiteral("42501"));
        }

        // Error logs: request bodies, stack traces and messages scrubbed.
        if (roleHolds(db, role, QStringLiteral("technical.view"))) {
            int bodyHits = 0;
            for (const auto& r :
                 rows(c, QStringLiteral("SELECT coalesce(request_body, '') || ' ' || coalesce(stack_trace, "
                                        "'') || ' ' || error_message FROM pii.error_logs_v"))) {
                const QStringList left = piiPatternsIn(r[0].toString());
                if (!left.isEmpty() && bodyHits++ < 3)
                    UNSCOPED_INFO("left in an error log: " << left.join(QStringLiteral(", ")).toStdString());
            }
            CHECK(bodyHits == 0);
        }

        // Complaints quote the customer's name, phone and email in their description.
        if (roleHolds(db, role, QStringLiteral("complaints.view"))) {
            int complaintHits = 0;
            for (const auto& r : rows(c, QStringLiteral("SELECT description || ' ' || subject || ' ' || "
                                                        "coalesce(resolution, '') FROM pii.complaints_v")))
                complaintHits += piiPatternsIn(r[0].toString()).isEmpty() ? 0 : 1;
            CHECK(complaintHits == 0);
        }
        // SMS: the contact's side of each message is masked; the tenant's own number is shown.
        if (roleHolds(db, role, QStringLiteral("messages.view"))) {
            CHECK(value(c, QStringLiteral("SELECT count(*) FROM pii.sms_messages_v")).toInt() > 100);
            CHECK(value(c, QStringLiteral("SELECT count(*) FROM pii.sms_messages_v WHERE CASE direction "
                                          "WHEN 'inbound' THEN from_number ELSE to_number END "
                                          "!~ '^\\+?\\d\\d\\*{4}\\d{4}$'"))
                      .toInt() == 0);
        }

        // The base tables refuse their PII columns, also in filters, and `SELECT *`.
        for (const char* s :
             {"SELECT mobile FROM contacts", "SELECT email FROM contacts", "SELECT full_name FROM contacts",
              "SELECT * FROM contacts", "SELECT count(*) FROM contacts WHERE mobile LIKE '+64%'",
              "SELECT user_mobile FROM priority_queue", "SELECT user_email FROM priority_queue",
              "SELECT user_name FROM priority_queue", "SELECT message_snippet FROM priority_queue",
              "SELECT request_body FROM error_logs", "SELECT stack_trace FROM error_logs",
              "SELECT body FROM sms_messages", "SELECT to_number FROM sms_messages",
              "SELECT notes FROM bookings", "SELECT description FROM complaints",
              "UPDATE contacts SET status = status RETURNING mobile"}) {
            INFO(s);
            CHECK(failure(c, QLatin1String(s)) == QStringLiteral("42501"));
        }
        // The other columns stay readable for the area's permission holders.
        CHECK(failure(c, QStringLiteral("SELECT id, status, created_at FROM contacts LIMIT 1")).isEmpty());
    }
}

TEST_CASE("Only full-access roles reveal PII, with a reason, and every reveal is audited", "[security][pii]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto contact =
        rows(db.admin(), QStringLiteral("SELECT id::text, full_name, mobile, email FROM contacts "
                                        "WHERE mobile IS NOT NULL AND email IS NOT NULL "
                                        "ORDER BY id LIMIT 2"));
    const auto item =
        rows(db.admin(), QStringLiteral("SELECT id::text, user_mobile, message_snippet FROM "
                                        "priority_queue WHERE user_mobile IS NOT NULL ORDER BY id LIMIT 1"));
    REQUIRE(contact.size() == 2);
    REQUIRE(item.size() == 1);
    const QString c1 = contact[0][0].toString(), c2 = contact[1][0].toString();

    int granted = 0, refused = 0;
    for (const QString& role : kRoles) {
        INFO("role " << role.toStdString());
        const auto staff = db.createStaff(role);
        db::Connection c(staff.profile, staff.password, QStringLiteral("pii-reveal-") + role);
        pii::PiiRepository repo(c);

        // Contacts.
        const int before = auditRows(db);
        const bool fullAccess = roleHolds(db, role, QStringLiteral("contacts.full_access")) &&
                                roleHolds(db, role, QStringLiteral("contacts.view"));
        try {
            const pii::RevealedValues v = repo.reveal({QStringLiteral("contacts"),
                                                       {c2, c1},
                                                       {QStringLiteral("mobile"), QStringLiteral("email")},
                                                       QStringLiteral("Calling back about a double charge")});
            CHECK(fullAccess);
            ++granted;
            CHECK(v.size() == 2);
            CHECK(v.value(c1).value(QStringLiteral("mobile")).toString() == contact[0][2].toString());
            CHECK(v.value(c1).value(QStringLiteral("email")).toString() == contact[0][3].toString());
            CHECK(v.value(c2).value(QStringLiteral("mobile")).toString() == contact[1][2].toString());
            CHECK_FALSE(v.value(c1).contains(QStringLiteral("full_name")));
            CHECK(auditRows(db) == before + 1);
            const auto a =
                rows(db.admin(),
                     QStringLiteral("SELECT staff_login, staff_id = (SELECT id FROM staff WHERE login = %1), "
                                    "table_name, row_id, pii_accessed, array_to_string(pii_fields, ','), "
                                    "reason, old_values IS NULL AND new_values IS NULL "
                                    "FROM audit_log WHERE action = 'pii.reveal' ORDER BY id DESC LIMIT 1")
                         .arg(literal(staff.login)));
            REQUIRE(a.size() == 1);
            CHECK(a[0][0].toString() == staff.login);
            CHECK(a[0][1].toBool());
            CHECK(a[0][2].toString() == QStringLiteral("contacts"));
            CHECK(a[0][3].toString() == (c1 < c2 ? c1 + QLatin1Char(',') + c2 : c2 + QLatin1Char(',') + c1));
            CHECK(a[0][4].toBool());
            CHECK(a[0][5].toString() == QStringLiteral("mobile,email"));
            CHECK(a[0][6].toString() == QStringLiteral("Calling back about a double charge"));
            CHECK(a[0][7].toBool()); // the audit row never holds the values
        } catch (const db::DbError& e) {
            INFO(e.text().toStdString());
            CHECK_FALSE(fullAccess);
            CHECK(e.sqlState == QStringLiteral("42501"));
            CHECK(auditRows(db) == before);
            ++refused;
        }
        // The views stay masked for everyone: unmasked values only come through an audited reveal.
        CHECK(value(c, QStringLiteral("SELECT mobile FROM pii.contacts_v WHERE id = %1").arg(literal(c1)))
                  .toString() == expectedMobile(contact[0][2].toString()));

        // The priority queue has its own full-access permission.
        const bool queueAccess = roleHolds(db, role, QStringLiteral("ops.priority_queue.full_access")) &&
                                 roleHolds(db, role, QStringLiteral("ops.priority_queue.view"));
        const QString revealItem =
            QStringLiteral("SELECT pii.reveal_pii('priority_queue', ARRAY[%1], ARRAY['user_mobile', "
                           "'message_snippet'], 'Customer asked for a call')::text")
                .arg(literal(item[0][0].toString()));
        const int beforeQueue = auditRows(db);
        if (queueAccess) {
            const QString json = value(c, revealItem).toString();
            CHECK(json.contains(item[0][1].toString()));
            CHECK(auditRows(db) == beforeQueue + 1);
        } else {
            CHECK(failure(c, revealItem) == QStringLiteral("42501"));
            CHECK(auditRows(db) == beforeQueue);
        }

        // Whoever asks: no reason, a too short one, an unknown field or table is refused, unaudited.
        const int beforeBad = auditRows(db);
        for (const QString& bad :
             {QStringLiteral("SELECT pii.reveal_pii('contacts', ARRAY[%1], ARRAY['mobile'], '')"),
              QStringLiteral("SELECT pii.reveal_pii('contacts', ARRAY[%1], ARRAY['mobile'], NULL)"),
              QStringLiteral("SELECT pii.reveal_pii('contacts', ARRAY[%1], ARRAY['mobile'], '  why ')"),
              QStringLiteral("SELECT pii.reveal_pii('contacts', ARRAY[%1], ARRAY['status'], 'Calling back')"),
              QStringLiteral("SELECT pii.reveal_pii('contacts', ARRAY[%1], ARRAY[]::text[], 'Calling back')"),
              QStringLiteral("SELECT pii.reveal_pii('staff', ARRAY[%1], ARRAY['email'], 'Calling back')")}) {
            const QString s = bad.arg(literal(c1));
            INFO(s.toStdString());
            const QString state = failure(c, s);
            CHECK(!state.isEmpty());
            if (fullAccess)
                CHECK(state == QStringLiteral("22023"));
        }
        CHECK(auditRows(db) == beforeBad);
    }
    CHECK(granted > 0);
    CHECK(refused > 0);
}

TEST_CASE("The reveal whitelist of the repository matches the database's", "[security][pii]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    // A role holding every read and full-access permission involved, per the matrix.
    const QString role =
        db
            .scalar(QStringLiteral(
                "SELECT r.name FROM roles r WHERE NOT EXISTS (SELECT 1 FROM unnest(ARRAY['contacts.view', "
                "'contacts.full_access', 'ops.priority_queue.view', 'ops.priority_queue.full_access', "
                "'bookings.view', 'complaints.view', 'technical.view', 'messages.view']) AS n(code) "
                "WHERE NOT EXISTS (SELECT 1 FROM role_permissions rp JOIN permissions p ON p.id = "
                "rp.permission_id WHERE rp.role_id = r.id AND p.code = n.code)) ORDER BY r.level DESC LIMIT "
                "1"))
            .toString();
    REQUIRE(!role.isEmpty());
    const auto staff = db.createStaff(role);
    db::Connection c(staff.profile, staff.password, QStringLiteral("pii-whitelist"));
    pii::PiiRepository repo(c);
    for (const QString& table : pii::PiiRepository::revealableTables()) {
        INFO(table.toStdString());
        const QString id =
            db.scalar(QStringLiteral("SELECT id::text FROM %1 ORDER BY id LIMIT 1").arg(table)).toString();
        REQUIRE(!id.isEmpty());
        const QStringList fields = pii::PiiRepository::revealableFields(table);
        const auto v = repo.reveal({table, {id}, fields, QStringLiteral("Checking the whitelist")});
        REQUIRE(v.contains(id));
        CHECK(QSet<QString>(v.value(id).keyBegin(), v.value(id).keyEnd()) ==
              QSet<QString>(fields.begin(), fields.end()));
        // The key itself and other non-PII columns are not revealable.
        CHECK_THROWS_AS(
            repo.reveal({table, {id}, {QStringLiteral("id")}, QStringLiteral("Checking the whitelist")}),
            db::DbError);
    }
    CHECK(pii::PiiRepository::revealableFields(QStringLiteral("staff")).isEmpty());
}

TEST_CASE("A user-defined function cannot see unmasked values", "[security][pii]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto viewer = db.createStaff(QStringLiteral("viewer"));
    db::Connection v(viewer.profile, viewer.password, QStringLiteral("pii-udf-viewer"));

    // Staff cannot create functions at all: not in public, not in pii, not in pg_temp.
    for (const char* s : {"CREATE FUNCTION public.peek(text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
                          "CREATE FUNCTION pii.peek(text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
                          "CREATE FUNCTION pg_temp.peek(text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
                          "CREATE TEMP TABLE seen (v text)"}) {
        INFO(s);
        CHECK(failure(v, QLatin1String(s)) == QStringLiteral("42501"));
    }

    // A leaky function a superuser made for them: it records every argument it is given.
    db.exec(QStringLiteral(
        "CREATE TABLE public.pii_seen (v text); "
        "CREATE FUNCTION public.pii_peek(v text) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER "
        "SET search_path = pg_catalog, public AS $$ BEGIN INSERT INTO public.pii_seen VALUES (v); "
        "RETURN true; END $$; "
        "GRANT EXECUTE ON FUNCTION public.pii_peek(text) TO PUBLIC"));
    const auto manager = db.createStaff(QStringLiteral("manager"));
    db::Connection m(manager.profile, manager.password, QStringLiteral("pii-udf-manager"));
    for (db::Connection* c : {&v, &m}) {
        CHECK(
            value(*c, QStringLiteral("SELECT count(*) FROM pii.contacts_v WHERE public.pii_peek(mobile) AND "
                                     "public.pii_peek(email) AND public.pii_peek(full_name)"))
                .toInt() > 1000);
        CHECK(value(*c, QStringLiteral("SELECT count(*) FROM pii.priority_queue_v WHERE "
                                       "public.pii_peek(message_snippet) OR public.pii_peek(user_mobile)"))
                  .toInt() > 50);
        CHECK(value(*c, QStringLiteral("SELECT count(*) FROM (SELECT id FROM pii.contacts_v ORDER BY "
                                       "public.pii_peek(mobile), created_at DESC LIMIT 10) x"))
                  .toInt() == 10);
        // Against the table it cannot even start.
        CHECK(failure(*c, QStringLiteral("SELECT count(*) FROM contacts WHERE public.pii_peek(mobile)")) ==
              QStringLiteral("42501"));
    }
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM public.pii_seen")).toInt() > 4000);
    // Not one raw value reached it …
    CHECK(
        db
            .scalar(QStringLiteral(
                "SELECT count(*) FROM public.pii_seen s WHERE EXISTS (SELECT 1 FROM contacts c "
                "WHERE s.v IN (c.mobile, c.email, c.full_name)) OR EXISTS (SELECT 1 FROM "
                "priority_queue q WHERE s.v IN (q.user_mobile, q.user_name) OR (s.v = q.message_snippet AND "
                "q.message_snippet ~ '@|\\d[\\d ()-]{6,}\\d'))"))
            .toInt() == 0);
    // … and what it saw is in the masked formats.
    CHECK(
        db.scalar(QStringLiteral("SELECT count(*) FROM public.pii_seen WHERE v ~ '^\\+?\\d\\d\\*{4}\\d{4}$'"))
            .toInt() > 1000);
    CHECK(db.scalar(
                QStringLiteral("SELECT count(*) FROM public.pii_seen WHERE v ~ '@' AND v !~ '^.?\\*\\*\\*@'"))
              .toInt() == 0);
}

TEST_CASE("Row-level security still decides who reads through the views and who reveals", "[security][pii]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto viewer = db.createStaff(QStringLiteral("viewer"));
    const auto manager = db.createStaff(QStringLiteral("manager"));
    db::Connection v(viewer.profile, viewer.password, QStringLiteral("pii-rls-viewer"));
    db::Connection m(manager.profile, manager.password, QStringLiteral("pii-rls-manager"));
    const QString contact = db.scalar(QStringLiteral("SELECT id::text FROM contacts LIMIT 1")).toString();
    const QString reveal = QStringLiteral("SELECT pii.reveal_pii('contacts', ARRAY[%1], ARRAY['mobile'], "
                                          "'Checking the policy')")
                               .arg(literal(contact));
    REQUIRE(roleHolds(db, QStringLiteral("viewer"), QStringLiteral("contacts.view")));
    REQUIRE(roleHolds(db, QStringLiteral("viewer"), QStringLiteral("ops.priority_queue.view")));
    REQUIRE(roleHolds(db, QStringLiteral("manager"), QStringLiteral("contacts.full_access")));
    CHECK(failure(v, QStringLiteral("SELECT count(*) FROM pii.contacts_v")).isEmpty());
    CHECK(failure(v, QStringLiteral("SELECT count(contact_name) FROM pii.bookings_v")).isEmpty());
    CHECK(failure(v, QStringLiteral("SELECT count(*) FROM pii.priority_queue_v")).isEmpty());
    CHECK(failure(m, reveal).isEmpty());

    // Take the read permissions away in the matrix (as the matrix editor would).
    auto revoke = [&](const char* role, const char* code) {
        db.exec(QStringLiteral(
                    "DELETE FROM role_permissions WHERE role_id = (SELECT id FROM roles WHERE name = '%1') "
                    "AND permission_id = (SELECT id FROM permissions WHERE code = '%2')")
                    .arg(QLatin1String(role), QLatin1String(code)));
    };
    revoke("viewer", "contacts.view");
    revoke("viewer", "ops.priority_queue.view");
    revoke("manager", "contacts.view");
    CHECK(failure(v, QStringLiteral("SELECT count(*) FROM pii.contacts_v")) == QStringLiteral("42501"));
    // bookings_v's contact names come from contacts, under its policy (a count alone skips the join).
    CHECK(failure(v, QStringLiteral("SELECT count(contact_name) FROM pii.bookings_v")) ==
          QStringLiteral("42501")); // names
    CHECK(failure(v, QStringLiteral("SELECT count(*) FROM pii.priority_queue_v")) == QStringLiteral("42501"));
    // Full access without the read permission reveals nothing: the policy applies inside reveal_pii too.
    const int before = auditRows(db);
    CHECK(failure(m, reveal) == QStringLiteral("42501"));
    CHECK(auditRows(db) == before);
}

TEST_CASE("Audit rows of changed contacts keep their PII masked", "[security][pii]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const QString role =
        db.scalar(QStringLiteral("SELECT r.name FROM roles r JOIN role_permissions rp ON rp.role_id = "
                                 "r.id JOIN permissions p ON p.id = rp.permission_id WHERE p.code = "
                                 "'users.edit' ORDER BY r.level DESC LIMIT 1"))
            .toString();
    REQUIRE(!role.isEmpty());
    const auto editor = db.createStaff(role);
    db::Connection c(editor.profile, editor.password, QStringLiteral("pii-audit-editor"));
    const auto before =
        rows(db.admin(), QStringLiteral("SELECT id::text, full_name, mobile, email FROM contacts "
                                        "WHERE mobile IS NOT NULL AND email IS NOT NULL LIMIT 1"));
    REQUIRE(before.size() == 1);
    const QString id = before[0][0].toString();
    c.execScript(QStringLiteral("UPDATE contacts SET full_name = 'Nova Pereira', mobile = '+64215550999', "
                                "email = 'nova.pereira@example.com' WHERE id = %1")
                     .arg(literal(id)),
                 {});
    const auto a =
        rows(db.admin(), QStringLiteral("SELECT array_to_string(changed_fields, ','), old_values::text, "
                                        "new_values->>'mobile', new_values->>'email', "
                                        "new_values->>'full_name', old_values->>'mobile' FROM audit_log "
                                        "WHERE table_name = 'contacts' AND staff_login = %1")
                             .arg(literal(editor.login)));
    REQUIRE(a.size() == 1);
    CHECK(a[0][0].toString() == QStringLiteral("email,full_name,mobile"));
    CHECK(a[0][2].toString() == QStringLiteral("+64****0999"));
    CHECK(a[0][3].toString() == QStringLiteral("n***@example.com"));
    CHECK(a[0][4].toString() == QStringLiteral("Nova P."));
    CHECK(a[0][5].toString() == expectedMobile(before[0][2].toString()));
    for (int i = 1; i <= 3; ++i)
        CHECK_FALSE(a[0][1].toString().contains(before[0][i].toString()));
    // The chain still verifies (the hash covers the masked row), for a reader of the audit log.
    const QString auditor =
        db.scalar(QStringLiteral("SELECT r.name FROM roles r JOIN role_permissions rp ON "
                                 "rp.role_id = r.id JOIN permissions p ON p.id = rp.permission_id "
                                 "WHERE p.code = 'ops.audit.view' ORDER BY r.level DESC LIMIT 1"))
            .toString();
    const auto reader = db.createStaff(auditor);
    db::Connection r(reader.profile, reader.password, QStringLiteral("pii-audit-reader"));
    CHECK(value(r, QStringLiteral("SELECT intact FROM audit_verify()")).toBool());
    CHECK(value(r, QStringLiteral("SELECT count(*) FROM audit_log WHERE concat(old_values, new_values) LIKE "
                                  "'%nova.pereira%' OR concat(old_values, new_values) LIKE '%5550999%'"))
              .toInt() == 0);
}

TEST_CASE("A keyset page through the contacts view keeps the index order", "[security][pii]")
{
    test::TestDatabase db;
    db.exec(QStringLiteral(
        "INSERT INTO tenants (name, slug) VALUES ('Plan', 'plan'); "
        "INSERT INTO contacts (tenant_id, full_name, mobile, email, created_at) "
        "SELECT (SELECT id FROM tenants), 'Person ' || g, '+6421555' || lpad(g::text, 4, '0'), "
        "'p' || g || '@example.com', now() - g * interval '1 minute' FROM generate_series(1, 500) g; "
        "ANALYZE contacts"));
    const auto viewer = db.createStaff(QStringLiteral("viewer"));
    db::Connection v(viewer.profile, viewer.password, QStringLiteral("pii-plan"));
    // Make the index the only way to avoid a Sort: if the view stopped the planner from using it,
    // the plan would show a Sort whatever the cost.
    v.execRaw(QStringLiteral("SET enable_seqscan = off"), {});
    v.execRaw(QStringLiteral("SET enable_sort = off"), {});
    const db::KeysetQuery q = pii::PiiRepository::contactsQuery({}, 100);
    auto plan = [&](const QString& select) {
        // The statement db::fetchKeysetPage sends for a continuation page.
        const QString sql =
            QStringLiteral(
                "EXPLAIN SELECT *, created_at::text AS keyset_sort_cursor, id::text AS keyset_key_cursor "
                "FROM (%1) AS page_source "
                "WHERE (created_at, id) < (now(), '00000000-0000-0000-0000-000000000000'::uuid) "
                "ORDER BY created_at DESC, id DESC LIMIT 101")
                .arg(select);
        QStringList lines;
        for (const auto& r : rows(v, sql))
            lines << r[0].toString();
        return lines.join(QLatin1Char('\n'));
    };
    const QString viaView = plan(q.select);
    INFO(viaView.toStdString());
    CHECK(viaView.contains(QStringLiteral("Index Scan using contacts_created_idx")));
    CHECK_FALSE(viaView.contains(QStringLiteral("Sort")));

    // The same view as security_barrier loses the order: this is what the check above catches.
    db.exec(QStringLiteral(
        "CREATE VIEW pii.contacts_barrier WITH (security_barrier) AS SELECT * FROM pii.contacts_v; "
        "DO $$ BEGIN EXECUTE format('ALTER VIEW pii.contacts_barrier OWNER TO %I', "
        "opsdeck_role_prefix() || 'pii'); EXECUTE format('GRANT SELECT ON pii.contacts_barrier "
        "TO %I', staff_group_role()); END $$"));
    QString barrierSelect = q.select;
    barrierSelect.replace(QStringLiteral("pii.contacts_v"), QStringLiteral("pii.contacts_barrier"));
    const QString viaBarrier = plan(barrierSelect);
    INFO(viaBarrier.toStdString());
    CHECK(viaBarrier.contains(QStringLiteral("Sort")));

    // And the repository pages through it, masked, newest first, without repeats.
    v.execRaw(QStringLiteral("RESET enable_seqscan"), {});
    v.execRaw(QStringLiteral("RESET enable_sort"), {});
    pii::PiiRepository repo(v);
    QSet<QString> seen;
    QVariant afterSort, afterKey;
    QDateTime previous;
    int pages = 0;
    for (bool atEnd = false; !atEnd; ++pages) {
        const pii::ContactPage page = repo.contactsPage({}, afterSort, afterKey, 100);
        for (const pii::Contact& c : page.contacts) {
            CHECK_FALSE(seen.contains(c.id));
            seen.insert(c.id);
            CHECK(QRegularExpression(QStringLiteral(R"(^\+64\*{4}\d{4}$)")).match(c.mobile).hasMatch());
            CHECK(QRegularExpression(QStringLiteral(R"(^p\*\*\*@example\.com$)")).match(c.email).hasMatch());
            CHECK(QRegularExpression(QStringLiteral(R"(^Person \d\.$)")).match(c.fullName).hasMatch());
            if (previous.isValid())
                CHECK(c.createdAt <= previous);
            previous = c.createdAt;
        }
        afterSort = page.lastSort;
        afterKey = page.lastKey;
        atEnd = page.atEnd;
    }
    CHECK(seen.size() == 500);
    CHECK(pages == 5);
}
