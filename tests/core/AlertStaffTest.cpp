// What staff do with alerts, against a real database with real logins: PostgreSQL refuses the
// evaluator and the rule editor to roles without the permission and validates thresholds in words;
// the unread count follows the feed, read marks and acknowledgements; the rule and subscription
// models behave as item models.
#include "AlertTestSupport.h"
#include "alerts/AlertRuleModel.h"
#include "alerts/AlertSubscriptionModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <catch2/catch.hpp>

using namespace opsdeck;
using alerts::AlertRepository;

TEST_CASE("PostgreSQL refuses the alert evaluator and the alert rule editor to roles without the permission",
          "[alerts]")
{
    test::AlertFixture f;
    const auto manager = f.db.createStaff(QStringLiteral("manager"));
    const QString rule =
        f.text(QStringLiteral("SELECT id FROM alert_rules WHERE rule_type = 'high_workload'"));
    auto save = [&](const QString& conditions, const QString& config) {
        return QStringLiteral("SELECT alert_rule_save(%1, true, %2, %3)")
            .arg(test::quoted(rule), conditions.isEmpty() ? QStringLiteral("NULL") : test::quoted(conditions),
                 config.isEmpty() ? QStringLiteral("NULL") : test::quoted(config));
    };

    CHECK(test::failureOf(manager, QStringLiteral("SELECT alerts_evaluate('any-engine', true)")) ==
          QStringLiteral("42501"));
    CHECK(test::failureOf(manager, save(QStringLiteral(R"({"max_open_items_per_staff": 20})"), {})) ==
          QStringLiteral("42501"));
    CHECK(test::failureOf(manager, QStringLiteral("UPDATE alert_rules SET is_enabled = false")) ==
          QStringLiteral("42501"));
    // engines.run alone is not enough: the engine needs a live heartbeat of its own login.
    CHECK(test::failureOf(f.engineStaff, QStringLiteral("SELECT alerts_evaluate('not-my-engine')")) ==
          QStringLiteral("55000"));

    QString message;
    CHECK(test::failureOf(f.engineStaff, save(QStringLiteral(R"({"max_open_items_per_staff": 0})"), {}),
                          &message) == QStringLiteral("22023"));
    CHECK(message.contains(QStringLiteral("max_open_items_per_staff must be a whole number from 1 to 1000")));
    CHECK(test::failureOf(
              f.engineStaff,
              save({}, QStringLiteral(
                           R"({"severity": "warning", "channels": ["pager"], "assign_to": "managers"})")),
              &message) == QStringLiteral("22023"));
    CHECK(message.contains(QStringLiteral("channels must list in_app, email or sms")));
    CHECK(
        test::failureOf(
            f.engineStaff,
            save(
                {},
                QStringLiteral(
                    R"({"severity": "warning", "channels": ["in_app"], "assign_to": "assignee_or_broadcast"})")),
            &message) == QStringLiteral("22023"));
    CHECK(message.contains(QStringLiteral("has no assignee")));
    CHECK(test::failureOf(f.engineStaff, save(QStringLiteral(R"({"max_items": 3})"), {}), &message) ==
          QStringLiteral("22023"));
    CHECK(message.contains(QStringLiteral("unknown condition")));
    // A good change is stored and audited as the staff member's.
    CHECK(test::failureOf(f.engineStaff, save(QStringLiteral(R"({"max_open_items_per_staff": 20})"), {}))
              .isEmpty());
    CHECK(
        f.number(QStringLiteral(
                     "SELECT (conditions ->> 'max_open_items_per_staff')::int FROM alert_rules WHERE id = %1")
                     .arg(test::quoted(rule))) == 20);
    CHECK(f.number(QStringLiteral(
                       "SELECT count(*) FROM audit_log WHERE table_name = 'alert_rules' AND staff_login = %1")
                       .arg(test::quoted(f.engineStaff.login))) == 1);
}

