// Clients → cards: the demo tenants as cards from the database, sorted and filtered, with Enter,
// the card buttons and the context menu asking for the dashboard, a note or a task; revenue only for
// roles that hold tenants.revenue.
#include "clients/cards/ClientCardsPanel.h"

#include "WidgetTestSupport.h"
#include "clients/ClientCardFilterModel.h"
#include "clients/ClientCardModel.h"
#include "common/Theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

using namespace opsdeck;
using opsdeck::clients::ClientCardModel;
using widgets::clients::ClientCardDelegate;
using widgets::clients::ClientCardsPanel;

namespace {

QStringList shownNames(const ClientCardsPanel& panel)
{
    QStringList names;
    for (int r = 0; r < panel.proxy()->rowCount(); ++r)
        names << panel.proxy()->index(r, 0).data(ClientCardModel::NameRole).toString();
    return names;
}

QModelIndex cardNamed(const ClientCardsPanel& panel, const QString& name)
{
    for (int r = 0; r < panel.proxy()->rowCount(); ++r) {
        const QModelIndex i = panel.proxy()->index(r, 0);
        if (i.data(ClientCardModel::NameRole).toString() == name)
            return i;
    }
    return {};
}

void selectSort(ClientCardsPanel& panel, const QString& text)
{
    const int i = panel.sortCombo()->findText(text);
    REQUIRE(i >= 0);
    panel.sortCombo()->setCurrentIndex(i);
}

} // namespace

TEST_CASE("The client cards panel shows the demo tenants as cards, sorts, filters and asks for actions",
          "[widgets][clients]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto manager = test::openSession(db.createStaff(QStringLiteral("manager")));
    ClientCardsPanel panel(*manager.session);
    QAbstractItemModelTester tester(panel.proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK(panel.panelId() == QStringLiteral("client-cards"));
    CHECK(panel.title() == QStringLiteral("Clients"));
    CHECK(panel.watchedTables().contains(QStringLiteral("alerts")));
    CHECK(panel.watchedTables().contains(QStringLiteral("data_import_jobs")));
    panel.resize(1280, 800);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 20000));
    REQUIRE(panel.state() == widgets::Panel::State::Content);
    REQUIRE(panel.proxy()->rowCount() == 8);
    CHECK(panel.countLabel()->text() == QStringLiteral("8 clients"));
    test::reviewShot(&panel, QStringLiteral("client-cards"));

    // Health first: the two red tenants by name, the inactive one last.
    QStringList names = shownNames(panel);
    CHECK(names.first() == QStringLiteral("Copper Kettle Bistro"));
    CHECK(names.at(1) == QStringLiteral("Southern Cross Events"));
    CHECK(names.last() == QStringLiteral("Redwood Fitness Studio"));
    const QModelIndex copper = cardNamed(panel, QStringLiteral("Copper Kettle Bistro"));
    CHECK(copper.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Error rate")));
    CHECK(copper.data(ClientCardModel::HasRevenueRole).toBool());
    // Proxy indexes do not survive re-sorting: keep ids, look cards up again.
    const QString copperId = copper.data(ClientCardModel::IdRole).toString();

    // A grid that wraps: the first two cards side by side, later ones on a further row.
    const QRect first = panel.view()->visualRect(panel.proxy()->index(0, 0));
    const QRect second = panel.view()->visualRect(panel.proxy()->index(1, 0));
    CHECK(first.top() == second.top());
    CHECK(second.left() > first.right() - 1);
    CHECK(panel.view()->visualRect(panel.proxy()->index(7, 0)).top() > first.top());

    // Sorting.
    selectSort(panel, QStringLiteral("Name"));
    CHECK(shownNames(panel).first() == QStringLiteral("AKF Construction"));
    selectSort(panel, QStringLiteral("Revenue"));
    CHECK(shownNames(panel).first() == QStringLiteral("Harbourside Hospitality Group"));
    selectSort(panel, QStringLiteral("Health"));
    CHECK(shownNames(panel).first() == QStringLiteral("Copper Kettle Bistro"));

    // Filtering: text, health, and the words when nothing matches.
    panel.filterEdit()->setText(QStringLiteral("kettle"));
    CHECK(shownNames(panel) == QStringList{QStringLiteral("Copper Kettle Bistro")});
    CHECK(panel.countLabel()->text() == QStringLiteral("1 of 8 clients"));
    panel.filterEdit()->setText(QStringLiteral("no such tenant"));
    CHECK(panel.proxy()->rowCount() == 0);
    CHECK(panel.noMatchText() == QStringLiteral("No tenants match \u201cno such tenant\u201d"));
    panel.filterEdit()->clear();
    CHECK(panel.noMatchText().isEmpty());
    panel.healthCombo()->setCurrentIndex(panel.healthCombo()->findText(QStringLiteral("Critical")));
    CHECK(shownNames(panel) ==
          QStringList{QStringLiteral("Copper Kettle Bistro"), QStringLiteral("Southern Cross Events")});
    panel.healthCombo()->setCurrentIndex(panel.healthCombo()->findText(QStringLiteral("Inactive")));
    CHECK(shownNames(panel) == QStringList{QStringLiteral("Redwood Fitness Studio")});
    panel.healthCombo()->setCurrentIndex(0);
    REQUIRE(panel.proxy()->rowCount() == 8);

    QSignalSpy dashboard(&panel, &ClientCardsPanel::dashboardRequested);
    QSignalSpy note(&panel, &ClientCardsPanel::addNoteRequested);
    QSignalSpy task(&panel, &ClientCardsPanel::addTaskRequested);
    const QString southernId =
        cardNamed(panel, QStringLiteral("Southern Cross Events")).data(ClientCardModel::IdRole).toString();

    // Keyboard: the arrow moves to the next card, Enter opens its dashboard.
    panel.view()->setFocus();
    panel.view()->setCurrentIndex(cardNamed(panel, QStringLiteral("Copper Kettle Bistro")));
    QTest::keyClick(panel.view(), Qt::Key_Right);
    CHECK(panel.currentTenantId() == southernId);
    QTest::keyClick(panel.view(), Qt::Key_Return);
    REQUIRE(dashboard.count() == 1);
    CHECK(dashboard.takeFirst().at(0).toString() == southernId);

    // The card's own buttons.
    const QRect copperRect =
        panel.view()->visualRect(cardNamed(panel, QStringLiteral("Copper Kettle Bistro")));
    QTest::mouseClick(
        panel.view()->viewport(), Qt::LeftButton, {},
        ClientCardDelegate::actionRect(copperRect, ClientCardDelegate::Action::AddTask).center());
    REQUIRE(task.count() == 1);
    CHECK(task.first().at(0).toString() == copperId);
    CHECK(task.takeFirst().at(1).toString() == QStringLiteral("Copper Kettle Bistro"));
    QTest::mouseClick(
        panel.view()->viewport(), Qt::LeftButton, {},
        ClientCardDelegate::actionRect(copperRect, ClientCardDelegate::Action::OpenDashboard).center());
    REQUIRE(dashboard.count() == 1);
    CHECK(dashboard.takeFirst().at(0).toString() == copperId);
    CHECK(note.isEmpty());

    // The context menu: its actions name the card it was opened on.
    Q_EMIT panel.view()->customContextMenuRequested(copperRect.center());
    auto* menu = panel.findChild<QMenu*>(QStringLiteral("clientCardMenu"));
    REQUIRE(menu);
    REQUIRE(menu->actions().size() == 3);
    CHECK(menu->actions().at(0)->text() == QStringLiteral("Open dashboard"));
    menu->actions().at(1)->trigger();
    REQUIRE(note.count() == 1);
    CHECK(note.first().at(0).toString() == copperId);
    CHECK(note.takeFirst().at(1).toString() == QStringLiteral("Copper Kettle Bistro"));
    menu->actions().at(2)->trigger();
    REQUIRE(task.count() == 1);
    CHECK(task.takeFirst().at(0).toString() == copperId);
    menu->close();

    // A reload keeps the current card (rows are updated in place).
    panel.view()->setCurrentIndex(cardNamed(panel, QStringLiteral("Southern Cross Events")));
    QSignalSpy loaded(&panel, &widgets::Panel::loaded);
    panel.refresh();
    REQUIRE(test::waitFor([&] { return loaded.count() > 0; }, 20000));
    CHECK(panel.currentTenantId() == southernId);

    // The tenant scope: one card.
    manager.session->setTenantScope(copperId);
    REQUIRE(test::waitFor([&] { return loaded.count() > 1; }, 20000));
    CHECK(shownNames(panel) == QStringList{QStringLiteral("Copper Kettle Bistro")});
}

