#include "db/PagedRowModel.h"

#include "TestDatabase.h"
#include "db/DbPool.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

db::KeysetQuery metricsQuery(int pageSize, const QString& endpoint = QString())
{
    db::KeysetQuery q;
    q.select = QStringLiteral("SELECT id, created_at, endpoint, response_time_ms FROM api_metrics");
    if (!endpoint.isEmpty()) {
        q.where = QStringLiteral("endpoint = ?");
        q.whereValues = {endpoint};
    }
    q.sortColumn = QStringLiteral("created_at");
    q.allowedSortColumns = {QStringLiteral("created_at"), QStringLiteral("response_time_ms")};
    q.pageSize = pageSize;
    return q;
}

} // namespace

TEST_CASE("The paged model loads a large list page by page, in order, without duplicates", "[model][paging]")
{
    test::TestDatabase db;
    // 1,050 rows with many equal timestamps: the key breaks ties so no row is skipped or repeated.
    db.exec(QStringLiteral(
        "INSERT INTO api_metrics (endpoint, method, response_time_ms, status_code, created_at) "
        "SELECT CASE WHEN g % 3 = 0 THEN '/a' ELSE '/b' END, 'GET', g, 200, "
        "timestamptz '2026-01-01' + (g / 10) * interval '1 minute' FROM generate_series(1, 1050) g"));
    db::DbPool pool(db.superuserProfile(), QString(), 1);
    db::PagedRowModel model(pool, {QStringLiteral("ID"), QStringLiteral("Time"), QStringLiteral("Endpoint"),
                                   QStringLiteral("ms")});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy pages(&model, &db::PagedRowModel::pageLoaded);

    model.setQuery(metricsQuery(100));
    REQUIRE(test::waitFor([&] { return pages.count() >= 1; }));
    CHECK(model.rowCount() % 100 == 0); // whole pages (the tester may already have asked for more)
    CHECK(model.loadedAt().isValid());
    REQUIRE(test::waitFor([&] {
        if (model.canFetchMore({}))
            model.fetchMore({});
        return model.isComplete();
    }));
    CHECK(pages.count() == 11);
    REQUIRE(model.rowCount() == 1050);
    QSet<qint64> ids;
    for (int r = 0; r < model.rowCount(); ++r) {
        ids.insert(model.rowValues(r).at(0).toLongLong());
        if (r > 0) {
            const auto prev = model.rowValues(r - 1);
            const auto cur = model.rowValues(r);
            const bool ordered = prev.at(1).toDateTime() > cur.at(1).toDateTime() ||
                                 (prev.at(1).toDateTime() == cur.at(1).toDateTime() &&
                                  prev.at(0).toLongLong() > cur.at(0).toLongLong());
            REQUIRE(ordered);
        }
    }
    CHECK(ids.size() == 1050);
    CHECK(model.headerData(2, Qt::Horizontal).toString() == QStringLiteral("Endpoint"));
}

TEST_CASE("Pages that arrive after a reset are dropped", "[model][paging]")
{
    test::TestDatabase db;
    db.exec(QStringLiteral("INSERT INTO api_metrics (endpoint, method, response_time_ms, status_code) "
                           "SELECT CASE WHEN g % 2 = 0 THEN '/even' ELSE '/odd' END, 'GET', g, 200 "
                           "FROM generate_series(1, 300) g"));
    db::DbPool pool(db.superuserProfile(), QString(), 2);
    db::PagedRowModel model(pool, {QStringLiteral("ID"), QStringLiteral("Time"), QStringLiteral("Endpoint")});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    int oddRowsShown = 0;
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, [&](const QModelIndex&, int first, int last) {
        for (int r = first; r <= last; ++r)
            oddRowsShown += model.rowValues(r).at(2).toString() == QStringLiteral("/odd");
    });

    // Two resets in a row: the first query's page may come back later but must not show.
    model.setQuery(metricsQuery(50, QStringLiteral("/odd")));
    model.setQuery(metricsQuery(50, QStringLiteral("/even")));
    REQUIRE(test::waitFor([&] {
        if (model.canFetchMore({}))
            model.fetchMore({});
        return model.isComplete();
    }));
    test::waitFor([] { return false; }, 300); // let any stale page arrive
    CHECK(oddRowsShown == 0);
    QSet<qint64> ids;
    for (int r = 0; r < model.rowCount(); ++r)
        ids.insert(model.rowValues(r).at(0).toLongLong());
    CHECK(ids.size() == 150);
    CHECK(model.rowCount() == 150);
}

TEST_CASE("Sorting by a column outside the whitelist is refused", "[model][paging]")
{
    test::TestDatabase db;
    db::DbPool pool(db.superuserProfile(), QString(), 1);
    db::PagedRowModel model(pool, {QStringLiteral("ID")});
    QSignalSpy failed(&model, &db::PagedRowModel::failed);
    auto q = metricsQuery(10);
    q.sortColumn = QStringLiteral("endpoint; DROP TABLE tenants");
    model.setQuery(q);
    REQUIRE(test::waitFor([&] { return failed.count() == 1; }));
    CHECK(model.lastError().message.contains(QStringLiteral("Cannot sort")));
    CHECK_FALSE(model.canFetchMore({}));
    CHECK(db.scalar(QStringLiteral("SELECT to_regclass('tenants') IS NOT NULL")).toBool());
}

