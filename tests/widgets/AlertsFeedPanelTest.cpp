// Clients → Alerts, driven offscreen with real logins and the demo data: the feed and its filters,
// the tenant scope, mark read / dismiss / snooze through the UI, a refusal said in the database's
// words with the selection kept, a live critical alert with exactly one desktop notification, and
// where Enter goes.
#include "clients/feed/AlertsFeedPanel.h"

#include "WidgetTestSupport.h"
#include "alerts/AlertFeedModel.h"
#include "clients/feed/SnoozeUntilDialog.h"
#include "common/DesktopNotifier.h"
#include "common/MessageBox.h"
#include "db/EventBus.h"
#include "session/Session.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFont>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace opsdeck;
using alerts::AlertFeedModel;
using widgets::clients::AlertsFeedPanel;

namespace {

// Message boxes and desktop notifications recorded instead of shown while alive.
struct Hooks
{
    Hooks()
    {
        widgets::MessageBox::setTestMode(true);
        widgets::MessageBox::clearRecorded();
        widgets::DesktopNotifier::setTestMode(true);
        widgets::DesktopNotifier::clearRecorded();
    }
    ~Hooks()
    {
        widgets::MessageBox::setTestMode(false);
        widgets::DesktopNotifier::setTestMode(false);
    }
};

QString literal(const QString& s)
{
    return QLatin1Char('\'') + QString(s).replace(QLatin1Char('\''), QStringLiteral("''")) +
           QLatin1Char('\'');
}

bool settled(AlertsFeedPanel& panel, int timeoutMs = 15000)
{
    return test::waitFor([&] { return panel.isLoaded() && !panel.isBusy(); }, timeoutMs);
}

QVariant role(const AlertsFeedPanel& panel, int row, int r)
{
    return panel.model()->index(row, 0).data(r);
}

QString idAt(const AlertsFeedPanel& panel, int row)
{
    return role(panel, row, AlertFeedModel::IdRole).toString();
}

QAction* menuAction(QToolButton* button, const QString& name)
{
    for (QAction* a : button->menu()->actions()) {
        if (a->objectName() == name)
            return a;
    }
    return nullptr;
}

// What a manager of the installation sees: unresolved alerts that are broadcast or for managers
// (a new staff member has no subscription rows, so every type reaches them in the app).
QString managerFeedSql(const QString& where = {})
{
    return QStringLiteral("SELECT count(*) FROM alerts WHERE status <> 'resolved' AND "
                          "(is_broadcast OR assigned_to_staff_id IS NULL)") +
           (where.isEmpty() ? QString() : QStringLiteral(" AND ") + where);
}

} // namespace

