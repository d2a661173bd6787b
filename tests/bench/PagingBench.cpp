// Keyset paging against OFFSET on a large api_metrics table, and the paged model's first page.
// Prints milliseconds (median of several runs); run with the environment scripts/test.sh exports.
#include "BenchSupport.h"
#include "TestDatabase.h"
#include "db/DbPool.h"
#include "db/KeysetQuery.h"
#include "db/PagedRowModel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace opsdeck;
using bench::medianMs;

namespace {} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int rows = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 2000000;
    try {
        test::TestDatabase db;
        std::printf("Loading %d api_metrics rows…\n", rows);
        QElapsedTimer load;
        load.start();
        db.exec(QStringLiteral(
                    "BEGIN; SET LOCAL opsdeck.bulk_load = 'on'; "
                    "INSERT INTO api_metrics (endpoint, method, response_time_ms, status_code, created_at) "
                    "SELECT '/e' || (g % 40), 'GET', (g::bigint * 7919 % 900)::int, 200, "
                    "now() - (g || ' seconds')::interval FROM generate_series(1, %1) g; COMMIT; "
                    "CREATE INDEX ON api_metrics (created_at DESC, id DESC); ANALYZE api_metrics;")
                    .arg(rows));
        std::printf("  loaded in %.1f s\n", double(load.elapsed()) / 1000.0);

        db::KeysetQuery q;
        q.select = QStringLiteral("SELECT id, created_at, endpoint, response_time_ms FROM api_metrics");
        q.sortColumn = QStringLiteral("created_at");
        q.allowedSortColumns = {q.sortColumn};
        q.pageSize = 200;

        const int deep = rows / 2;
        QSqlQuery cursor = db.admin().execRaw(
            QStringLiteral(
                "SELECT created_at::text, id::text FROM api_metrics ORDER BY created_at DESC, id DESC "
                "OFFSET %1 LIMIT 1")
                .arg(deep),
            {});
        cursor.next();
        const QVariant afterSort = cursor.value(0), afterKey = cursor.value(1);
        cursor.finish();

        const double first = medianMs([&] { db::fetchKeysetPage(db.admin(), q, {}, {}); });
        const double keysetDeep = medianMs([&] { db::fetchKeysetPage(db.admin(), q, afterSort, afterKey); });
        const double offsetDeep = medianMs(
            [&] {
                QSqlQuery o = db.admin().execRaw(
                    QStringLiteral("SELECT id, created_at, endpoint, response_time_ms FROM api_metrics "
                                   "ORDER BY created_at DESC, id DESC OFFSET %1 LIMIT 200")
                        .arg(deep),
                    {});
                while (o.next()) {
                }
            },
            3);
        std::printf("Page of 200 rows out of %d:\n", rows);
        std::printf("  keyset, first page           %8.2f ms\n", first);
        std::printf("  keyset, after row %-9d  %8.2f ms\n", deep, keysetDeep);
        std::printf("  OFFSET %-9d (for scale)   %8.2f ms\n", deep, offsetDeep);

        db::DbPool pool(db.superuserProfile(), QString(), 1);
        db::PagedRowModel model(pool, {QStringLiteral("ID"), QStringLiteral("Time")});
        const double modelFirst = medianMs([&] {
            bool done = false;
            auto c = QObject::connect(&model, &db::PagedRowModel::pageLoaded, [&] { done = true; });
            model.setQuery(q);
            test::waitFor([&] { return done; }, 30000);
            QObject::disconnect(c);
        });
        std::printf("  PagedRowModel first page, pool round trip %8.2f ms\n", modelFirst);
    } catch (const db::DbError& e) {
        std::fprintf(stderr, "bench failed: %s\n", qPrintable(e.text()));
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
        return 1;
    }
    return 0;
}
