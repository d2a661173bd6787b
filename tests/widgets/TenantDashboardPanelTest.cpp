// Clients → tenant dashboard, offscreen with a real login on the demo data: the panel loads, shows
// the totals the database computes, draws one chart series per tenant with events, refetches when
// the tenant or the range changes (a result for an old selection is dropped), follows showTenant()
// and the window's tenant scope, hides what the role may not see, and says when a tenant has no data.
#include "clients/dashboard/TenantDashboardPanel.h"

#include "WidgetTestSupport.h"
#include "clients/DashboardTableModel.h"
#include "clients/dashboard/StatCard.h"
#include "common/Theme.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QLocale>
#include <QSignalSpy>
#include <QStackedBarSeries>

using namespace opsdeck;
using clients::Range;
using widgets::clients::TenantDashboardPanel;

namespace {

QString tenantId(test::TestDatabase& db, int k)
{
    return db.scalar(QStringLiteral("SELECT md5('opsdeck-demo-tenant-%1')::uuid::text").arg(k)).toString();
}

// The panel has shown a summary for the selection it now has, and is idle.
bool showing(TenantDashboardPanel& panel, const QString& tenant, Range range, int timeoutMs = 20000)
{
    return test::waitFor(
        [&] {
            return !panel.isBusy() && panel.summary() && panel.summary()->siteId == tenant &&
                   panel.summary()->range == clients::rangeCode(range);
        },
        timeoutMs);
}

int seriesCount(QChart* chart)
{
    int n = 0;
    for (auto* s : chart->series()) {
        if (auto* bars = qobject_cast<QStackedBarSeries*>(s))
            n += int(bars->barSets().size());
    }
    return n;
}

// With OPSDECK_WIDGET_SHOTS=DIR: the panel at 1280×800 and 1920×1080 in both palettes.
void shots(TenantDashboardPanel& panel, const QString& name)
{
    if (qEnvironmentVariable("OPSDECK_WIDGET_SHOTS").isEmpty())
        return;
    for (auto mode : {widgets::Theme::Mode::Light, widgets::Theme::Mode::Dark}) {
        widgets::Theme::apply(mode);
        for (QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
            panel.resize(size);
            test::waitFor([] { return false; }, 200); // layouts and charts settle
            test::reviewShot(&panel,
                             QStringLiteral("%1-%2-%3x%4")
                                 .arg(name, mode == widgets::Theme::Mode::Dark ? QStringLiteral("dark")
                                                                               : QStringLiteral("light"))
                                 .arg(size.width())
                                 .arg(size.height()));
        }
    }
    widgets::Theme::apply(widgets::Theme::Mode::Light);
}

} // namespace

