// The aggregated alerts feed (0018) against a real database with real logins: its filters and
// states, read / dismiss / acknowledge / snooze and a snooze's end without any write, the database's
// refusals, and the feed model's in-place updates.
#include "AlertTestSupport.h"
#include "alerts/AlertFeedModel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <catch2/catch.hpp>

using namespace opsdeck;
using alerts::AlertFeedModel;
using alerts::AlertRepository;
using alerts::FeedFilter;
using alerts::FeedItem;

namespace {

struct FeedFixture
{
    test::TestDatabase db;
    test::TestDatabase::Staff agent;
    test::TestDatabase::Staff other;
    QString tenant1;
    QString tenant2;

    FeedFixture()
    {
        agent = db.createStaff(QStringLiteral("agent"), QStringLiteral("Ali Agent"));
        other = db.createStaff(QStringLiteral("agent"), QStringLiteral("Bo Other"), QStringLiteral("other"));
        tenant1 = text(QStringLiteral(
            "INSERT INTO tenants (name, slug) VALUES ('Acme Plumbing', 'acme-plumbing') RETURNING id"));
        tenant2 = text(QStringLiteral(
            "INSERT INTO tenants (name, slug) VALUES ('Blue Harbour', 'blue-harbour') RETURNING id"));
    }

    QString text(const QString& sql) { return db.scalar(sql).toString(); }

    // An alert `minutesOld` old, broadcast unless assigned; tenant may be empty.
    QString alert(const QString& severity, const QString& type, const QString& tenant, int minutesOld,
                  const QString& title, const QString& assignee = {},
                  const QString& status = QStringLiteral("open"))
    {
        return text(
            QStringLiteral("INSERT INTO alerts (alert_type, severity, title, tenant_id, is_broadcast, "
                           "assigned_to_staff_id, status, created_at) VALUES (%1, %2, %3, %4, %5, %6, %7, "
                           "now() - %8 * interval '1 minute') RETURNING id")
                .arg(test::quoted(type), test::quoted(severity), test::quoted(title),
                     tenant.isEmpty() ? QStringLiteral("NULL") : test::quoted(tenant),
                     assignee.isEmpty() ? QStringLiteral("true") : QStringLiteral("false"),
                     assignee.isEmpty() ? QStringLiteral("NULL")
                                        : QStringLiteral("(SELECT id FROM staff WHERE login = %1)")
                                              .arg(test::quoted(assignee)),
                     test::quoted(status))
                .arg(minutesOld));
    }
};

QStringList titles(const QList<FeedItem>& items)
{
    QStringList t;
    for (const FeedItem& i : items)
        t << i.title;
    return t;
}

FeedFilter stateFilter(const QString& state)
{
    FeedFilter f;
    f.state = state;
    return f;
}

QString failure(const std::function<void()>& call, QString* message = nullptr)
{
    try {
        call();
        return {};
    } catch (const db::DbError& e) {
        if (message)
            *message = e.message;
        return e.sqlState;
    }
}

FeedItem item(const QString& id, const QString& title, int minutesOld)
{
    FeedItem i;
    i.id = id;
    i.title = title;
    i.severity = QStringLiteral("warning");
    i.type = QStringLiteral("error_rate");
    i.status = QStringLiteral("open");
    i.createdAt = QDateTime(QDate(2026, 11, 21), QTime(12, 0), Qt::UTC).addSecs(-60 * minutesOld);
    return i;
}

} // namespace