TEST_CASE("Without tenants.revenue the client cards carry no revenue and offer no revenue sort",
          "[widgets][clients]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto agent = test::openSession(db.createStaff(QStringLiteral("agent")));
    ClientCardsPanel panel(*agent.session);
    panel.resize(1280, 800);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 20000));
    REQUIRE(panel.proxy()->rowCount() == 8);
    test::reviewShot(&panel, QStringLiteral("client-cards-no-revenue"));
    for (int r = 0; r < 8; ++r) {
        const QModelIndex i = panel.proxy()->index(r, 0);
        CHECK_FALSE(i.data(ClientCardModel::HasRevenueRole).toBool());
        CHECK_FALSE(i.data(ClientCardModel::RevenueThisWeekRole).isValid());
        CHECK_FALSE(i.data(ClientCardModel::RevenueDailyRole).isValid());
    }
    CHECK(panel.sortCombo()->findText(QStringLiteral("Revenue")) == -1);
    CHECK(panel.sortCombo()->count() == 2);
    // The card is shorter: the revenue area is not there at all.
    QStyleOptionViewItem option;
    CHECK(panel.delegate()->sizeHint(option, panel.proxy()->index(0, 0)).height() < 200);
}

// With OPSDECK_WIDGET_SHOTS=DIR: the panel at 1280 × 800 in the light and the dark palette, for a
// person to look at (no assertions about pixels).
TEST_CASE("Client cards screenshots in light and dark", "[.][shots][clients]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto manager = test::openSession(db.createStaff(QStringLiteral("manager")));
    const auto before = widgets::Theme::current();
    ClientCardsPanel panel(*manager.session);
    panel.resize(1280, 800);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 20000));
    panel.view()->setCurrentIndex(panel.proxy()->index(2, 0));
    widgets::Theme::apply(widgets::Theme::Mode::Light);
    QApplication::processEvents();
    test::reviewShot(&panel, QStringLiteral("client-cards-light"));
    widgets::Theme::apply(widgets::Theme::Mode::Dark);
    QApplication::processEvents();
    test::reviewShot(&panel, QStringLiteral("client-cards-dark"));
    panel.resize(760, 800);
    QApplication::processEvents();
    test::reviewShot(&panel, QStringLiteral("client-cards-dark-narrow"));
    widgets::Theme::apply(before);
}
