// Operations → Alert rules and the header's unread count, driven offscreen with real logins: the
// rule list, the editor for a rule manager and its read-only form for everyone else, the database's
// own words when it refuses a threshold, one's own subscriptions, and the live unread count.
#include "operations/alerts/AlertRulesPanel.h"

#include "WidgetTestSupport.h"
#include "alerts/AlertRepository.h"
#include "alerts/AlertRuleModel.h"
#include "alerts/AlertSubscriptionModel.h"
#include "common/MessageBox.h"
#include "db/Connection.h"
#include "engine/Heartbeat.h"
#include "operations/OperationsTab.h"
#include "operations/alerts/AlertRuleEditor.h"
#include "session/Session.h"
#include "session/Tabs.h"
#include "shell/HeaderBar.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>

using namespace opsdeck;
using widgets::operations::AlertRulesPanel;

namespace {

struct AnswerBoxes
{
    AnswerBoxes()
    {
        widgets::MessageBox::setTestMode(true);
        widgets::MessageBox::clearRecorded();
    }
    ~AnswerBoxes() { widgets::MessageBox::setTestMode(false); }
};

session::TabInfo operationsInfo()
{
    for (const auto& t : session::allTabs()) {
        if (t.tab == session::Tab::Operations)
            return t;
    }
    return {};
}

QString quoted(const QString& s)
{
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

} // namespace

TEST_CASE(
    "An alert rule manager edits thresholds and channels, and the database's refusal is shown in its words",
    "[widgets][alerts]")
{
    AnswerBoxes boxes;
    test::TestDatabase db;
    const auto admin =
        test::openSession(db.createStaff(QStringLiteral("admin"), QStringLiteral("Ari Admin")));

    AlertRulesPanel panel(*admin.session);
    QAbstractItemModelTester ruleTester(panel.ruleModel(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester subTester(panel.subscriptionModel(),
                                       QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.resize(1300, 800);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    CHECK(panel.ruleModel()->rowCount() == 7);
    CHECK(panel.subscriptionModel()->rowCount() == 7);
    CHECK(panel.evaluatorLabel()->text().contains(QStringLiteral("No engine has evaluated")));
    REQUIRE(panel.selectRuleType(QStringLiteral("high_workload")));
    auto* editor = panel.editor();
    REQUIRE(editor->hasRule());
    CHECK(editor->isEditable());
    CHECK(editor->saveButton()->isVisibleTo(&panel));
    CHECK_FALSE(editor->readOnlyNote()->isVisibleTo(&panel));
    QDoubleSpinBox* limit = editor->numberField(QStringLiteral("max_open_items_per_staff"));
    REQUIRE(limit);
    CHECK(limit->isEnabled());
    CHECK(limit->value() == 15);
    CHECK_FALSE(editor->saveButton()->isEnabled()); // nothing changed yet

    // Zero open items is not a threshold: the database says so, the rule stays as it was.
    QSignalSpy refused(&panel, &AlertRulesPanel::ruleRefused);
    limit->setValue(0);
    REQUIRE(editor->saveButton()->isEnabled());
    editor->saveButton()->click();
    REQUIRE(test::waitFor([&] { return refused.count() == 1; }, 15000));
    const auto shown = widgets::MessageBox::lastRecorded();
    CHECK(shown.icon == QMessageBox::Warning);
    CHECK(shown.text.contains(
        QStringLiteral("max_open_items_per_staff must be a whole number from 1 to 1000")));
    CHECK(db.scalar(QStringLiteral("SELECT conditions ->> 'max_open_items_per_staff' FROM alert_rules "
                                   "WHERE rule_type = 'high_workload'"))
              .toInt() == 15);
    CHECK(editor->isDirty()); // the edit is still there to correct
    test::reviewShot(&panel, QStringLiteral("alert-rules-refused"));

    // A good value and e-mail too: stored, and the list shows it after the reload.
    QSignalSpy saved(&panel, &AlertRulesPanel::ruleSaved);
    limit->setValue(20);
    editor->channelBox(QStringLiteral("email"))->setChecked(true);
    editor->saveButton()->click();
    REQUIRE(test::waitFor([&] { return saved.count() == 1; }, 15000));
    const int row = panel.ruleModel()->rowOf(editor->rule().id);
    REQUIRE(test::waitFor(
        [&] {
            return panel.ruleModel()
                       ->index(row, alerts::AlertRuleModel::ThresholdsColumn)
                       .data()
                       .toString() == QStringLiteral("More open items per staff member than 20 items");
        },
        15000));
    CHECK(panel.ruleModel()->index(row, alerts::AlertRuleModel::ChannelsColumn).data().toString() ==
          QStringLiteral("In-app, email"));
    CHECK(
        db.scalar(QStringLiteral("SELECT alert_config -> 'channels' = '[\"in_app\", \"email\"]'::jsonb FROM "
                                 "alert_rules WHERE rule_type = 'high_workload'"))
            .toBool());
    CHECK_FALSE(editor->isDirty());
}

TEST_CASE("A viewer sees the alert rules read-only and changes only their own subscriptions",
          "[widgets][alerts]")
{
    AnswerBoxes boxes;
    test::TestDatabase db;
    const auto viewerStaff = db.createStaff(QStringLiteral("viewer"), QStringLiteral("Vi Viewer"));
    const auto viewer = test::openSession(viewerStaff);
    REQUIRE(AlertRulesPanel::availableTo(viewer.in.identity));

    AlertRulesPanel panel(*viewer.session);
    panel.resize(1300, 800);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    CHECK(panel.ruleModel()->rowCount() == 7);
    REQUIRE(panel.selectRuleType(QStringLiteral("error_rate")));
    auto* editor = panel.editor();
    REQUIRE(editor->hasRule());
    CHECK_FALSE(editor->isEditable());
    CHECK_FALSE(editor->saveButton()->isVisibleTo(&panel));
    CHECK(editor->readOnlyNote()->isVisibleTo(&panel));
    REQUIRE(editor->numberField(QStringLiteral("threshold_percent")));
    CHECK_FALSE(editor->numberField(QStringLiteral("threshold_percent"))->isEnabled());
    CHECK_FALSE(editor->channelBox(QStringLiteral("email"))->isEnabled());
    test::reviewShot(&panel, QStringLiteral("alert-rules-viewer"));

    // Even if asked directly, the database refuses the rule change.
    db::Connection c(viewerStaff.profile, viewerStaff.password, QStringLiteral("viewer-direct"));
    try {
        alerts::AlertRepository::saveRule(c, editor->rule().id, false, {}, {});
        FAIL("a viewer changed an alert rule");
    } catch (const db::DbError& e) {
        CHECK(e.isPermission());
    }

    // Their own subscription: e-mail for error-rate alerts.
    auto* subs = panel.subscriptionModel();
    REQUIRE(subs->canEdit());
    QSignalSpy saved(&panel, &AlertRulesPanel::subscriptionSaved);
    const int row = subs->rowOf(QStringLiteral("error_rate"));
    REQUIRE(row >= 0);
    REQUIRE(subs->setData(subs->index(row, alerts::AlertSubscriptionModel::EmailColumn), Qt::Checked,
                          Qt::CheckStateRole));
    REQUIRE(test::waitFor([&] { return saved.count() == 1; }, 15000));
    CHECK(subs->index(row, alerts::AlertSubscriptionModel::EmailColumn).data(Qt::CheckStateRole).toInt() ==
          Qt::Checked);
    CHECK(db.scalar(
                QStringLiteral("SELECT array_to_string(s.delivery_channels, ',') FROM alert_subscriptions s "
                               "JOIN staff st ON st.id = s.staff_id WHERE st.login = %1 AND s.alert_type = "
                               "'error_rate'")
                    .arg(quoted(viewerStaff.login)))
              .toString() == QStringLiteral("in_app,email"));
}

TEST_CASE("The Operations tab holds the alert rules for those who may view alerts", "[widgets][alerts]")
{
    test::TestDatabase db;
    const auto admin = test::openSession(db.createStaff(QStringLiteral("admin")));
    const auto analyst = test::openSession(db.createStaff(QStringLiteral("analyst"))); // no ops.alerts.view
    widgets::operations::OperationsTab adminTab(operationsInfo(), *admin.session);
    auto* sections = adminTab.findChild<QTabWidget*>(QStringLiteral("operationsSections"));
    REQUIRE(sections);
    QStringList titles;
    for (int i = 0; i < sections->count(); ++i)
        titles << sections->tabText(i);
    CHECK(titles.contains(QStringLiteral("Alert rules")));
    CHECK(adminTab.findChild<AlertRulesPanel*>());
    widgets::operations::OperationsTab analystTab(operationsInfo(), *analyst.session);
    CHECK_FALSE(analystTab.findChild<AlertRulesPanel*>());
}

TEST_CASE("The header shows the unread alert count and follows it live", "[widgets][alerts]")
{
    test::TestDatabase db;
    const auto agentStaff = db.createStaff(QStringLiteral("agent"), QStringLiteral("Ada Agent"));
    const auto engineStaff =
        db.createStaff(QStringLiteral("admin"), QStringLiteral("Eli Engine"), QStringLiteral("engine"));
    const auto agent = test::openSession(agentStaff);
    widgets::HeaderBar header(*agent.session);
    header.show();
    REQUIRE(test::waitFor([&] { return header.unreadAlerts() == 0; }, 15000));
    CHECK(header.unreadAlertsLabel()->isVisible());
    CHECK(header.unreadAlertsLabel()->text() == QStringLiteral("No unread alerts"));

    // An engine opens a broadcast alert for a critical complaint.
    const QString tenant =
        db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Acme', 'acme') RETURNING id"))
            .toString();
    db.exec(QStringLiteral("INSERT INTO complaints (tenant_id, subject, priority, sla_due_at) "
                           "VALUES (%1, 'Broken tap', 'critical', now() + interval '2 hours')")
                .arg(quoted(tenant)));
    db::Connection engine(engineStaff.profile, engineStaff.password, QStringLiteral("header-engine"));
    const auto beat =
        engine::HeartbeatInfo::forThisProcess(QStringLiteral("worker"), {QStringLiteral("alerts")});
    engine::writeHeartbeat(engine, beat);
    REQUIRE(alerts::AlertRepository::evaluate(engine, beat.engineId, true).ran);
    REQUIRE(test::waitFor([&] { return header.unreadAlerts() == 1; }, 15000));
    CHECK(header.unreadAlertsLabel()->text() == QStringLiteral("1 unread alert"));

    // Read elsewhere (another console of the same person): the count follows.
    db::Connection other(agentStaff.profile, agentStaff.password, QStringLiteral("header-other"));
    const auto feed = alerts::AlertRepository::feed(other, true);
    REQUIRE(feed.size() == 1);
    CHECK(alerts::AlertRepository::markRead(other, {feed.first().id}) == 1);
    REQUIRE(test::waitFor([&] { return header.unreadAlerts() == 0; }, 15000));
}
