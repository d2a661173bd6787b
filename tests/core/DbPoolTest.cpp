#include "db/DbPool.h"

#include "TestDatabase.h"
#include "db/ConnectionMonitor.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QThread>
#include <algorithm>
#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

template <typename T> T await(QFuture<T> f, int ms = 10000)
{
    REQUIRE(test::waitFor([&] { return f.isFinished(); }, ms));
    return f.result();
}

} // namespace

TEST_CASE("Pool jobs run off the calling thread and hand back values or errors", "[pool]")
{
    test::TestDatabase db;
    db::DbPool pool(db.superuserProfile(), QString(), 2);
    const auto gui = QThread::currentThread();

    auto value = await(pool.run([gui](db::Connection& c) {
        CHECK(QThread::currentThread() != gui);
        QSqlQuery& q = c.run(QStringLiteral("SELECT count(*) FROM roles WHERE level <= ?"), {3},
                             QStringLiteral("count"));
        q.next();
        const int n = q.value(0).toInt();
        q.finish();
        return n;
    }));
    REQUIRE(value.ok());
    CHECK(value.value() == 3);

    auto failed = await(pool.run([](db::Connection& c) {
        c.execRaw(QStringLiteral("SELECT * FROM no_such_table"), QStringLiteral("reading nothing"));
        return 0;
    }));
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == db::DbError::Kind::Query);
    CHECK(failed.error().sqlState == QStringLiteral("42P01"));
    CHECK(failed.error().text().contains(QStringLiteral("reading nothing")));

    // A continuation on the GUI thread, as widgets use it.
    int continued = 0;
    pool.run([](db::Connection&) { return 7; }).then(qApp, [&](const db::DbResult<int>& r) {
        CHECK(QThread::currentThread() == gui);
        continued += r.ok() && r.value() == 7;
    });
    CHECK(test::waitFor([&] { return continued > 0; }));
    test::waitFor([] { return false; }, 100);
    CHECK(continued == 1);
}

TEST_CASE("A refusal by the database's permission checks is reported as such", "[pool]")
{
    test::TestDatabase db;
    const auto viewer = db.createStaff(QStringLiteral("viewer"));
    db::DbPool pool(viewer.profile, viewer.password, 1);
    auto r = await(pool.run([](db::Connection& c) {
        c.execRaw(QStringLiteral("DELETE FROM roles"), QStringLiteral("deleting roles"));
        return 0;
    }));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().isPermission());
    CHECK(r.error().sqlState == QStringLiteral("42501"));
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM roles")).toInt() == 8);
}

TEST_CASE("A dropped connection is reported and the pool reconnects by itself", "[pool][reconnect]")
{
    test::TestDatabase db;
    db::DbPool pool(db.superuserProfile(), QString(), 1);
    db::ConnectionMonitor monitor;
    monitor.watch(&pool);
    QSignalSpy states(&monitor, &db::ConnectionMonitor::stateChanged);

    auto pid = await(pool.run([](db::Connection& c) { return c.backendPid(); }));
    REQUIRE(pid.ok());
    // The server ends the session, as a restart would.
    db.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid.value()));

    auto broken = await(pool.run([](db::Connection& c) {
        c.execRaw(QStringLiteral("SELECT 1"), QStringLiteral("probing"));
        return c.backendPid();
    }));
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().isConnection());
    CHECK(test::waitFor([&] { return monitor.state() == db::ConnectionState::Reconnecting; }));

    auto again = await(pool.run([](db::Connection& c) { return c.backendPid(); }));
    REQUIRE(again.ok());
    CHECK(again.value() != pid.value());
    CHECK(test::waitFor([&] { return monitor.state() == db::ConnectionState::Connected; }));
    CHECK(states.count() >= 2);
}

TEST_CASE("An unreachable server backs off instead of hammering, and says when it retries",
          "[pool][reconnect]")
{
    db::ConnectionProfile nowhere = test::TestDatabase::clusterProfile(QStringLiteral("postgres"));
    nowhere.host = QStringLiteral("/nonexistent-socket-dir");
    db::DbPool pool(nowhere, QString(), 1);
    auto first = await(pool.run([](db::Connection&) { return 1; }));
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().isConnection());
    QElapsedTimer t;
    t.start();
    auto second = await(pool.run([](db::Connection&) { return 1; }));
    REQUIRE_FALSE(second.ok());
    // Within the backoff window the job fails fast with the time of the next attempt.
    CHECK(t.elapsed() < 200);
    CHECK(second.error().message.contains(QStringLiteral("next attempt")));
}

TEST_CASE("Backoff grows, is capped and jittered", "[pool][reconnect]")
{
    QList<int> first;
    for (int i = 0; i < 20; ++i)
        first << db::Connection::backoffMs(1);
    const auto [mn, mx] = std::minmax_element(first.begin(), first.end());
    CHECK(*mn >= 350);
    CHECK(*mx <= 650);
    CHECK(*mn != *mx); // jitter
    CHECK(db::Connection::backoffMs(4) > db::Connection::backoffMs(1));
    for (int i = 0; i < 20; ++i)
        CHECK(db::Connection::backoffMs(30) <= 15000 * 1.3 + 1);
}
