// The tenant dashboard's numbers (analytics_summary(), migration 0019) on the demo data: every total,
// series and table against independent SQL run as superuser on the raw tables, for all tenants and
// for single tenants, in each range; the range check (22023); the sections each role may see, from
// the permission matrix; masking of the recent contacts; and the parser refusing broken documents.
#include "clients/AnalyticsSummary.h"

#include "TestDatabase.h"
#include "clients/DashboardRepository.h"
#include "clients/DashboardTableModel.h"
#include "db/Connection.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <catch2/catch.hpp>
#include <cmath>

namespace Catch {
template <> struct StringMaker<QString>
{
    static std::string convert(const QString& s) { return '"' + s.toStdString() + '"'; }
};
} // namespace Catch

using namespace opsdeck;
using clients::AnalyticsSummary;
using clients::DashboardRepository;
using clients::DashboardTableModel;
using clients::Range;

namespace {

QString literal(const QString& s)
{
    return QLatin1Char('\'') + QString(s).replace(QLatin1Char('\''), QStringLiteral("''")) +
           QLatin1Char('\'');
}

QString ts(const QDateTime& t)
{
    return literal(t.toUTC().toString(Qt::ISODateWithMs)) + QStringLiteral("::timestamptz");
}

qint64 n(test::TestDatabase& db, const QString& sql)
{
    return db.scalar(sql).toLongLong();
}

QStringList column(test::TestDatabase& db, const QString& sql)
{
    QSqlQuery q = db.admin().execRaw(sql, QStringLiteral("test query"));
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
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

QString tenantId(int k)
{
    return QStringLiteral("md5('opsdeck-demo-tenant-%1')::uuid").arg(k);
}

// "John Smith" -> "John S." (seed format), computed here rather than by pii.mask_name.
QString maskedName(const QString& raw)
{
    const QStringList words = raw.simplified().split(QLatin1Char(' '));
    return words.size() < 2 ? raw.simplified()
                            : words.first() + QLatin1Char(' ') + words.last().left(1) + QLatin1Char('.');
}

int bucketsOf(Range r)
{
    return r == Range::Day ? 24 : r == Range::Week ? 7 : 30;
}

// Checks one summary against the raw tables. `scope` is the SQL condition on tenant_id.
void checkAgainstRawTables(test::TestDatabase& db, const AnalyticsSummary& s, Range range,
                           const QString& tenant)
{
    const QString scope =
        tenant.isEmpty() ? QStringLiteral("true") : QStringLiteral("tenant_id = %1").arg(tenant);
    const int buckets = bucketsOf(range);
    const qint64 stepSecs = range == Range::Day ? 3600 : 86400;

    // The window: whole UTC hours / days ending with the current one.
    const QDateTime now = s.generatedAt.toUTC();
    QDateTime expectedFrom;
    if (range == Range::Day)
        expectedFrom = QDateTime(now.date(), QTime(now.time().hour(), 0), Qt::UTC).addSecs(-23 * 3600);
    else
        expectedFrom = QDateTime(now.date().addDays(-(buckets - 1)), QTime(0, 0), Qt::UTC);
    CHECK(s.from == expectedFrom);
    CHECK(s.hourly == (range == Range::Day));
    REQUIRE(s.buckets.size() == buckets);
    for (int i = 0; i < buckets; ++i)
        CHECK(s.buckets[i] == expectedFrom.addSecs(i * stepSecs));
    const QString from = ts(expectedFrom);
    const QString to = ts(expectedFrom.addSecs(buckets * stepSecs));
    const QString window = QStringLiteral("created_at >= %1 AND created_at < %2").arg(from, to);

    // Tenants in scope, by name.
    QStringList ids;
    for (const auto& t : s.tenants)
        ids << t.id;
    CHECK(ids == column(db, QStringLiteral("SELECT id FROM tenants WHERE %1 ORDER BY name, id")
                                .arg(tenant.isEmpty() ? QStringLiteral("true")
                                                      : QStringLiteral("id = %1").arg(tenant))));

    // Totals.
    REQUIRE(s.contacts.has_value());
    CHECK(*s.contacts == n(db, QStringLiteral("SELECT count(*) FROM contacts WHERE %1").arg(scope)));
    const qint64 events =
        n(db, QStringLiteral("SELECT count(*) FROM events WHERE %1 AND %2").arg(scope, window));
    CHECK(s.events == events);
    CHECK(events > 0);
    REQUIRE(s.agentActions.has_value());
    const QString actions =
        QStringLiteral(
            "SELECT count(*) FROM agent_actions WHERE tenant_id IS NOT NULL AND %1 AND created_at >= %2")
            .arg(scope, from);
    CHECK(s.agentActions->total == n(db, actions));
    CHECK(s.agentActions->success == n(db, actions + QStringLiteral(" AND status = 'success'")));
    CHECK(s.agentActions->failed == n(db, actions + QStringLiteral(" AND status = 'failed'")));
    CHECK(s.agentActions->escalated == n(db, actions + QStringLiteral(" AND status = 'escalated'")));
    CHECK(s.agentActions->total ==
          s.agentActions->success + s.agentActions->failed + s.agentActions->escalated);
    REQUIRE(s.recordsByType.has_value());
    for (const QString& type : {QStringLiteral("quote"), QStringLiteral("job"), QStringLiteral("invoice"),
                                QStringLiteral("note"), QStringLiteral("booking"), QStringLiteral("task")}) {
        CAPTURE(type);
        CHECK(s.recordsByType->value(type, -1) ==
              n(db, QStringLiteral("SELECT count(*) FROM records WHERE %1 AND record_type = %2")
                        .arg(scope, literal(type))));
    }

    // Events per bucket per tenant: each bucket against its own count, zeros included.
    REQUIRE(s.eventSeries.size() == s.tenants.size());
    qint64 seriesSum = 0;
    for (const auto& series : s.eventSeries) {
        CAPTURE(series.name);
        REQUIRE(series.counts.size() == buckets);
        QSqlQuery q = db.admin().execRaw(
            QStringLiteral("SELECT g, (SELECT count(*) FROM events e WHERE e.tenant_id = %1 "
                           "AND e.created_at >= %2 + g * %3 * interval '1 second' "
                           "AND e.created_at < %2 + (g + 1) * %3 * interval '1 second') "
                           "FROM generate_series(0, %4) g ORDER BY g")
                .arg(literal(series.tenantId) + QStringLiteral("::uuid"), from)
                .arg(stepSecs)
                .arg(buckets - 1),
            QStringLiteral("test query"));
        while (q.next())
            CHECK(series.counts[q.value(0).toInt()] == q.value(1).toLongLong());
        seriesSum += series.total();
    }
    CHECK(seriesSum == s.events);

    // Health, per tenant.
    REQUIRE(s.health.size() == s.tenants.size());
    for (const auto& h : s.health) {
        CAPTURE(h.name);
        const QString t = literal(h.tenantId) + QStringLiteral("::uuid");
        CHECK(
            h.unprocessedEvents ==
            n(db, QStringLiteral("SELECT count(*) FROM events WHERE tenant_id = %1 AND processed_at IS NULL")
                      .arg(t)));
        CHECK(
            h.events ==
            n(db, QStringLiteral("SELECT count(*) FROM events WHERE tenant_id = %1 AND %2").arg(t, window)));
        const QDateTime last = db.scalar(QStringLiteral("SELECT date_trunc('milliseconds', max(created_at)) "
                                                        "FROM events WHERE tenant_id = %1")
                                             .arg(t))
                                   .toDateTime();
        CHECK(h.lastEventAt.toMSecsSinceEpoch() == last.toMSecsSinceEpoch());
        REQUIRE(h.failedActionsLastHour.has_value());
        CHECK(*h.failedActionsLastHour ==
              n(db, QStringLiteral(
                        "SELECT count(*) FROM agent_actions WHERE tenant_id = %1 AND status = 'failed' "
                        "AND created_at >= %2 - interval '1 hour'")
                        .arg(t, ts(s.generatedAt))));
        const qint64 total = n(
            db, QStringLiteral("SELECT count(*) FROM agent_actions WHERE tenant_id = %1 AND created_at >= %2")
                    .arg(t, from));
        const qint64 ok = n(db, QStringLiteral("SELECT count(*) FROM agent_actions WHERE tenant_id = %1 "
                                               "AND created_at >= %2 AND status = 'success'")
                                    .arg(t, from));
        REQUIRE(h.agentActions.has_value());
        CHECK(*h.agentActions == total);
        if (total == 0) {
            CHECK_FALSE(h.agentSuccessRate.has_value());
        } else {
            REQUIRE(h.agentSuccessRate.has_value());
            CHECK(*h.agentSuccessRate == Approx(std::round(1000.0 * ok / total) / 10.0));
        }
    }

    // Top workers: the five with the most records in scope.
    REQUIRE(s.topWorkers.has_value());
    const QStringList top =
        column(db, QStringLiteral("SELECT worker_id FROM records WHERE %1 AND worker_id IS NOT NULL "
                                  "GROUP BY worker_id ORDER BY count(*) DESC, worker_id LIMIT 5")
                       .arg(scope));
    REQUIRE(s.topWorkers->size() == top.size());
    for (int i = 0; i < top.size(); ++i) {
        CHECK(s.topWorkers->at(i).workerId == top[i]);
        CHECK(s.topWorkers->at(i).records ==
              n(db, QStringLiteral("SELECT count(*) FROM records WHERE %1 AND worker_id = %2::uuid")
                        .arg(scope, literal(top[i]))));
        const QString raw =
            db.scalar(
                  QStringLiteral("SELECT full_name FROM workers WHERE id = %1::uuid").arg(literal(top[i])))
                .toString();
        CHECK(s.topWorkers->at(i).name == maskedName(raw));
    }

    if (tenant.isEmpty()) {
        CHECK_FALSE(s.isSingleTenant());
        CHECK_FALSE(s.revenue.has_value());
        CHECK_FALSE(s.recentRecords.has_value());
        CHECK_FALSE(s.recentContacts.has_value());
        CHECK_FALSE(s.recentAgentActions.has_value());
        return;
    }

    // One tenant: revenue per bucket = net booked revenue (the cards' definition), in its currency.
    CHECK(s.isSingleTenant());
    REQUIRE(s.revenue.has_value());
    CHECK(s.revenue->currency ==
          db.scalar(QStringLiteral("SELECT currency FROM tenants WHERE id = %1").arg(tenant)).toString());
    REQUIRE(s.revenue->amounts.size() == buckets);
    double sum = 0;
    for (int i = 0; i < buckets; ++i) {
        const double expected =
            db.scalar(QStringLiteral(
                          "SELECT coalesce(sum(b.amount - b.refunded_amount), 0) FROM bookings b "
                          "JOIN tenants t ON t.id = b.tenant_id AND t.currency = b.currency "
                          "WHERE b.tenant_id = %1 AND b.status IN ('confirmed', 'in_progress', 'completed') "
                          "AND b.payment_status <> 'failed' "
                          "AND b.created_at >= %2 AND b.created_at < %3")
                          .arg(tenant, ts(expectedFrom.addSecs(i * stepSecs)),
                               ts(expectedFrom.addSecs((i + 1) * stepSecs))))
                .toDouble();
        CHECK(s.revenue->amounts[i] == Approx(expected).margin(0.005));
        sum += expected;
    }
    CHECK(s.revenue->total == Approx(sum).margin(0.01));

    // The ten newest records, contacts and agent actions, newest first.
    REQUIRE(s.recentRecords.has_value());
    QStringList got;
    for (const auto& r : *s.recentRecords)
        got << r.id;
    CHECK(got ==
          column(db, QStringLiteral("SELECT id FROM records WHERE %1 ORDER BY created_at DESC, id LIMIT 10")
                         .arg(scope)));

    REQUIRE(s.recentContacts.has_value());
    got.clear();
    for (const auto& c : *s.recentContacts) {
        got << c.id;
        // Masked, never raw: the seed's formats, checked against the raw columns.
        QSqlQuery q = db.admin().execRaw(
            QStringLiteral("SELECT full_name, mobile, email FROM contacts WHERE id = %1::uuid")
                .arg(literal(c.id)),
            QStringLiteral("test query"));
        REQUIRE(q.next());
        const QString rawName = q.value(0).toString(), rawMobile = q.value(1).toString(),
                      rawEmail = q.value(2).toString();
        CHECK(c.name == maskedName(rawName));
        if (!rawMobile.isEmpty()) {
            CHECK(c.mobile != rawMobile);
            CHECK(c.mobile.contains(QStringLiteral("****")));
            CHECK(c.mobile.endsWith(rawMobile.right(4)));
        }
        if (!rawEmail.isEmpty()) {
            CHECK(c.email != rawEmail);
            CHECK(c.email ==
                  rawEmail.left(1) + QStringLiteral("***@") + rawEmail.section(QLatin1Char('@'), -1));
        }
    }
    CHECK(got ==
          column(db, QStringLiteral("SELECT id FROM contacts WHERE %1 ORDER BY created_at DESC, id LIMIT 10")
                         .arg(scope)));

    REQUIRE(s.recentAgentActions.has_value());
    got.clear();
    for (const auto& a : *s.recentAgentActions)
        got << a.id;
    CHECK(got == column(db, QStringLiteral(
                                "SELECT id FROM agent_actions WHERE %1 ORDER BY created_at DESC, id LIMIT 10")
                                .arg(scope)));
}

} // namespace

TEST_CASE("analytics_summary numbers match independent SQL for all tenants and single tenants in each range",
          "[analytics]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto staff = db.createStaff(QStringLiteral("manager"));
    db::Connection c(staff.profile, staff.password, QStringLiteral("analytics-numbers"));

    const QString harbourside = db.scalar(QStringLiteral("SELECT %1::text").arg(tenantId(1))).toString();
    const QString copperKettle = db.scalar(QStringLiteral("SELECT %1::text").arg(tenantId(5))).toString();
    const QString redwood = db.scalar(QStringLiteral("SELECT %1::text").arg(tenantId(8))).toString();

    for (Range range : {Range::Day, Range::Week, Range::Month}) {
        CAPTURE(clients::rangeCode(range));
        {
            const AnalyticsSummary s = DashboardRepository::summary(c, QString(), range);
            CHECK(s.range == clients::rangeCode(range));
            CHECK(s.siteId.isEmpty());
            CHECK(s.tenants.size() == 8);
            checkAgainstRawTables(db, s, range, QString());
        }
        for (const QString& id : {harbourside, copperKettle}) {
            CAPTURE(id);
            const AnalyticsSummary s = DashboardRepository::summary(c, id, range);
            CHECK(s.siteId == id);
            REQUIRE(s.tenants.size() == 1);
            CHECK(s.tenants.first().id == id);
            checkAgainstRawTables(db, s, range, literal(id) + QStringLiteral("::uuid"));
        }
    }

    // The inactive tenant had no events for days: zeros in the last day, and it says so.
    const AnalyticsSummary quiet = DashboardRepository::summary(c, redwood, Range::Day);
    CHECK(quiet.events == 0);
    REQUIRE(quiet.eventSeries.size() == 1);
    CHECK(quiet.eventSeries.first().total() == 0);
    CHECK(quiet.eventSeries.first().counts.size() == 24);
    CHECK(quiet.health.first().status == QStringLiteral("inactive"));

    // The table models over a real summary.
    const AnalyticsSummary one = DashboardRepository::summary(c, harbourside, Range::Week);
    for (auto kind : {DashboardTableModel::Kind::Health, DashboardTableModel::Kind::Records,
                      DashboardTableModel::Kind::Contacts, DashboardTableModel::Kind::AgentActions}) {
        DashboardTableModel model(kind);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setNow(one.generatedAt);
        model.setSummary(one);
        CHECK(resets.count() == 1);
        CHECK(model.available());
        CHECK(model.columnCount() == 6);
        switch (kind) {
        case DashboardTableModel::Kind::Health:
            REQUIRE(model.rowCount() == 1);
            CHECK(model.data(model.index(0, 0)).toString() == one.health.first().name);
            CHECK(model.data(model.index(0, 1)).toString() == QLocale().toString(one.health.first().events));
            CHECK(model.data(model.index(0, 5)).toString().contains(QStringLiteral(" % of ")));
            CHECK(model.headerData(1, Qt::Horizontal).toString() == QStringLiteral("Events (7 d)"));
            CHECK(model.data(model.index(0, 0), DashboardTableModel::IdRole).toString() == harbourside);
            break;
        case DashboardTableModel::Kind::Records:
            REQUIRE(model.rowCount() == 10);
            CHECK(model.data(model.index(0, 2)).toString() == one.recentRecords->first().title);
            break;
        case DashboardTableModel::Kind::Contacts:
            REQUIRE(model.rowCount() == 10);
            CHECK(model.data(model.index(0, 1)).toString() == one.recentContacts->first().name);
            CHECK(model.data(model.index(0, 3)).toString().contains(QStringLiteral("***@")));
            break;
        case DashboardTableModel::Kind::AgentActions: {
            REQUIRE(model.rowCount() == 10);
            const auto& a = one.recentAgentActions->first();
            CHECK(model.data(model.index(0, 1)).toString() == a.agent);
            if (a.durationMs)
                CHECK(model.data(model.index(0, 5)).toString().endsWith(QStringLiteral(" ms")));
            const int tone = model.data(model.index(0, 3), DashboardTableModel::ToneRole).toInt();
            CHECK(tone == int(a.status == QStringLiteral("failed")      ? DashboardTableModel::Tone::Bad
                              : a.status == QStringLiteral("escalated") ? DashboardTableModel::Tone::Warn
                                                                        : DashboardTableModel::Tone::Good));
            break;
        }
        }
        model.clear();
        CHECK(model.rowCount() == 0);
        CHECK_FALSE(model.available());
    }
}

TEST_CASE("analytics_summary refuses a bad range and leaves out what a role may not see", "[analytics]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const QString tenant = db.scalar(QStringLiteral("SELECT %1::text").arg(tenantId(2))).toString();

    SECTION("a range other than 1d, 7d or 30d is refused with 22023 and the database's words")
    {
        const auto staff = db.createStaff(QStringLiteral("manager"));
        db::Connection c(staff.profile, staff.password, QStringLiteral("analytics-range"));
        for (const QString& bad :
             {QStringLiteral("2d"), QStringLiteral("7D"), QString(), QStringLiteral("7d ")}) {
            CAPTURE(bad);
            try {
                DashboardRepository::summary(c, tenant, bad);
                FAIL("a bad range was accepted");
            } catch (const db::DbError& e) {
                CHECK(e.sqlState == QStringLiteral("22023"));
                CHECK(e.message.contains(QStringLiteral("1d, 7d or 30d")));
            }
        }
        try {
            DashboardRepository::summary(c, QStringLiteral("0b7e5c1e-0000-4000-8000-000000000000"),
                                         Range::Week);
            FAIL("an unknown tenant was accepted");
        } catch (const db::DbError& e) {
            CHECK(e.sqlState == QStringLiteral("P0002"));
        }
        CHECK_THROWS_AS(DashboardRepository::summary(c, QStringLiteral("not-a-uuid"), Range::Week),
                        db::DbError);
    }

    SECTION("each role sees exactly the sections its permissions allow")
    {
        for (const QString& role :
             {QStringLiteral("super_admin"), QStringLiteral("manager"), QStringLiteral("senior_agent"),
              QStringLiteral("agent"), QStringLiteral("support"), QStringLiteral("analyst"),
              QStringLiteral("viewer")}) {
            CAPTURE(role);
            const auto staff = db.createStaff(role, QStringLiteral("Test Staff"), role);
            db::Connection c(staff.profile, staff.password, QStringLiteral("analytics-") + role);
            const bool contacts = roleHolds(db, role, QStringLiteral("contacts.view"));
            const bool records = roleHolds(db, role, QStringLiteral("records.view"));
            const bool agents = roleHolds(db, role, QStringLiteral("agents.view"));
            const bool revenue = roleHolds(db, role, QStringLiteral("tenants.revenue"));
            const AnalyticsSummary s = DashboardRepository::summary(c, tenant, Range::Week);
            CHECK(s.contacts.has_value() == contacts);
            CHECK(s.recentContacts.has_value() == contacts);
            CHECK(s.recordsByType.has_value() == records);
            CHECK(s.topWorkers.has_value() == records);
            CHECK(s.recentRecords.has_value() == records);
            CHECK(s.agentActions.has_value() == agents);
            CHECK(s.recentAgentActions.has_value() == agents);
            CHECK(s.health.first().failedActionsLastHour.has_value() == agents);
            CHECK(s.health.first().agentActions.has_value() == agents);
            CHECK(s.revenue.has_value() == revenue);
            CHECK(s.events > 0); // tenants.view alone shows the event counts
        }
        // The matrix in the database decides: support has neither agents.view nor tenants.revenue in
        // the seed; granting agents.view shows the agent sections at once.
        REQUIRE_FALSE(roleHolds(db, QStringLiteral("support"), QStringLiteral("agents.view")));
        db.exec(QStringLiteral(
            "INSERT INTO role_permissions (role_id, permission_id) SELECT r.id, p.id FROM roles r, "
            "permissions p WHERE r.name = 'support' AND p.code = 'agents.view'"));
        const auto support = db.createStaff(QStringLiteral("support"), QStringLiteral("Support Two"),
                                            QStringLiteral("support2"));
        db::Connection c(support.profile, support.password, QStringLiteral("analytics-support2"));
        const AnalyticsSummary s = DashboardRepository::summary(c, tenant, Range::Week);
        CHECK(s.recentAgentActions.has_value());
        CHECK_FALSE(s.revenue.has_value());
    }

    SECTION("without tenants.view the whole call is refused with 42501")
    {
        db.exec(QStringLiteral(
            "DELETE FROM role_permissions WHERE role_id = (SELECT id FROM roles WHERE name = 'viewer') "
            "AND permission_id = (SELECT id FROM permissions WHERE code = 'tenants.view')"));
        const auto staff = db.createStaff(QStringLiteral("viewer"));
        db::Connection c(staff.profile, staff.password, QStringLiteral("analytics-viewer"));
        try {
            DashboardRepository::summary(c, QString(), Range::Week);
            FAIL("a summary without tenants.view was returned");
        } catch (const db::DbError& e) {
            CHECK(e.isPermission());
            CHECK(e.message.contains(QStringLiteral("tenants.view")));
        }
    }
}

TEST_CASE("The summary parser refuses broken or unexpected JSON with a clear error", "[analytics]")
{
    const QByteArray good = R"({"generated_at":"2026-11-21T12:00:00.000Z","range":"7d","site_id":null,
        "from":"2026-11-15T00:00:00.000Z","bucket":"day","permissions":{},
        "tenants":[{"id":"t1","name":"One","slug":"one","status":"active","currency":"NZD","brand_color":null}],
        "totals":{"contacts":3,"events":5,"agent_actions":null,"records_by_type":{"quote":2}},
        "events_series":{"buckets":["2026-11-15T00:00:00.000Z","2026-11-16T00:00:00.000Z"],
                         "series":[{"tenant_id":"t1","name":"One","counts":[2,3]}]},
        "health":[{"tenant_id":"t1","name":"One","slug":"one","status":"active","events":5,"unprocessed_events":1,
                   "last_event_at":null,"failed_actions_1h":null,"agent_actions":null,"agent_success_rate":null}],
        "top_workers":null,"revenue":null,"recent_records":null,"recent_contacts":null,"recent_agent_actions":null})";
    const AnalyticsSummary s = clients::parseAnalyticsSummary(good);
    CHECK(s.events == 5);
    CHECK(s.contacts == 3);
    CHECK_FALSE(s.agentActions.has_value());
    CHECK(s.recordsByType->value(QStringLiteral("quote")) == 2);
    CHECK(s.eventSeries.first().total() == 5);
    CHECK_FALSE(s.health.first().lastEventAt.isValid());
    CHECK(s.tenantName(QStringLiteral("t1")) == QStringLiteral("One"));

    auto refused = [](const QByteArray& json) -> QString {
        try {
            clients::parseAnalyticsSummary(json);
        } catch (const clients::SummaryParseError& e) {
            return e.message();
        }
        return QStringLiteral("(accepted)");
    };
    CHECK(refused("").contains(QStringLiteral("not valid JSON")));
    CHECK(refused("{\"range\": ").contains(QStringLiteral("not valid JSON")));
    CHECK(refused("[1, 2]").contains(QStringLiteral("not an object")));
    CHECK(refused("null").contains(QStringLiteral("not")));
    CHECK(refused(QByteArray(good).replace("\"events\":5,\"unprocessed", "\"events\":\"5\",\"unprocessed"))
              .contains(QStringLiteral("health[0].events is not a number")));
    CHECK(refused(QByteArray(good).replace("\"contacts\":3,", ""))
              .contains(QStringLiteral("totals.contacts is missing")));
    CHECK(refused(QByteArray(good).replace("\"counts\":[2,3]", "\"counts\":[2]"))
              .contains(QStringLiteral("events_series.series[0].counts does not have one count per bucket")));
    CHECK(refused(QByteArray(good).replace("\"range\":\"7d\"", "\"range\":\"9d\""))
              .contains(QStringLiteral("range")));
    CHECK(refused(QByteArray(good).replace("\"events\":5,\"agent", "\"events\":-1,\"agent"))
              .contains(QStringLiteral("totals.events is not a count")));
    CHECK(refused(QByteArray(good).replace("\"2026-11-16T00:00:00.000Z\"", "\"yesterday\""))
              .contains(QStringLiteral("events_series.buckets[1] is not a timestamp")));
}
