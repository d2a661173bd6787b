#include "common/Panel.h"

#include "TestDatabase.h"
#include "WidgetTestSupport.h"
#include "common/ConnectionIndicator.h"
#include "common/DataAgeLabel.h"
#include "common/PlaceholderPanel.h"
#include "session/Session.h"
#include "session/Tabs.h"

#include <QCoreApplication>
#include <QLabel>
#include <QPromise>
#include <QPushButton>
#include <catch2/catch.hpp>
#include <memory>

using namespace opsdeck;

namespace {

// A panel whose query the test answers by hand, through a QPromise.
class FakePanel : public widgets::Panel
{
public:
    explicit FakePanel(session::Session& session)
        : Panel(session, QStringLiteral("fake"), QStringLiteral("Fake data"))
    {
        m_label = new QLabel(this);
        setContentWidget(m_label);
        watchTables({QStringLiteral("tenants")});
    }

    int fetches = 0;
    QStringList scopes; // tenant scope at each fetch
    QStringList applied;
    std::shared_ptr<QPromise<db::DbResult<QString>>> promise;

    void answer(const db::DbResult<QString>& result)
    {
        auto p = promise;
        p->addResult(result);
        p->finish();
    }

protected:
    void fetch() override
    {
        ++fetches;
        scopes << session().tenantScope();
        promise = std::make_shared<QPromise<db::DbResult<QString>>>();
        promise->start();
        load(promise->future(), [this](const QString& value) {
            applied << value;
            m_label->setText(value);
            if (value.isEmpty())
                showEmpty(QStringLiteral("Nothing to show for this tenant"));
        });
    }

private:
    QLabel* m_label = nullptr;
};

db::DbError failure(const QString& message)
{
    return db::DbError{db::DbError::Kind::Connection, message, {}, QStringLiteral("loading fake data")};
}

// A session over a fresh database; the identity is made up (Session does not check it).
struct SessionFixture
{
    test::TestDatabase database;
    std::unique_ptr<session::Session> session;
    SessionFixture()
    {
        auth::StaffIdentity me;
        me.staffId = QStringLiteral("00000000-0000-0000-0000-000000000001");
        me.login = QStringLiteral("postgres");
        me.fullName = QStringLiteral("Test Superuser");
        auto pool = std::make_shared<db::DbPool>(database.superuserProfile(), QString(), 1);
        session = std::make_unique<session::Session>(pool, me, QString());
        session->setAutoRefreshSeconds(0); // the test decides when rounds happen
    }
};

} // namespace

TEST_CASE("A panel goes from loading to content, says how old it is, and drops superseded results",
          "[widgets][panel]")
{
    SessionFixture f;
    FakePanel panel(*f.session);
    int loadedSignals = 0;
    QObject::connect(&panel, &widgets::Panel::loaded, [&] { ++loadedSignals; });
    panel.resize(600, 400);
    panel.show();

    CHECK(panel.state() == widgets::Panel::State::Loading);
    REQUIRE(test::waitFor([&] { return panel.fetches == 1; }));
    CHECK(panel.isBusy());
    CHECK_FALSE(panel.isLoaded());
    auto* age = panel.findChild<widgets::DataAgeLabel*>(QStringLiteral("dataAge"));
    REQUIRE(age);
    CHECK(age->text() == QStringLiteral("Loading…"));
    test::reviewShot(&panel, QStringLiteral("panel-loading"));

    panel.answer(QStringLiteral("first"));
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }));
    CHECK(panel.state() == widgets::Panel::State::Content);
    CHECK(loadedSignals == 1);
    CHECK(panel.applied == QStringList{QStringLiteral("first")});
    CHECK(age->text() == QStringLiteral("Updated just now"));
    CHECK(panel.lastLoadedAt().isValid());

    // A refresh while a round is in flight is queued behind it, not run in parallel.
    panel.refresh();
    REQUIRE(panel.fetches == 2);
    panel.refresh();
    CHECK(panel.fetches == 2);
    panel.answer(QStringLiteral("second"));
    REQUIRE(test::waitFor([&] { return panel.fetches == 3; }));
    panel.answer(QStringLiteral("third"));
    REQUIRE(test::waitFor([&] { return !panel.isBusy(); }));
    CHECK(panel.applied ==
          QStringList{QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("third")});

    // Tenant scope change mid-flight: the old round's answer is dropped unseen, a new round starts.
    panel.refresh();
    REQUIRE(panel.fetches == 4);
    auto stale = panel.promise;
    f.session->setTenantScope(QStringLiteral("tenant-b"));
    REQUIRE(panel.fetches == 5);
    CHECK(panel.scopes.constLast() == QStringLiteral("tenant-b"));
    stale->addResult(db::DbResult<QString>(QStringLiteral("for the old tenant")));
    stale->finish();
    QCoreApplication::processEvents();
    CHECK_FALSE(panel.applied.contains(QStringLiteral("for the old tenant")));
    panel.answer(QString()); // empty for tenant-b
    REQUIRE(test::waitFor([&] { return !panel.isBusy(); }));
    CHECK(panel.state() == widgets::Panel::State::Empty);
    CHECK(panel.emptyMessage() == QStringLiteral("Nothing to show for this tenant"));
    test::reviewShot(&panel, QStringLiteral("panel-empty"));
    f.session->setTenantScope(QString());
    REQUIRE(panel.fetches == 6);
    panel.answer(QStringLiteral("all tenants again"));
    REQUIRE(test::waitFor([&] { return panel.state() == widgets::Panel::State::Content; }));
}