TEST_CASE("The alerts feed filters by severity, tenant and type and shows only the caller's alerts",
          "[alertfeed]")
{
    FeedFixture f;
    f.alert(QStringLiteral("critical"), QStringLiteral("sla_breach"), f.tenant1, 10, QStringLiteral("A1"));
    f.alert(QStringLiteral("warning"), QStringLiteral("pipeline_stale"), f.tenant2, 20, QStringLiteral("A2"));
    f.alert(QStringLiteral("info"), QStringLiteral("error_rate"), {}, 30, QStringLiteral("A3"));
    f.alert(QStringLiteral("critical"), QStringLiteral("high_workload"), f.tenant1, 5,
            QStringLiteral("Not mine"), f.other.login);
    f.alert(QStringLiteral("critical"), QStringLiteral("sla_breach"), f.tenant1, 1,
            QStringLiteral("Resolved"), {}, QStringLiteral("resolved"));
    db::Connection a(f.agent.profile, f.agent.password, QStringLiteral("feed-agent"));

    const auto all = AlertRepository::feedFiltered(a, FeedFilter{});
    CHECK(titles(all) == QStringList{QStringLiteral("A1"), QStringLiteral("A2"), QStringLiteral("A3")});
    REQUIRE(all.size() == 3);
    CHECK(all[0].tenantName == QStringLiteral("Acme Plumbing"));
    CHECK(all[1].tenantName == QStringLiteral("Blue Harbour"));
    CHECK(all[2].tenantId.isEmpty());
    CHECK(all[0].audience == QStringLiteral("broadcast"));
    CHECK_FALSE(all[0].isRead());

    FeedFilter critical;
    critical.severities = {QStringLiteral("critical")};
    CHECK(titles(AlertRepository::feedFiltered(a, critical)) == QStringList{QStringLiteral("A1")});
    FeedFilter quiet;
    quiet.severities = {QStringLiteral("warning"), QStringLiteral("info")};
    CHECK(titles(AlertRepository::feedFiltered(a, quiet)) ==
          QStringList{QStringLiteral("A2"), QStringLiteral("A3")});
    FeedFilter tenant;
    tenant.tenantId = f.tenant2;
    CHECK(titles(AlertRepository::feedFiltered(a, tenant)) == QStringList{QStringLiteral("A2")});
    FeedFilter type;
    type.type = QStringLiteral("error_rate");
    CHECK(titles(AlertRepository::feedFiltered(a, type)) == QStringList{QStringLiteral("A3")});
    FeedFilter none = tenant;
    none.severities = {QStringLiteral("critical")};
    CHECK(AlertRepository::feedFiltered(a, none).isEmpty());

    QString message;
    CHECK(failure([&] { AlertRepository::feedFiltered(a, stateFilter(QStringLiteral("archived"))); },
                  &message) == QStringLiteral("22023"));
    CHECK(message.contains(QStringLiteral("state must be active, unread, read, snoozed or dismissed")));
    FeedFilter bogus;
    bogus.severities = {QStringLiteral("urgent")};
    CHECK(failure([&] { AlertRepository::feedFiltered(a, bogus); }) == QStringLiteral("22023"));
    // A role without ops.alerts.view is refused, not shown an empty feed.
    const auto analyst = f.db.createStaff(QStringLiteral("analyst"));
    db::Connection n(analyst.profile, analyst.password, QStringLiteral("feed-analyst"));
    CHECK(failure([&] { AlertRepository::feedFiltered(n, FeedFilter{}); }) == QStringLiteral("42501"));
}

TEST_CASE("Read, dismissed and acknowledged alerts move between the feed states", "[alertfeed]")
{
    FeedFixture f;
    const QString a1 = f.alert(QStringLiteral("critical"), QStringLiteral("sla_breach"), f.tenant1, 10,
                               QStringLiteral("A1"));
    const QString a2 = f.alert(QStringLiteral("warning"), QStringLiteral("pipeline_stale"), f.tenant2, 20,
                               QStringLiteral("A2"));
    const QString a3 =
        f.alert(QStringLiteral("info"), QStringLiteral("error_rate"), {}, 30, QStringLiteral("A3"));
    db::Connection a(f.agent.profile, f.agent.password, QStringLiteral("states-agent"));
    auto state = [&](const QString& s) {
        return titles(AlertRepository::feedFiltered(a, stateFilter(s)));
    };

    CHECK(state(QStringLiteral("unread")) ==
          QStringList{QStringLiteral("A1"), QStringLiteral("A2"), QStringLiteral("A3")});
    CHECK(state(QStringLiteral("read")).isEmpty());

    CHECK(AlertRepository::markRead(a, {a1}) == 1);
    CHECK(state(QStringLiteral("read")) == QStringList{QStringLiteral("A1")});
    CHECK(state(QStringLiteral("unread")) == QStringList{QStringLiteral("A2"), QStringLiteral("A3")});
    CHECK(state(QStringLiteral("active")) ==
          QStringList{QStringLiteral("A1"), QStringLiteral("A2"), QStringLiteral("A3")});

    CHECK(AlertRepository::dismiss(a, {a2}) == 1);
    CHECK(state(QStringLiteral("active")) == QStringList{QStringLiteral("A1"), QStringLiteral("A3")});
    CHECK(state(QStringLiteral("dismissed")) == QStringList{QStringLiteral("A2")});
    CHECK_FALSE(state(QStringLiteral("read")).contains(QStringLiteral("A2")));
    CHECK(AlertRepository::feedFiltered(a, stateFilter(QStringLiteral("dismissed"))).first().isDismissed());

    // Acknowledged: no longer unread, and the feed says who took it.
    CHECK(AlertRepository::acknowledge(a, {a3}) == 1);
    CHECK(state(QStringLiteral("unread")).isEmpty());
    const auto active = AlertRepository::feedFiltered(a, FeedFilter{});
    REQUIRE(active.size() == 2);
    CHECK(active[1].status == QStringLiteral("acknowledged"));
    CHECK(active[1].acknowledgedByName == QStringLiteral("Ali Agent"));
    CHECK(active[1].acknowledgedAt.isValid());
    // The other agent's own marks are separate.
    db::Connection o(f.other.profile, f.other.password, QStringLiteral("states-other"));
    CHECK(titles(AlertRepository::feedFiltered(o, stateFilter(QStringLiteral("unread")))) ==
          QStringList{QStringLiteral("A1"), QStringLiteral("A2")});
}

