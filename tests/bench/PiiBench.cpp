// A keyset page of contacts through the masking view pii.contacts_v against the base table, at 1M
// contacts by default, read by a real viewer login; and the same page through a security_barrier
// copy of the view, which is what the plain view avoids. Prints milliseconds (median of several
// runs) and the view's plan; run with the environment scripts/test.sh exports.
#include "BenchSupport.h"
#include "TestDatabase.h"
#include "db/KeysetQuery.h"
#include "pii/PiiRepository.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace opsdeck;
using bench::medianMs;

namespace {

QString planOf(db::Connection& c, const QString& select, const QString& afterSort, const QString& afterKey)
{
    QSqlQuery q = c.execRaw(
        QStringLiteral("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                       "SELECT *, created_at::text AS keyset_sort_cursor, id::text AS keyset_key_cursor "
                       "FROM (%1) AS page_source "
                       "WHERE (created_at, id) < ('%2'::timestamptz, '%3'::uuid) "
                       "ORDER BY created_at DESC, id DESC LIMIT 101")
            .arg(select, afterSort, afterKey),
        QStringLiteral("explaining"));
    QStringList lines;
    while (q.next())
        lines << QStringLiteral("    ") + q.value(0).toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int rows = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 1000000;
    try {
        test::TestDatabase db;
        std::printf("Loading %d contacts…\n", rows);
        QElapsedTimer load;
        load.start();
        db.exec(QStringLiteral(
                    "BEGIN; SET LOCAL opsdeck.bulk_load = 'on'; "
                    "INSERT INTO tenants (name, slug) VALUES ('Bench', 'bench'); "
                    "INSERT INTO contacts (tenant_id, full_name, mobile, email, source, status, created_at) "
                    "SELECT (SELECT id FROM tenants), 'Person ' || g || ' Surname' || (g % 997), "
                    "'+6421' || lpad((g % 10000000)::text, 7, '0'), 'person' || g || '@example.com', 'web', "
                    "'lead', now() - (g || ' seconds')::interval FROM generate_series(1, %1) g; COMMIT")
                    .arg(rows));
        db.exec(QStringLiteral("VACUUM ANALYZE contacts"));
        // The same view as security_barrier, for comparison only.
        db.exec(QStringLiteral(
            "CREATE VIEW pii.contacts_barrier WITH (security_barrier) AS SELECT * FROM pii.contacts_v; "
            "DO $$ BEGIN "
            "EXECUTE format('ALTER VIEW pii.contacts_barrier OWNER TO %I', opsdeck_role_prefix() || 'pii'); "
            "EXECUTE format('GRANT SELECT ON pii.contacts_barrier TO %I', staff_group_role()); END $$"));
        std::printf("  loaded in %.1f s\n", double(load.elapsed()) / 1000.0);

        const auto viewer = db.createStaff(QStringLiteral("viewer"));
        db::Connection c(viewer.profile, viewer.password, QStringLiteral("pii-bench"));

        const db::KeysetQuery viaView = pii::PiiRepository::contactsQuery({}, 100);
        db::KeysetQuery viaTable = viaView; // what the viewer may still read from the table itself
        viaTable.select = QStringLiteral("SELECT id, tenant_id, source, status, created_at FROM contacts");
        db::KeysetQuery viaTableAsOwner = viaView; // every column, unmasked, as superuser
        viaTableAsOwner.select = QStringLiteral(
            "SELECT id, tenant_id, full_name, mobile, email, source, status, created_at FROM contacts");
        db::KeysetQuery viaBarrier = viaView;
        viaBarrier.select.replace(QStringLiteral("pii.contacts_v"), QStringLiteral("pii.contacts_barrier"));

        const int deep = rows / 2;
        QSqlQuery cursor = db.admin().execRaw(
            QStringLiteral(
                "SELECT created_at::text, id::text FROM contacts ORDER BY created_at DESC, id DESC "
                "OFFSET %1 LIMIT 1")
                .arg(deep),
            {});
        cursor.next();
        const QVariant afterSort = cursor.value(0), afterKey = cursor.value(1);
        cursor.finish();

        auto page = [](db::Connection& conn, const db::KeysetQuery& q, const QVariant& s, const QVariant& k) {
            return [&conn, q, s, k] {
                const auto p = db::fetchKeysetPage(conn, q, s, k);
                if (p.rows.size() != q.pageSize)
                    std::fprintf(stderr, "short page: %d rows\n", int(p.rows.size()));
            };
        };
        std::printf("Page of 100 contacts out of %d (viewer login unless noted):\n", rows);
        std::printf("  pii.contacts_v, first page             %8.2f ms\n",
                    medianMs(page(c, viaView, {}, {})));
        std::printf("  pii.contacts_v, after row %-9d    %8.2f ms\n", deep,
                    medianMs(page(c, viaView, afterSort, afterKey)));
        std::printf("  contacts (non-PII columns), first page %8.2f ms\n",
                    medianMs(page(c, viaTable, {}, {})));
        std::printf("  contacts (non-PII columns), deep       %8.2f ms\n",
                    medianMs(page(c, viaTable, afterSort, afterKey)));
        std::printf("  contacts, all columns as superuser     %8.2f ms\n",
                    medianMs(page(db.admin(), viaTableAsOwner, afterSort, afterKey)));
        std::printf("  security_barrier copy, first page      %8.2f ms\n",
                    medianMs(page(c, viaBarrier, {}, {}), 3));
        std::printf("  security_barrier copy, deep            %8.2f ms\n",
                    medianMs(page(c, viaBarrier, afterSort, afterKey), 3));
        std::printf("Plan through pii.contacts_v (deep page):\n%s\n",
                    qPrintable(planOf(c, viaView.select, afterSort.toString(), afterKey.toString())));
        std::printf("Plan through the security_barrier copy (deep page):\n%s\n",
                    qPrintable(planOf(c, viaBarrier.select, afterSort.toString(), afterKey.toString())));
    } catch (const db::DbError& e) {
        std::fprintf(stderr, "bench failed: %s\n", qPrintable(e.text()));
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
        return 1;
    }
    return 0;
}
