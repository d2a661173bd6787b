// The Clients tab's two aggregate queries at demo scale: client_cards() (every card in one call)
// and analytics_summary() (the dashboard's JSON) for all tenants and for one, per range, read by a
// manager login through the repositories the panels use. Prints the median of 15 warm calls.
//   opsdeck_bench_clients [scale ...]   (demo scale; default: 1 10)
#include "BenchSupport.h"
#include "TestDatabase.h"
#include "clients/ClientRepository.h"
#include "clients/DashboardRepository.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <cstdio>

using namespace opsdeck;
using bench::medianMs;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QList<int> scales;
    for (int i = 1; i < argc; ++i)
        scales << QString::fromLocal8Bit(argv[i]).toInt();
    if (scales.isEmpty())
        scales = {1, 10};
    try {
        for (int scale : scales) {
            test::TestDatabase db;
            QElapsedTimer seed;
            seed.start();
            db.seedDemo(scale);
            std::printf("Demo scale %d (seeded in %.1f s)\n", scale, double(seed.elapsed()) / 1000.0);
            const auto manager = db.createStaff(QStringLiteral("manager"));
            db::Connection c(manager.profile, manager.password, QStringLiteral("clients-bench"));
            const auto cards = clients::ClientRepository::cards(c, QString());
            const QString tenant = cards.first().id;
            std::printf("  client_cards(), %lld cards: %.1f ms (median of 15)\n", qlonglong(cards.size()),
                        medianMs([&] { clients::ClientRepository::cards(c, QString()); }, 15));
            for (const char* range : {"1d", "7d", "30d"}) {
                const QString r = QString::fromLatin1(range);
                std::printf("  analytics_summary(%s): all tenants %.1f ms, one tenant %.1f ms\n", range,
                            medianMs([&] { clients::DashboardRepository::summary(c, QString(), r); }, 15),
                            medianMs([&] { clients::DashboardRepository::summary(c, tenant, r); }, 15));
            }
        }
    } catch (const db::DbError& e) {
        std::fprintf(stderr, "bench failed: %s\n", qPrintable(e.text()));
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
        return 1;
    }
    return 0;
}