TEST_CASE("A snoozed alert waits in the snoozed state and comes back unread when the snooze ends",
          "[alertfeed]")
{
    FeedFixture f;
    const QString a1 = f.alert(QStringLiteral("critical"), QStringLiteral("sla_breach"), f.tenant1, 10,
                               QStringLiteral("A1"));
    f.alert(QStringLiteral("warning"), QStringLiteral("pipeline_stale"), f.tenant2, 20, QStringLiteral("A2"));
    const QString others = f.alert(QStringLiteral("critical"), QStringLiteral("high_workload"), f.tenant1, 5,
                                   QStringLiteral("Not mine"), f.other.login);
    db::Connection a(f.agent.profile, f.agent.password, QStringLiteral("snooze-agent"));
    auto state = [&](const QString& s) {
        return titles(AlertRepository::feedFiltered(a, stateFilter(s)));
    };
    REQUIRE(AlertRepository::unreadCount(a) == 2);
    CHECK_FALSE(AlertRepository::nextSnoozeEnd(a).isValid());

    const QDateTime until = QDateTime::currentDateTimeUtc().addSecs(3600);
    CHECK(AlertRepository::snooze(a, {a1}, until) == 1);
    CHECK(state(QStringLiteral("active")) == QStringList{QStringLiteral("A2")});
    CHECK(state(QStringLiteral("unread")) == QStringList{QStringLiteral("A2")});
    const auto snoozed = AlertRepository::feedFiltered(a, stateFilter(QStringLiteral("snoozed")));
    REQUIRE(snoozed.size() == 1);
    CHECK(snoozed.first().id == a1);
    CHECK(qAbs(snoozed.first().snoozedUntil.secsTo(until)) <= 1);
    CHECK(qAbs(AlertRepository::nextSnoozeEnd(a).secsTo(until)) <= 1);
    CHECK(AlertRepository::unreadCount(a) == 1);

    // The database refuses a time that has passed, one too far ahead, and someone else's alert.
    QString message;
    CHECK(failure([&] { AlertRepository::snooze(a, {a1}, QDateTime::currentDateTimeUtc().addSecs(-60)); },
                  &message) == QStringLiteral("22023"));
    CHECK(message.contains(QStringLiteral("in the future")));
    CHECK(failure([&] { AlertRepository::snooze(a, {a1}, QDateTime::currentDateTimeUtc().addDays(31)); },
                  &message) == QStringLiteral("22023"));
    CHECK(message.contains(QStringLiteral("at most 30 days")));
    CHECK(failure([&] { AlertRepository::snooze(a, {others}, until); }, &message) == QStringLiteral("42501"));
    CHECK(message.contains(QStringLiteral("not addressed to you")));
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM alert_staff_state WHERE alert_id = %1")
                          .arg(test::quoted(others)))
              .toInt() == 0);
    // The refused calls left the snooze as it was.
    CHECK(state(QStringLiteral("snoozed")) == QStringList{QStringLiteral("A1")});

    // The snooze ends (moved into the past behind the database's back): no write is needed for the
    // alert to be active and unread again.
    f.db.exec(QStringLiteral("UPDATE alert_staff_state SET snoozed_until = now() - interval '1 minute' "
                             "WHERE alert_id = %1")
                  .arg(test::quoted(a1)));
    CHECK(state(QStringLiteral("snoozed")).isEmpty());
    CHECK(state(QStringLiteral("active")) == QStringList{QStringLiteral("A1"), QStringLiteral("A2")});
    CHECK(state(QStringLiteral("unread")) == QStringList{QStringLiteral("A1"), QStringLiteral("A2")});
    CHECK_FALSE(AlertRepository::feedFiltered(a, FeedFilter{}).first().snoozedUntil.isValid());
    CHECK_FALSE(AlertRepository::nextSnoozeEnd(a).isValid());
    CHECK(AlertRepository::unreadCount(a) == 2);

    // Snoozed again and ended by hand.
    CHECK(AlertRepository::snooze(a, {a1}, until) == 1);
    CHECK(state(QStringLiteral("snoozed")) == QStringList{QStringLiteral("A1")});
    CHECK(AlertRepository::snooze(a, {a1}, QDateTime()) == 1);
    CHECK(state(QStringLiteral("snoozed")).isEmpty());
    CHECK(state(QStringLiteral("unread")) == QStringList{QStringLiteral("A1"), QStringLiteral("A2")});
}