TEST_CASE("The alerts feed panel lists the demo alerts, filters them and acts on the selection",
          "[widgets][alertfeed]")
{
    Hooks hooks;
    test::TestDatabase db;
    db.seedDemo(1);
    const auto manager =
        test::openSession(db.createStaff(QStringLiteral("manager"), QStringLiteral("Mo Manager")));
    AlertsFeedPanel panel(*manager.session);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.resize(1300, 700);
    panel.show();
    REQUIRE(settled(panel));
    REQUIRE(panel.state() == widgets::Panel::State::Content);
    const int all = db.scalar(managerFeedSql()).toInt();
    REQUIRE(all > 10);
    CHECK(panel.model()->rowCount() == all);
    // A new staff member has read nothing: every open alert is unread (acknowledged ones are not).
    const int unread = db.scalar(managerFeedSql(QStringLiteral("status = 'open'"))).toInt();
    REQUIRE(unread > 0);
    CHECK(panel.summaryLabel()->text() == QStringLiteral("%1 alerts · %2 unread").arg(all).arg(unread));
    CHECK_FALSE(panel.markReadButton()->isEnabled()); // nothing selected
    // Present at start-up: no notification.
    REQUIRE(test::waitFor([&] { return !panel.isCheckingCritical(); }));
    CHECK(widgets::DesktopNotifier::recorded().isEmpty());

    // Severity: critical only.
    panel.severityButton(QStringLiteral("warning"))->setChecked(false);
    panel.severityButton(QStringLiteral("info"))->setChecked(false);
    REQUIRE(
        test::waitFor([&] { return panel.filter().severities == QStringList{QStringLiteral("critical")}; }));
    REQUIRE(settled(panel));
    REQUIRE(test::waitFor([&] {
        return panel.model()->rowCount() ==
               db.scalar(managerFeedSql(QStringLiteral("severity = 'critical'"))).toInt();
    }));
    for (int r = 0; r < panel.model()->rowCount(); ++r)
        REQUIRE(role(panel, r, AlertFeedModel::SeverityRole).toString() == QStringLiteral("critical"));
    panel.severityButton(QStringLiteral("warning"))->setChecked(true);
    panel.severityButton(QStringLiteral("info"))->setChecked(true);

    // The tenant scope narrows the feed and locks the tenant filter to it.
    const QString tenant =
        db.scalar(QStringLiteral("SELECT tenant_id FROM alerts WHERE status <> 'resolved' AND is_broadcast "
                                 "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"))
            .toString();
    const QString tenantName =
        db.scalar(QStringLiteral("SELECT name FROM tenants WHERE id = %1").arg(literal(tenant))).toString();
    manager.session->setTenantScope(tenant);
    REQUIRE(test::waitFor([&] {
        return panel.model()->rowCount() ==
               db.scalar(managerFeedSql(QStringLiteral("tenant_id = %1").arg(literal(tenant)))).toInt();
    }));
    REQUIRE(panel.model()->rowCount() > 0);
    for (int r = 0; r < panel.model()->rowCount(); ++r)
        REQUIRE(role(panel, r, AlertFeedModel::TenantNameRole).toString() == tenantName);
    CHECK_FALSE(panel.tenantCombo()->isEnabled());
    manager.session->setTenantScope(QString());
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == all; }));
    CHECK(panel.tenantCombo()->isEnabled());
    REQUIRE(panel.tenantCombo()->count() > 8); // "All tenants" and the demo's tenants

    // Mark read: the row stays, no longer bold, and the unread count drops.
    QString first;
    for (int r = 0; r < panel.model()->rowCount() && first.isEmpty(); ++r) {
        if (role(panel, r, AlertFeedModel::UnreadRole).toBool())
            first = idAt(panel, r);
    }
    REQUIRE_FALSE(first.isEmpty());
    CHECK(role(panel, panel.model()->rowOf(first), Qt::FontRole).value<QFont>().bold());
    REQUIRE(panel.selectIds({first}));
    CHECK(panel.markReadButton()->isEnabled());
    panel.markReadButton()->click();
    REQUIRE(test::waitFor([&] {
        const int row = panel.model()->rowOf(first);
        return row >= 0 && role(panel, row, AlertFeedModel::StateRole).toString() == QStringLiteral("read");
    }));
    CHECK_FALSE(role(panel, panel.model()->rowOf(first), Qt::FontRole).value<QFont>().bold());
    CHECK(panel.selectedIds() == QStringList{first}); // updated in place: still selected
    REQUIRE(test::waitFor(
        [&] { return panel.summaryLabel()->text().endsWith(QStringLiteral("%1 unread").arg(unread - 1)); }));

    // Dismiss two: gone from Active, listed under Dismissed.
    QStringList dismissed;
    for (int r = 0; r < panel.model()->rowCount() && dismissed.size() < 2; ++r) {
        if (idAt(panel, r) != first)
            dismissed << idAt(panel, r);
    }
    REQUIRE(panel.selectIds(dismissed));
    panel.dismissButton()->click();
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == all - 2; }));
    CHECK(panel.model()->rowOf(dismissed[0]) < 0);
    CHECK(panel.model()->rowOf(dismissed[1]) < 0);
    panel.stateCombo()->setCurrentIndex(panel.stateCombo()->findData(QStringLiteral("dismissed")));
    REQUIRE(test::waitFor(
        [&] { return panel.model()->rowCount() == 2 && panel.model()->rowOf(dismissed[0]) >= 0; }));
    CHECK(panel.model()
              ->index(0, AlertFeedModel::StatusColumn)
              .data()
              .toString()
              .contains(QStringLiteral("Dismissed")));

    // Snooze one for an hour through the menu: gone from Active, under Snoozed with its end time.
    panel.stateCombo()->setCurrentIndex(panel.stateCombo()->findData(QStringLiteral("active")));
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == all - 2; }));
    REQUIRE(settled(panel));
    const QString snoozed = idAt(panel, 0);
    REQUIRE(panel.selectIds({snoozed}));
    QAction* hour = menuAction(panel.snoozeButton(), QStringLiteral("snooze1h"));
    REQUIRE(hour);
    hour->trigger();
    REQUIRE(test::waitFor([&] { return panel.model()->rowOf(snoozed) < 0; }));
    CHECK(panel.model()->rowCount() == all - 3);
    REQUIRE(test::waitFor([&] { return panel.snoozeReloadAt().isValid(); }));
    CHECK(qAbs(panel.snoozeReloadAt().secsTo(QDateTime::currentDateTimeUtc().addSecs(3600))) < 120);
    panel.stateCombo()->setCurrentIndex(panel.stateCombo()->findData(QStringLiteral("snoozed")));
    REQUIRE(
        test::waitFor([&] { return panel.model()->rowCount() == 1 && panel.model()->rowOf(snoozed) == 0; }));
    CHECK(panel.model()
              ->index(0, AlertFeedModel::StatusColumn)
              .data()
              .toString()
              .contains(QStringLiteral("Snoozed until ")));
    panel.stateCombo()->setCurrentIndex(panel.stateCombo()->findData(QStringLiteral("active")));
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == all - 3; }));
    REQUIRE(settled(panel));

    // "Until…" a time that has passed: the database refuses in its words, the form stays open and
    // the selection is kept; a good time then snoozes.
    const QString later = idAt(panel, 0);
    REQUIRE(panel.selectIds({later}));
    QPointer<widgets::clients::SnoozeUntilDialog> dialog = panel.openSnoozeDialog();
    REQUIRE(dialog);
    dialog->setUntil(QDateTime::currentDateTime().addSecs(-3600));
    QSignalSpy refused(&panel, &AlertsFeedPanel::actionRefused);
    dialog->submit();
    REQUIRE(test::waitFor([&] { return refused.count() == 1; }));
    CHECK(dialog);
    CHECK(dialog->problemText().contains(QStringLiteral("in the future")));
    CHECK(widgets::MessageBox::lastRecorded().text.contains(QStringLiteral("in the future")));
    CHECK(panel.selectedIds() == QStringList{later});
    CHECK(panel.model()->rowOf(later) == 0);
    dialog->setUntil(QDateTime::currentDateTime().addDays(2));
    dialog->submit();
    REQUIRE(test::waitFor([&] { return panel.model()->rowOf(later) < 0; }));
    CHECK((!dialog || !dialog->isVisible()));

    // A snooze that ends writes nothing: the panel's own timer brings the alert back. The end is
    // moved to two seconds ahead (that write's NOTIFY reloads while it is still snoozed).
    db.exec(QStringLiteral("UPDATE alert_staff_state SET snoozed_until = now() + interval '2 seconds' "
                           "WHERE alert_id = %1")
                .arg(literal(snoozed)));
    REQUIRE(test::waitFor(
        [&] {
            return panel.snoozeReloadAt().isValid() &&
                   panel.snoozeReloadAt() < QDateTime::currentDateTimeUtc().addSecs(60);
        },
        10000));
    CHECK(panel.model()->rowOf(snoozed) < 0);
    REQUIRE(test::waitFor([&] { return panel.model()->rowOf(snoozed) >= 0; }, 15000));
    CHECK(role(panel, panel.model()->rowOf(snoozed), AlertFeedModel::StateRole).toString() !=
          QStringLiteral("snoozed"));
    test::reviewShot(&panel, QStringLiteral("alerts-feed"));
}