TEST_CASE("The unread alert count follows the feed, read marks and acknowledgements", "[alerts]")
{
    test::AlertFixture f;
    const auto viewer = f.db.createStaff(QStringLiteral("viewer"), QStringLiteral("Vic Viewer"));
    const auto agent = f.db.createStaff(QStringLiteral("agent"), QStringLiteral("Ali Agent"));
    const auto manager = f.db.createStaff(QStringLiteral("manager"), QStringLiteral("Mo Manager"));
    const QString agentId = f.staffId(agent);
    f.complaint(QStringLiteral("complaint"), QStringLiteral("critical"), 5);          // broadcast
    f.complaint(QStringLiteral("complaint"), QStringLiteral("medium"), 180, agentId); // breach, the agent's
    f.complaint(QStringLiteral("complaint"), QStringLiteral("medium"), 5, agentId);
    f.setRule(QStringLiteral("high_workload"), QStringLiteral("conditions"),
              QStringLiteral(R"({"max_open_items_per_staff": 1})"));
    REQUIRE(f.cycle().total(QStringLiteral("created")) == 3); // critical, breach, high workload (managers)

    db::Connection v(viewer.profile, viewer.password, QStringLiteral("unread-viewer"));
    db::Connection a(agent.profile, agent.password, QStringLiteral("unread-agent"));
    db::Connection m(manager.profile, manager.password, QStringLiteral("unread-manager"));
    CHECK(AlertRepository::unreadCount(v) == 1);
    CHECK(AlertRepository::unreadCount(a) == 2);
    CHECK(AlertRepository::unreadCount(m) == 2);

    const QString critical = f.unresolvedId(QStringLiteral("critical_complaint"));
    const QString breach = f.unresolvedId(QStringLiteral("sla_breach"));
    const QString workload = f.unresolvedId(QStringLiteral("high_workload"));
    CHECK(AlertRepository::markRead(v, {critical}) == 1);
    CHECK(AlertRepository::markRead(v, {critical}) == 0);
    CHECK(AlertRepository::unreadCount(v) == 0);
    CHECK(AlertRepository::unreadCount(a) == 2);

    // The agent turns off in-app for critical complaints: gone from their feed, not their own alerts.
    AlertRepository::saveMySubscription(
        a, {QStringLiteral("critical_complaint"), true, {QStringLiteral("email")}, true});
    CHECK(AlertRepository::unreadCount(a) == 1);
    const auto feed = AlertRepository::feed(a);
    REQUIRE(feed.size() == 1);
    CHECK(feed.first().id == breach);
    CHECK(feed.first().assignedToMe);
    CHECK(feed.first().audience == QStringLiteral("assignee"));

    // The manager acknowledges the workload alert: no longer unread, and audited as theirs.
    CHECK(AlertRepository::acknowledge(m, {workload}) == 1);
    CHECK(AlertRepository::unreadCount(m) == 1);
    CHECK(
        f.number(QStringLiteral("SELECT count(*) FROM audit_log WHERE table_name = 'alerts' AND row_id = %1 "
                                "AND staff_login = %2")
                     .arg(test::quoted(workload), test::quoted(manager.login))) == 1);
    // Someone else's alert is not the viewer's to act on; a note is needed to resolve.
    try {
        AlertRepository::acknowledge(v, {breach});
        FAIL("a viewer acknowledged an alert assigned to someone else");
    } catch (const db::DbError& e) {
        CHECK(e.sqlState == QStringLiteral("42501"));
    }
    CHECK_THROWS_AS(AlertRepository::resolve(a, {breach}, QStringLiteral("")), db::DbError);
    CHECK(AlertRepository::resolve(a, {breach}, QStringLiteral("Called the customer back")) == 1);
    CHECK(AlertRepository::unreadCount(a) == 0);
    CHECK(f.metadata(breach, QStringLiteral("resolution_note")) ==
          QStringLiteral("Called the customer back"));
    // A role without ops.alerts.view is refused, not shown zero.
    const auto analyst = f.db.createStaff(QStringLiteral("analyst"));
    CHECK(test::failureOf(analyst, QStringLiteral("SELECT my_unread_alert_count()")) ==
          QStringLiteral("42501"));
}

TEST_CASE("The alert rule and subscription models are well-behaved item models", "[alerts]")
{
    test::AlertFixture f;
    alerts::AlertRuleModel rules;
    QAbstractItemModelTester ruleTester(&rules, QAbstractItemModelTester::FailureReportingMode::Fatal);
    rules.setRules(AlertRepository::rules(*f.engine));
    CHECK(rules.rowCount() == 7);
    const int workload =
        rules.rowOf(f.text(QStringLiteral("SELECT id FROM alert_rules WHERE rule_type = 'high_workload'")));
    REQUIRE(workload >= 0);
    CHECK(rules.index(workload, alerts::AlertRuleModel::ThresholdsColumn).data().toString() ==
          QStringLiteral("More open items per staff member than 15 items"));
    CHECK(rules.index(workload, alerts::AlertRuleModel::AssignColumn).data().toString() ==
          QStringLiteral("Managers"));

    alerts::AlertSubscriptionModel subs;
    QAbstractItemModelTester subTester(&subs, QAbstractItemModelTester::FailureReportingMode::Fatal);
    subs.setSubscriptions(AlertRepository::mySubscriptions(*f.engine), true);
    REQUIRE(subs.rowCount() == 7);
    QSignalSpy asked(&subs, &alerts::AlertSubscriptionModel::changeRequested);
    const int row = subs.rowOf(QStringLiteral("error_rate"));
    REQUIRE(row >= 0);
    CHECK(subs.setData(subs.index(row, alerts::AlertSubscriptionModel::EmailColumn), Qt::Checked,
                       Qt::CheckStateRole));
    REQUIRE(asked.count() == 1);
    const auto wanted = asked.first().at(0).value<alerts::AlertSubscription>();
    CHECK(wanted.channels == QStringList{QStringLiteral("in_app"), QStringLiteral("email")});
    // Nothing changes until the database took it.
    CHECK(subs.index(row, alerts::AlertSubscriptionModel::EmailColumn).data(Qt::CheckStateRole).toInt() ==
          Qt::Unchecked);
    AlertRepository::saveMySubscription(*f.engine, wanted);
    subs.setSubscriptions(AlertRepository::mySubscriptions(*f.engine), true);
    CHECK(subs.index(subs.rowOf(QStringLiteral("error_rate")), alerts::AlertSubscriptionModel::EmailColumn)
              .data(Qt::CheckStateRole)
              .toInt() == Qt::Checked);
    subs.setSubscriptions(subs.subscriptions(), false);
    CHECK_FALSE(subs.setData(subs.index(row, alerts::AlertSubscriptionModel::SmsColumn), Qt::Checked,
                             Qt::CheckStateRole));
}