TEST_CASE("The alerts feed model updates rows in place by id and keeps the selection", "[alertfeed]")
{
    AlertFeedModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setNow(QDateTime(QDate(2026, 11, 21), QTime(12, 0), Qt::UTC));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    FeedItem b = item(QStringLiteral("b"), QStringLiteral("B"), 12);
    b.tenantId = QStringLiteral("t1");
    b.tenantName = QStringLiteral("Acme Plumbing");
    b.resourceType = QStringLiteral("complaint");
    b.resourceId = QStringLiteral("c-1");
    const FeedItem c = item(QStringLiteral("c"), QStringLiteral("C"), 90);
    const FeedItem d = item(QStringLiteral("d"), QStringLiteral("D"), 3000);
    model.setItems({b, c, d});
    CHECK(model.rowCount() == 3);
    CHECK(inserted.count() == 3);
    QItemSelectionModel selection(&model);
    selection.select(model.index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    // Roles and words.
    const QModelIndex first = model.index(0, 0);
    CHECK(first.data(AlertFeedModel::IdRole).toString() == QStringLiteral("b"));
    CHECK(first.data(AlertFeedModel::TenantNameRole).toString() == QStringLiteral("Acme Plumbing"));
    CHECK(first.data(AlertFeedModel::ResourceTypeRole).toString() == QStringLiteral("complaint"));
    CHECK(first.data(AlertFeedModel::ResourceIdRole).toString() == QStringLiteral("c-1"));
    CHECK(first.data(AlertFeedModel::StateRole).toString() == QStringLiteral("unread"));
    CHECK(first.data(AlertFeedModel::UnreadRole).toBool());
    CHECK(first.data(Qt::FontRole).value<QFont>().bold());
    CHECK(first.data(AlertFeedModel::AgeSecondsRole).toLongLong() == 12 * 60);
    CHECK(model.index(0, AlertFeedModel::AgeColumn).data().toString() == QStringLiteral("12 min ago"));
    CHECK(model.index(1, AlertFeedModel::AgeColumn).data().toString() == QStringLiteral("1 h ago"));
    CHECK(model.index(2, AlertFeedModel::AgeColumn).data().toString() == QStringLiteral("2 d ago"));
    CHECK(model.index(0, AlertFeedModel::SeverityColumn).data().toString() == QStringLiteral("Warning"));
    CHECK(model.index(2, AlertFeedModel::TenantColumn).data().toString() == QStringLiteral("All tenants"));

    // A new alert on top, b read, c snoozed, d gone: rows change in place, the selection follows c.
    inserted.clear();
    changed.clear();
    FeedItem a = item(QStringLiteral("a"), QStringLiteral("A"), 1);
    b.readAt = QDateTime(QDate(2026, 11, 21), QTime(11, 59), Qt::UTC);
    FeedItem c2 = c;
    c2.snoozedUntil = QDateTime(QDate(2026, 11, 21), QTime(14, 30), Qt::UTC);
    model.setItems({a, b, c2});
    CHECK(reset.count() == 0);
    CHECK(inserted.count() == 1);
    CHECK(removed.count() == 1);
    CHECK(changed.count() == 2);
    CHECK(model.rowCount() == 3);
    REQUIRE(selection.selectedRows().size() == 1);
    CHECK(selection.selectedRows().first().data(AlertFeedModel::IdRole).toString() == QStringLiteral("c"));
    CHECK(model.index(1, 0).data(AlertFeedModel::StateRole).toString() == QStringLiteral("read"));
    CHECK_FALSE(model.index(1, 0).data(AlertFeedModel::UnreadRole).toBool());
    CHECK(model.index(2, 0).data(AlertFeedModel::StateRole).toString() == QStringLiteral("snoozed"));
    CHECK(model.index(2, 0).data(AlertFeedModel::SnoozedUntilRole).toDateTime() == c2.snoozedUntil);
    CHECK(model.index(2, AlertFeedModel::StatusColumn)
              .data()
              .toString()
              .contains(QStringLiteral("Snoozed until")));
    CHECK(model.earliestSnoozeEnd() == c2.snoozedUntil);

    // The same list again changes nothing.
    changed.clear();
    model.setItems({a, b, c2});
    CHECK(changed.count() == 0);
    // Everything gone.
    model.setItems({});
    CHECK(model.rowCount() == 0);
    CHECK(reset.count() == 0);
}
