// Operations → Engines lists the engines by their heartbeats: running, not heard from (stale) and
// stopped, with what they delivered; live when a heartbeat changes.
#include "operations/engines/EnginesPanel.h"

#include "WidgetTestSupport.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardItemModel>

using namespace opsdeck;
using widgets::operations::EnginesPanel;

TEST_CASE("The engines panel shows running, silent and stopped engines from their heartbeats",
          "[widgets][outbound]")
{
    test::TestDatabase db;
    const auto viewer = test::openSession(db.createStaff(QStringLiteral("viewer")));
    // Written as their own logins would: a worker beating now, one silent for a minute, one stopped.
    db.exec(QStringLiteral(
        "INSERT INTO worker_heartbeats (engine_id, kind, engines, host, pid, version, counts, "
        "served_connections, "
        "last_beat_at, stopped_at, last_error) VALUES "
        "('alive', 'worker', '{outbound}', 'ops-01', 101, '1.0', '{\"delivered\": 1234, \"retried\": 5, "
        "\"failed\": 1, \"in_flight\": 6}', '{}', now(), NULL, NULL), "
        "('silent', 'worker', '{outbound}', 'ops-02', 102, '1.0', '{}', '{}', now() - interval '1 minute', "
        "NULL, "
        "'connection to server lost'), "
        "('gone', 'console', '{outbound}', 'priya-laptop', 103, '1.0', '{}', '{}', now() - interval '2 "
        "hours', "
        "now() - interval '2 hours', NULL)"));

    EnginesPanel panel(*viewer.session);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.resize(1200, 400);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    REQUIRE(panel.model()->rowCount() == 3);
    CHECK(panel.rowOf(QStringLiteral("alive")) == 0); // running first
    auto cell = [&](const QString& id, int column) {
        return panel.model()->item(panel.rowOf(id), column)->text();
    };
    CHECK(cell(QStringLiteral("alive"), EnginesPanel::StateColumn) == QStringLiteral("Running"));
    CHECK(cell(QStringLiteral("alive"), EnginesPanel::DeliveredColumn) == QLocale().toString(1234));
    CHECK(cell(QStringLiteral("alive"), EnginesPanel::InFlightColumn) == QStringLiteral("6"));
    CHECK(cell(QStringLiteral("silent"), EnginesPanel::StateColumn) == QStringLiteral("Not heard from"));
    CHECK(cell(QStringLiteral("silent"), EnginesPanel::LastErrorColumn) ==
          QStringLiteral("connection to server lost"));
    CHECK(cell(QStringLiteral("gone"), EnginesPanel::StateColumn) == QStringLiteral("Stopped"));
    auto* summary = panel.findChild<QLabel*>(QStringLiteral("enginesSummary"));
    REQUIRE(summary);
    CHECK(summary->text().contains(QStringLiteral("1 engine running")));
    CHECK(summary->text().contains(QStringLiteral("1 engine not heard from")));

    // Live: the silent engine beats again. The change must come after the window listens (a
    // change before the first LISTEN reaches panels only through the auto-refresh).
    REQUIRE(test::waitFor([&] { return viewer.session->events().isListening(); }, 15000));
    db.exec(QStringLiteral(
        "UPDATE worker_heartbeats SET last_beat_at = now(), last_error = NULL WHERE engine_id = "
        "'silent'"));
    REQUIRE(test::waitFor(
        [&] {
            return panel.rowOf(QStringLiteral("silent")) >= 0 &&
                   cell(QStringLiteral("silent"), EnginesPanel::StateColumn) == QStringLiteral("Running");
        },
        15000));
}

TEST_CASE("The engines panel says how to start one when none ran", "[widgets][outbound]")
{
    test::TestDatabase db;
    const auto viewer = test::openSession(db.createStaff(QStringLiteral("viewer")));
    EnginesPanel panel(*viewer.session);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    CHECK(panel.state() == widgets::Panel::State::Empty);
    CHECK(panel.emptyMessage().contains(QStringLiteral("opsdeck-worker")));
}

TEST_CASE("Only staff with engines.run may switch this workstation's engine on and off",
          "[widgets][outbound]")
{
    test::TestDatabase db;
    const auto viewer = test::openSession(db.createStaff(QStringLiteral("viewer")));
    const auto admin = test::openSession(db.createStaff(QStringLiteral("admin")));
    EnginesPanel viewerPanel(*viewer.session);
    EnginesPanel adminPanel(*admin.session);
    viewerPanel.show();
    adminPanel.show();
    // A heartbeat, so both panels show their content rather than the empty page.
    db.exec(QStringLiteral(
        "INSERT INTO worker_heartbeats (engine_id, kind, host, pid, version) VALUES ('w', 'worker', "
        "'ops-01', 1, '1.0')"));
    REQUIRE(test::waitFor([&] { return viewerPanel.isLoaded() && adminPanel.isLoaded(); }, 15000));
    CHECK_FALSE(viewerPanel.runHereCheck()->isVisibleTo(&viewerPanel));
    REQUIRE(adminPanel.runHereCheck()->isVisibleTo(&adminPanel));
    CHECK_FALSE(adminPanel.runHereCheck()->isChecked());
    QSignalSpy changed(admin.session.get(), &session::Session::enginesRunningChanged);
    adminPanel.runHereCheck()->click();
    CHECK(admin.session->enginesRunning());
    REQUIRE(changed.count() == 1);
    CHECK(changed.first().first().toBool());
    admin.session->setEnginesRunning(false); // switched off elsewhere: the box follows
    CHECK_FALSE(adminPanel.runHereCheck()->isChecked());
}
