// Clients tab: the operator's first screen opened offscreen on demo data: the cards and the alerts
// feed fill from the database, and the tab wires the cards' and the feed's requests to the
// dashboard, the task form and the note form.
#include "clients/ClientsTab.h"

#include "WidgetTestSupport.h"
#include "alerts/AlertFeedModel.h"
#include "clients/ClientCardFilterModel.h"
#include "clients/ClientCardModel.h"
#include "clients/cards/ClientCardDelegate.h"
#include "clients/cards/ClientCardsPanel.h"
#include "clients/dashboard/TenantDashboardPanel.h"
#include "clients/feed/AlertsFeedPanel.h"
#include "clients/notes/NoteDialog.h"
#include "clients/tasks/TaskDialog.h"
#include "clients/tasks/TaskListPanel.h"
#include "session/Tabs.h"

#include <QTabWidget>

using namespace opsdeck;
using widgets::clients::ClientsTab;

namespace {

const session::TabInfo& clientsInfo()
{
    for (const session::TabInfo& info : session::allTabs())
        if (info.id == QLatin1String("clients"))
            return info;
    FAIL("no clients tab");
    throw 0;
}

QString cardId(const ClientsTab& tab, const QString& name)
{
    const auto* proxy = tab.cards()->proxy();
    for (int r = 0; r < proxy->rowCount(); ++r) {
        const QModelIndex i = proxy->index(r, 0);
        if (i.data(clients::ClientCardModel::NameRole).toString() == name)
            return i.data(clients::ClientCardModel::IdRole).toString();
    }
    return {};
}

} // namespace

TEST_CASE("The Clients tab opens with cards and an alerts feed from the database and wires their actions",
          "[widgets][clients][clientstab]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto manager = test::openSession(db.createStaff(QStringLiteral("manager")));
    ClientsTab tab(clientsInfo(), *manager.session);
    tab.resize(1280, 720);
    tab.show();
    REQUIRE(tab.feed() != nullptr);
    REQUIRE(tab.tasks() != nullptr);
    CHECK(tab.sections()->currentIndex() == 0);
    REQUIRE(test::waitFor(
        [&] { return tab.cards()->isLoaded() && tab.feed()->isLoaded() && tab.tasks()->isLoaded(); }, 30000));
    // Every demo tenant has a card; the feed holds the alerts addressed to a manager.
    CHECK(tab.cards()->proxy()->rowCount() == 8);
    CHECK(tab.feed()->model()->rowCount() > 0);
    CHECK(tab.feed()->state() == widgets::Panel::State::Content);
    test::reviewShot(&tab, QStringLiteral("clients-tab"));

    const QString copper = cardId(tab, QStringLiteral("Copper Kettle Bistro"));
    REQUIRE_FALSE(copper.isEmpty());

    SECTION("A card's dashboard request shows that tenant's dashboard")
    {
        Q_EMIT tab.cards()->dashboardRequested(copper);
        CHECK(tab.sections()->currentWidget() == tab.dashboard());
        CHECK(tab.dashboard()->tenantId() == copper);
        REQUIRE(test::waitFor([&] { return tab.dashboard()->isLoaded(); }, 20000));
        tab.showOverview();
        CHECK(tab.sections()->currentIndex() == 0);
    }
    SECTION("An alert's dashboard request does the same")
    {
        Q_EMIT tab.feed()->dashboardRequested(copper);
        CHECK(tab.sections()->currentWidget() == tab.dashboard());
        CHECK(tab.dashboard()->tenantId() == copper);
    }
    SECTION("A card's add-task request opens the task form for that tenant")
    {
        Q_EMIT tab.cards()->addTaskRequested(copper, QStringLiteral("Copper Kettle Bistro"));
        REQUIRE(tab.tasks()->dialog() != nullptr);
        REQUIRE(test::waitFor([&] { return tab.tasks()->dialog()->selectedTenantId() == copper; }, 10000));
        tab.tasks()->dialog()->close();
    }
    SECTION("A card's add-note request opens the note form for that tenant")
    {
        Q_EMIT tab.cards()->addNoteRequested(copper, QStringLiteral("Copper Kettle Bistro"));
        const auto dialogs = tab.findChildren<widgets::clients::NoteDialog*>();
        REQUIRE(dialogs.size() == 1);
        CHECK(dialogs.first()->tenantId() == copper);
        CHECK(dialogs.first()->isVisible());
        dialogs.first()->close();
    }
}

TEST_CASE("The Clients tab leaves out what a role may not use", "[widgets][clients][clientstab]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    using Action = widgets::clients::ClientCardDelegate::Action;

    SECTION("A viewer: the feed, no task list, cards without note and task actions")
    {
        const auto viewer = test::openSession(db.createStaff(QStringLiteral("viewer")));
        ClientsTab tab(clientsInfo(), *viewer.session);
        CHECK(tab.feed() != nullptr);
        CHECK(tab.tasks() == nullptr);
        CHECK(tab.cards()->delegate()->actions() == QList<Action>{Action::OpenDashboard});
        tab.show();
        REQUIRE(test::waitFor([&] { return tab.cards()->isLoaded(); }, 20000));
        CHECK(tab.cards()->proxy()->rowCount() == 8);
        // A request the cards no longer offer has nowhere to go: nothing opens.
        Q_EMIT tab.cards()->addTaskRequested(cardId(tab, QStringLiteral("Copper Kettle Bistro")), QString());
        CHECK(tab.findChildren<widgets::clients::TaskDialog*>().isEmpty());
    }
    SECTION("An analyst: the task list, no alerts feed")
    {
        const auto analyst = test::openSession(db.createStaff(QStringLiteral("analyst")));
        ClientsTab tab(clientsInfo(), *analyst.session);
        CHECK(tab.feed() == nullptr);
        CHECK(tab.tasks() != nullptr);
        CHECK(tab.cards()->delegate()->actions() ==
              QList<Action>{Action::OpenDashboard, Action::AddNote, Action::AddTask});
    }
}