TEST_CASE(
    "A new critical alert appears live with one desktop notification, and Enter opens its tenant or resource",
    "[widgets][alertfeed]")
{
    Hooks hooks;
    test::TestDatabase db;
    db.seedDemo(1);
    const auto manager = test::openSession(db.createStaff(QStringLiteral("manager")));
    // A NOTIFY sent before the session listens is lost by design (the auto-refresh catches up).
    REQUIRE(test::waitFor([&] { return manager.session->events().isListening(); }, 15000));
    AlertsFeedPanel panel(*manager.session);
    panel.resize(1300, 700);
    panel.show();
    REQUIRE(settled(panel));
    const int before = panel.model()->rowCount();
    REQUIRE(before > 0);
    REQUIRE(test::waitFor([&] { return !panel.isCheckingCritical(); }));
    CHECK(widgets::DesktopNotifier::recorded().isEmpty()); // present at start-up: no notification

    const QString tenant = db.scalar(QStringLiteral("SELECT md5('opsdeck-demo-tenant-1')::uuid")).toString();
    const QString tenantName =
        db.scalar(QStringLiteral("SELECT name FROM tenants WHERE id = %1").arg(literal(tenant))).toString();
    const QString critical =
        db.scalar(QStringLiteral(
                      "INSERT INTO alerts (alert_type, severity, title, tenant_id, is_broadcast) VALUES "
                      "('error_rate', 'critical', 'Checkout failing', %1, true) RETURNING id")
                      .arg(literal(tenant)))
            .toString();
    // No refresh asked for: NOTIFY brings it.
    REQUIRE(test::waitFor([&] { return panel.model()->rowOf(critical) == 0; }, 10000));
    REQUIRE(settled(panel));
    REQUIRE(test::waitFor([&] { return !widgets::DesktopNotifier::recorded().isEmpty(); }, 10000));
    REQUIRE(test::waitFor([&] { return !panel.isCheckingCritical(); }));
    const auto shown = widgets::DesktopNotifier::recorded();
    REQUIRE(shown.size() == 1);
    CHECK(shown.first().title.contains(tenantName));
    CHECK(shown.first().message == QStringLiteral("Checkout failing"));
    CHECK(shown.first().urgency == widgets::DesktopNotifier::Urgency::Critical);

    // More reloads and a new warning: still one notification.
    const QString warning =
        db.scalar(QStringLiteral("INSERT INTO alerts (alert_type, severity, title, tenant_id, is_broadcast, "
                                 "resource_type, resource_id) VALUES ('outbound_failures', 'warning', "
                                 "'Webhook failing', %1, true, 'outbound', 'conn-7') RETURNING id")
                      .arg(literal(tenant)))
            .toString();
    REQUIRE(test::waitFor([&] { return panel.model()->rowOf(warning) == 0; }, 10000));
    panel.refresh();
    REQUIRE(settled(panel));
    REQUIRE(test::waitFor([&] { return !panel.isCheckingCritical(); }));
    CHECK(panel.model()->rowCount() == before + 2);
    CHECK(widgets::DesktopNotifier::recorded().size() == 1);

    // Enter on an alert with a tenant and nothing the console shows: the tenant's dashboard.
    QSignalSpy dashboard(&panel, &AlertsFeedPanel::dashboardRequested);
    QSignalSpy resource(&panel, &AlertsFeedPanel::resourceRequested);
    REQUIRE(panel.selectIds({critical}));
    QTest::keyClick(panel.view(), Qt::Key_Return);
    REQUIRE(dashboard.count() == 1);
    CHECK(dashboard.first().at(0).toString() == tenant);
    CHECK(resource.count() == 0);
    // On an outbound alert: the resource.
    REQUIRE(panel.selectIds({warning}));
    QTest::keyClick(panel.view(), Qt::Key_Return);
    REQUIRE(resource.count() == 1);
    CHECK(resource.first().at(0).toString() == QStringLiteral("outbound"));
    CHECK(resource.first().at(1).toString() == QStringLiteral("conn-7"));
    CHECK(resource.first().at(2).toString() == tenant);
    CHECK(dashboard.count() == 1);

    // A hidden panel (another tab is current) still notifies.
    panel.hide();
    db.exec(QStringLiteral("INSERT INTO alerts (alert_type, severity, title, is_broadcast) VALUES "
                           "('outbound_failures', 'critical', 'Mail server down', true)"));
    REQUIRE(test::waitFor([&] { return widgets::DesktopNotifier::recorded().size() == 2; }, 10000));
    CHECK(widgets::DesktopNotifier::recorded().last().message == QStringLiteral("Mail server down"));
    CHECK(widgets::DesktopNotifier::recorded().last().title.contains(QStringLiteral("All tenants")));
}

TEST_CASE("Without a system tray a desktop notification is neither shown nor faked", "[widgets][alertfeed]")
{
    widgets::DesktopNotifier::setTestMode(false);
    widgets::DesktopNotifier::clearRecorded();
    if (widgets::DesktopNotifier::available()) {
        WARN("this platform has a system tray: nothing to check here");
        return;
    }
    const int windows = int(QApplication::topLevelWidgets().size());
    CHECK_FALSE(widgets::DesktopNotifier::notify(QStringLiteral("Critical alert — Acme"),
                                                 QStringLiteral("Down"),
                                                 widgets::DesktopNotifier::Urgency::Critical));
    CHECK_FALSE(widgets::DesktopNotifier::notify(QStringLiteral("again"), QStringLiteral("Down")));
    CHECK(widgets::DesktopNotifier::recorded().isEmpty());
    CHECK(int(QApplication::topLevelWidgets().size()) == windows); // no stand-in window
}