TEST_CASE("The tenant dashboard shows the database's totals and refetches for each tenant and range",
          "[widgets][clients][dashboard]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto manager = test::openSession(db.createStaff(QStringLiteral("manager")));
    TenantDashboardPanel panel(*manager.session);
    panel.resize(1280, 800);
    panel.show();
    CHECK(panel.panelId() == QStringLiteral("tenant-dashboard"));
    CHECK(panel.title() == QStringLiteral("Dashboard"));
    CHECK(panel.watchedTables().contains(QStringLiteral("events")));

    // All tenants, 7 d by default (the window's scope is "All tenants").
    REQUIRE(showing(panel, QString(), Range::Week));
    CHECK(panel.state() == widgets::Panel::State::Content);
    CHECK(panel.tenantSelector()->currentText() == QStringLiteral("All tenants"));
    CHECK(panel.rangeButton(Range::Week)->isChecked());
    REQUIRE(test::waitFor([&] { return panel.tenantSelector()->count() == 9; }));

    const auto& s = *panel.summary();
    const QString from = QStringLiteral("'%1'::timestamptz").arg(s.from.toString(Qt::ISODateWithMs));
    const qint64 events =
        db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE created_at >= %1").arg(from))
            .toLongLong();
    CHECK(s.events == events);
    CHECK(panel.card(QStringLiteral("events"))->value() == QLocale().toString(events));
    CHECK(panel.card(QStringLiteral("events"))->unit() == QStringLiteral("events"));
    CHECK(panel.card(QStringLiteral("events"))->detail().startsWith(QStringLiteral("last 7 d")));
    CHECK(panel.card(QStringLiteral("contacts"))->value() ==
          QLocale().toString(db.scalar(QStringLiteral("SELECT count(*) FROM contacts")).toLongLong()));
    CHECK(panel.card(QStringLiteral("records"))->value() ==
          QLocale().toString(db.scalar(QStringLiteral("SELECT count(*) FROM records")).toLongLong()));
    CHECK(panel.card(QStringLiteral("actions"))->value() ==
          QLocale().toString(
              db.scalar(QStringLiteral("SELECT count(*) FROM agent_actions WHERE tenant_id IS NOT NULL "
                                       "AND created_at >= %1")
                            .arg(from))
                  .toLongLong()));
    CHECK(panel.card(QStringLiteral("revenue"))->isHidden()); // revenue is per tenant

    // One series per tenant with events in the range; the health table has every tenant.
    const int withEvents =
        db.scalar(
              QStringLiteral("SELECT count(DISTINCT tenant_id) FROM events WHERE created_at >= %1").arg(from))
            .toInt();
    CHECK(withEvents >= 7);
    CHECK(seriesCount(panel.eventsChart()) == withEvents);
    CHECK(panel.healthModel()->rowCount() == 8);
    QAbstractItemModelTester healthTester(panel.healthModel(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK_FALSE(panel.isSectionShown(QStringLiteral("records")));
    CHECK_FALSE(panel.isSectionShown(QStringLiteral("revenue")));
    shots(panel, QStringLiteral("dashboard-all"));

    // The range buttons refetch.
    QSignalSpy shown(&panel, &TenantDashboardPanel::summaryShown);
    panel.rangeButton(Range::Month)->click();
    CHECK(panel.range() == Range::Month);
    REQUIRE(showing(panel, QString(), Range::Month));
    CHECK(panel.summary()->buckets.size() == 30);
    CHECK(panel.card(QStringLiteral("events"))->detail().startsWith(QStringLiteral("last 30 d")));

    // One tenant through the selector: its own numbers and the per-tenant sections.
    const QString harbourside = tenantId(db, 1);
    const int index = panel.tenantSelector()->findData(harbourside);
    REQUIRE(index > 0);
    panel.tenantSelector()->setCurrentIndex(index);
    Q_EMIT panel.tenantSelector()->activated(index);
    REQUIRE(showing(panel, harbourside, Range::Month));
    CHECK(panel.summary()->events ==
          db.scalar(
                QStringLiteral(
                    "SELECT count(*) FROM events WHERE tenant_id = '%1' AND created_at >= '%2'::timestamptz")
                    .arg(harbourside, panel.summary()->from.toString(Qt::ISODateWithMs)))
              .toLongLong());
    CHECK(seriesCount(panel.eventsChart()) == 1);
    CHECK(panel.healthModel()->rowCount() == 1);
    CHECK(panel.isSectionShown(QStringLiteral("revenue")));
    CHECK(panel.isSectionShown(QStringLiteral("records")));
    CHECK(panel.isSectionShown(QStringLiteral("contacts")));
    CHECK(panel.isSectionShown(QStringLiteral("actions")));
    CHECK(panel.recordsModel()->rowCount() == 10);
    CHECK(panel.contactsModel()->rowCount() == 10);
    CHECK(panel.actionsModel()->rowCount() == 10);
    CHECK(panel.card(QStringLiteral("revenue"))->unit() ==
          db.scalar(QStringLiteral("SELECT currency FROM tenants WHERE id = '%1'").arg(harbourside))
              .toString());
    // Contacts are masked: no raw email of the tenant appears in the table.
    const QString rawEmail =
        db.scalar(QStringLiteral("SELECT email FROM contacts WHERE tenant_id = '%1' AND email IS NOT NULL "
                                 "ORDER BY created_at DESC, id LIMIT 1")
                      .arg(harbourside))
            .toString();
    for (int r = 0; r < panel.contactsModel()->rowCount(); ++r)
        CHECK(panel.contactsModel()->data(panel.contactsModel()->index(r, 3)).toString() != rawEmail);
    shots(panel, QStringLiteral("dashboard-one"));

    // A late result for an old selection is dropped: ask for A, then at once for B while A is in
    // flight. Only B is ever shown.
    const QString kauri = tenantId(db, 3);
    shown.clear();
    panel.showTenant(kauri);
    REQUIRE(panel.isBusy()); // A's query is on its way
    panel.setRange(Range::Day);
    REQUIRE(showing(panel, kauri, Range::Day));
    for (const auto& call : shown)
        CHECK(call.at(1).toString() == QStringLiteral("1d"));
    CHECK(panel.summary()->buckets.size() == 24);
    CHECK(panel.tenantSelector()->currentData().toString() == kauri);
    CHECK_FALSE(panel.rangeButton(Range::Month)->isChecked());
    CHECK(panel.rangeButton(Range::Day)->isChecked());

    // showTenant("") goes back to all tenants; the window's scope moves the dashboard too.
    panel.showTenant(QString());
    REQUIRE(showing(panel, QString(), Range::Day));
    CHECK(panel.tenantSelector()->currentText() == QStringLiteral("All tenants"));
    manager.session->setTenantScope(harbourside);
    REQUIRE(showing(panel, harbourside, Range::Day));
    CHECK(panel.tenantId() == harbourside);
}

TEST_CASE("The tenant dashboard hides what the role may not see and says when a tenant has no data",
          "[widgets][clients][dashboard]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    // support: records and contacts, but neither agent actions nor revenue (seed matrix).
    const auto support = test::openSession(db.createStaff(QStringLiteral("support")));
    TenantDashboardPanel panel(*support.session);
    panel.show();
    const QString redwood = tenantId(db, 8); // inactive: no events for days
    panel.showTenant(redwood);
    panel.setRange(Range::Day);
    REQUIRE(showing(panel, redwood, Range::Day));
    CHECK(panel.card(QStringLiteral("actions"))->isHidden());
    CHECK(panel.card(QStringLiteral("revenue"))->isHidden());
    CHECK_FALSE(panel.card(QStringLiteral("records"))->isHidden());
    CHECK_FALSE(panel.isSectionShown(QStringLiteral("revenue")));
    CHECK_FALSE(panel.isSectionShown(QStringLiteral("actions")));
    CHECK(panel.isSectionShown(QStringLiteral("records")));
    CHECK(panel.isSectionShown(QStringLiteral("contacts")));
    CHECK(panel.healthModel()->data(panel.healthModel()->index(0, 4)).toString() == QStringLiteral("—"));

    // No events in the last 24 h: the chart says so instead of drawing an empty grid.
    CHECK(panel.card(QStringLiteral("events"))->value() == QStringLiteral("0"));
    CHECK(seriesCount(panel.eventsChart()) == 0);
    CHECK(panel.eventsEmptyText().startsWith(QStringLiteral("No events for Redwood Fitness")));
    shots(panel, QStringLiteral("dashboard-support-empty"));
}