TEST_CASE("A panel shows a failed first load with Retry, and keeps its data when a later load fails",
          "[widgets][panel]")
{
    SessionFixture f;
    FakePanel panel(*f.session);
    QStringList failures;
    QObject::connect(&panel, &widgets::Panel::loadFailed, [&](const QString& m) { failures << m; });
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.fetches == 1; }));

    panel.answer(failure(QStringLiteral("server closed the connection")));
    REQUIRE(test::waitFor([&] { return !panel.isBusy(); }));
    CHECK(panel.state() == widgets::Panel::State::Error);
    CHECK(panel.hasFailed());
    CHECK_FALSE(panel.isLoaded());
    CHECK(panel.errorText().contains(QStringLiteral("server closed the connection")));
    REQUIRE(failures.size() == 1);
    auto* errorLabel = panel.findChild<QLabel*>(QStringLiteral("panelError"));
    REQUIRE(errorLabel);
    CHECK(errorLabel->text().contains(QStringLiteral("server closed the connection")));

    panel.resize(640, 360);
    test::reviewShot(&panel, QStringLiteral("panel-error"));
    auto* retry = panel.findChild<QPushButton*>(QStringLiteral("panelRetry"));
    REQUIRE(retry);
    REQUIRE(retry->isVisible());
    retry->click();
    CHECK(panel.state() == widgets::Panel::State::Loading);
    REQUIRE(panel.fetches == 2);
    panel.answer(QStringLiteral("recovered"));
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }));
    CHECK(panel.state() == widgets::Panel::State::Content);
    CHECK_FALSE(panel.hasFailed());

    // Later failure: the content stays; the error bar and the age label say what happened.
    panel.refresh();
    panel.answer(failure(QStringLiteral("timeout")));
    REQUIRE(test::waitFor([&] { return !panel.isBusy(); }));
    CHECK(panel.state() == widgets::Panel::State::Content);
    CHECK(panel.hasFailed());
    auto* bar = panel.findChild<QWidget*>(QStringLiteral("panelErrorBar"));
    REQUIRE(bar);
    CHECK(bar->isVisible());
    auto* age = panel.findChild<widgets::DataAgeLabel*>(QStringLiteral("dataAge"));
    CHECK(age->text().startsWith(QStringLiteral("Refresh failed")));
    test::reviewShot(&panel, QStringLiteral("panel-refresh-failed"));
}

TEST_CASE("A hidden panel only marks itself dirty and loads when shown", "[widgets][panel]")
{
    SessionFixture f;
    FakePanel panel(*f.session);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.fetches == 1; }));
    panel.answer(QStringLiteral("v1"));
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }));
    panel.hide();
    f.session->setTenantScope(QStringLiteral("tenant-x"));
    f.session->setAutoRefreshSeconds(10);
    QCoreApplication::processEvents();
    CHECK(panel.fetches == 1); // nothing loads for a panel nobody sees
    panel.show();
    CHECK(panel.fetches == 2);
    CHECK(panel.scopes.constLast() == QStringLiteral("tenant-x"));
    panel.answer(QStringLiteral("v2"));
    REQUIRE(test::waitFor([&] { return !panel.isBusy(); }));
    CHECK(panel.watchedTables() == QStringList{QStringLiteral("tenants")});
}