TEST_CASE("refreshLoaded re-reads the loaded rows in place (new, removed and changed rows), no reset",
          "[model][paging]")
{
    test::TestDatabase db;
    db.exec(QStringLiteral(
        "INSERT INTO api_metrics (endpoint, method, response_time_ms, status_code, created_at) "
        "SELECT '/a', 'GET', g, 200, timestamptz '2026-01-01' + g * interval '1 second' "
        "FROM generate_series(1, 300) g"));
    db::DbPool pool(db.superuserProfile(), QString(), 2);
    db::PagedRowModel model(pool, {QStringLiteral("ID"), QStringLiteral("Time"), QStringLiteral("Endpoint"),
                                   QStringLiteral("ms")});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy refreshed(&model, &db::PagedRowModel::refreshed);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setQuery(metricsQuery(100));
    // Two pages at least (the tester may ask for the rest itself).
    REQUIRE(test::waitFor([&] {
        if (model.rowCount() < 200 && model.canFetchMore({}))
            model.fetchMore({});
        return model.rowCount() >= 200 && !model.isLoading();
    }));
    const int loaded = model.rowCount();
    const int resetsBefore = int(resets.count());
    auto idAt = [&](int row) {
        return model.rowValues(row).at(0).toLongLong();
    };
    // Rows of the newest 200 (ids 300 … 101): one kept in view, two removed, one changed.
    const QPersistentModelIndex kept = model.index(150, 0);
    const qint64 keptId = idAt(150);
    const qint64 goneA = idAt(10), goneB = idAt(120), edited = idAt(50);
    db.exec(QStringLiteral("DELETE FROM api_metrics WHERE id IN (%1, %2)").arg(goneA).arg(goneB));
    db.exec(QStringLiteral("UPDATE api_metrics SET endpoint = '/changed' WHERE id = %1").arg(edited));
    db.exec(QStringLiteral(
        "INSERT INTO api_metrics (endpoint, method, response_time_ms, status_code, created_at) "
        "SELECT '/new', 'GET', g, 200, timestamptz '2026-02-01' + g * interval '1 second' "
        "FROM generate_series(1, 3) g"));
    changed.clear();
    model.refreshLoaded();
    REQUIRE(test::waitFor([&] { return refreshed.count() == 1; }));
    CHECK(resets.count() == resetsBefore); // in place: selections and scroll positions survive
    CHECK(model.rowCount() == loaded + 1);
    CHECK(model.rowValues(0).at(2).toString() == QStringLiteral("/new"));
    CHECK(kept.isValid());
    CHECK(model.rowValues(kept.row()).at(0).toLongLong() == keptId);
    CHECK(changed.count() == 1);
    QSet<qint64> ids;
    for (int r = 0; r < model.rowCount(); ++r) {
        ids.insert(idAt(r));
        if (idAt(r) == edited)
            CHECK(model.rowValues(r).at(2).toString() == QStringLiteral("/changed"));
    }
    CHECK_FALSE(ids.contains(goneA));
    CHECK_FALSE(ids.contains(goneB));
    // The rows equal a fresh read of the same window, and paging continues after it.
    REQUIRE(test::waitFor([&] {
        if (model.canFetchMore({}))
            model.fetchMore({});
        return model.isComplete();
    }));
    CHECK(model.rowCount() == 301);
    ids.clear();
    for (int r = 0; r < model.rowCount(); ++r)
        ids.insert(idAt(r));
    CHECK(ids.size() == 301);

    // A row that moves (its sort value changed) cannot be placed by a diff: the model starts over.
    db.exec(QStringLiteral("UPDATE api_metrics SET created_at = timestamptz '2027-01-01' WHERE id = %1")
                .arg(keptId));
    model.refreshLoaded();
    REQUIRE(test::waitFor([&] { return resets.count() == resetsBefore + 1 && model.rowCount() > 0; }));
    CHECK(idAt(0) == keptId);
    // So does a window that grew past the limit.
    db.exec(QStringLiteral(
        "INSERT INTO api_metrics (endpoint, method, response_time_ms, status_code, created_at) "
        "SELECT '/burst', 'GET', g, 200, timestamptz '2028-01-01' + g * interval '1 second' "
        "FROM generate_series(1, 50) g"));
    REQUIRE(test::waitFor([&] { return !model.isLoading(); })); // the tester may be paging on
    model.refreshLoaded(120);
    REQUIRE(test::waitFor([&] { return resets.count() == resetsBefore + 2 && model.rowCount() > 0; }));
    CHECK(model.rowValues(0).at(2).toString() == QStringLiteral("/burst"));
}