TEST_CASE("A change in a watched table refreshes the panel through the event bus", "[widgets][panel]")
{
    SessionFixture f;
    REQUIRE(test::waitFor([&] { return f.session->events().isListening(); }, 15000));
    FakePanel panel(*f.session);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.fetches == 1; }));
    panel.answer(QStringLiteral("before"));
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }));
    f.database.exec(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Bus Test', 'bus-test')"));
    REQUIRE(test::waitFor([&] { return panel.fetches == 2; }, 10000));
    panel.answer(QStringLiteral("after"));
    REQUIRE(test::waitFor([&] { return !panel.isBusy(); }));
    CHECK(panel.applied.constLast() == QStringLiteral("after"));
}

TEST_CASE("The placeholder panel is loaded at once and lists the tab's planned panels, no numbers",
          "[widgets][panel]")
{
    SessionFixture f;
    const session::TabInfo& tab = session::allTabs().at(1);
    widgets::PlaceholderPanel panel(*f.session, tab);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }));
    CHECK(panel.state() == widgets::Panel::State::Content);
    CHECK(panel.listedPanels() == tab.plannedPanels);
    CHECK_FALSE(panel.showsDataAge());
    auto* purpose = panel.findChild<QLabel*>(QStringLiteral("placeholderPurpose"));
    REQUIRE(purpose);
    CHECK(purpose->text() == tab.purpose);
    auto* note = panel.findChild<QLabel*>(QStringLiteral("placeholderNote"));
    REQUIRE(note);
    CHECK(note->text().contains(QStringLiteral("later release")));
}

TEST_CASE("DataAgeLabel words the age and turns stale after twice the refresh interval", "[widgets][dataage]")
{
    using widgets::DataAgeLabel;
    CHECK(DataAgeLabel::ageText(2) == QStringLiteral("Updated just now"));
    CHECK(DataAgeLabel::ageText(12) == QStringLiteral("Updated 12 s ago"));
    CHECK(DataAgeLabel::ageText(185) == QStringLiteral("Updated 3 min ago"));
    CHECK(DataAgeLabel::ageText(7300) == QStringLiteral("Updated 2 h ago"));

    DataAgeLabel label;
    CHECK(label.text() == QStringLiteral("Loading…"));
    label.setRefreshIntervalSeconds(30);
    label.setUpdatedAt(QDateTime::currentDateTimeUtc().addSecs(-40));
    CHECK_FALSE(label.isStale());
    CHECK(label.text() == QStringLiteral("Updated 40 s ago"));
    label.setUpdatedAt(QDateTime::currentDateTimeUtc().addSecs(-70));
    CHECK(label.isStale());
    CHECK(label.text() == QStringLiteral("Stale — updated 1 min ago"));
    label.setRefreshIntervalSeconds(0); // auto-refresh off: never called stale
    CHECK_FALSE(label.isStale());
    label.setFailed(QStringLiteral("no route to host"));
    CHECK(label.text().startsWith(QStringLiteral("Refresh failed — updated")));
    CHECK(label.toolTip().contains(QStringLiteral("no route to host")));
}

TEST_CASE("ConnectionIndicator follows the connection monitor", "[widgets][connection]")
{
    db::ConnectionMonitor monitor;
    widgets::ConnectionIndicator indicator(monitor);
    CHECK(indicator.text() == QStringLiteral("Connected"));
    monitor.reportLost(QStringLiteral("pool"), QStringLiteral("server closed the connection unexpectedly"));
    CHECK(indicator.state() == db::ConnectionState::Reconnecting);
    CHECK(indicator.text() == QStringLiteral("Reconnecting…"));
    CHECK(indicator.toolTip().contains(QStringLiteral("server closed the connection unexpectedly")));
    indicator.setState(db::ConnectionState::Offline, QStringLiteral("timeout"),
                       QDateTime::currentDateTimeUtc());
    CHECK(indicator.text() == QStringLiteral("Offline — retrying"));
    monitor.reportRestored(QStringLiteral("pool"));
    CHECK(indicator.text() == QStringLiteral("Connected"));
}
