// The outbound queue end to end: signed webhook deliveries from outbound_queue to a local HTTP sink
// (TestHttpServer on its own thread) by 1, 2 and 4 engines, each on its own thread with its own
// connection, as opsdeck-worker --outbound-threads N runs them.
//   throughput: N items waiting, engines started, until the sink has them all (and the queue says
//               delivered); deliveries per second and SQL statements per delivered item
//   latency:    items enqueued one transaction at a time at a steady rate; from just before the
//               INSERT to the request arriving at the sink; p50 / p99
//   build/bin/opsdeck_bench_outbound [items] [rate per second] [engine counts, default 1,2,4]
#include "TestDatabase.h"
#include "TestHttpServer.h"
#include "outbound/OutboundEngine.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSqlQuery>
#include <QThread>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

using namespace opsdeck;

namespace {

qint64 nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Sink
{
    test::TestHttpServer server;
    QMutex mutex;
    std::vector<double> latenciesMs;
    QHash<QByteArray, qint64> arrivedUs; // webhook-id → arrival, for the latency breakdown

    Sink()
    {
        server.setRecording(false);
        server.setHandler([this](const test::TestHttpServer::Request& r) {
            const qint64 now = nowUs();
            const QJsonObject o = QJsonDocument::fromJson(r.body).object();
            const double sentUs = o.value(QStringLiteral("t_us")).toDouble(-1);
            if (sentUs >= 0) {
                QMutexLocker lock(&mutex);
                latenciesMs.push_back(double(now - qint64(sentUs)) / 1000.0);
                arrivedUs.insert(r.header("webhook-id"), now);
            }
            return test::TestHttpServer::Response::json(200, "{}");
        });
        server.startInThread();
    }
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

std::vector<std::unique_ptr<outbound::OutboundEngine>> startEngines(const test::TestDatabase::Staff& login,
                                                                    int n, const QString& connection)
{
    std::vector<std::unique_ptr<outbound::OutboundEngine>> engines;
    for (int i = 0; i < n; ++i) {
        outbound::EngineOptions o;
        o.kind = QStringLiteral("worker");
        if (qEnvironmentVariableIsSet("BENCH_FLUSH_MS"))
            o.flushMs = qEnvironmentVariableIntValue("BENCH_FLUSH_MS");
        if (qEnvironmentVariableIsSet("BENCH_WAKE_JITTER_MS"))
            o.wakeJitterMs = qEnvironmentVariableIntValue("BENCH_WAKE_JITTER_MS");
        auto e = std::make_unique<outbound::OutboundEngine>(login.profile, login.password, o);
        e->setSecrets({{connection, QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")}});
        e->start();
        engines.push_back(std::move(e));
    }
    return engines;
}

void stopEngines(std::vector<std::unique_ptr<outbound::OutboundEngine>>& engines)
{
    int stopped = 0;
    for (auto& e : engines) {
        QObject::connect(e.get(), &outbound::OutboundEngine::stopped, [&] { ++stopped; });
        e->stop();
    }
    test::waitFor([&] { return stopped == int(engines.size()); }, 30000);
    engines.clear();
}

// Where the latency goes, from the queue's own timestamps: enqueue → the claim's transaction start
// (commit, NOTIFY, wake-up, the engine being busy), → the request leaving (the claim, dispatch,
// waiting for a host slot), → the sink (HTTP). Means over all items and over the slowest 1 %.
QString latencyBreakdown(test::TestDatabase& db, Sink& sink, int engineCount)
{
    QSqlQuery q = db.admin().execRaw(
        QStringLiteral("SELECT q.idempotency_key, (q.payload ->> 't_us')::bigint, "
                       "(extract(epoch FROM q.last_attempted_at) * 1e6)::bigint, "
                       "(extract(epoch FROM a.started_at) * 1e6)::bigint "
                       "FROM outbound_queue q JOIN outbound_attempts a ON a.item_id = q.id AND a.attempt = 1 "
                       "WHERE q.idempotency_key LIKE 'lat-%1-%'")
            .arg(engineCount),
        QStringLiteral("breakdown"));
    struct Row
    {
        double total, wake, claim, http;
    };
    std::vector<Row> rows;
    QMutexLocker lock(&sink.mutex);
    while (q.next()) {
        const qint64 arrived = sink.arrivedUs.value(q.value(0).toByteArray(), -1);
        if (arrived < 0)
            continue;
        const qint64 t0 = q.value(1).toLongLong(), claimed = q.value(2).toLongLong(),
                     sent = q.value(3).toLongLong();
        rows.push_back({(arrived - t0) / 1000.0, (claimed - t0) / 1000.0, (sent - claimed) / 1000.0,
                        (arrived - sent) / 1000.0});
    }
    if (rows.empty())
        return {};
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.total < b.total; });
    auto mean = [](auto begin, auto end) {
        Row m{0, 0, 0, 0};
        const double n = double(end - begin);
        for (auto it = begin; it != end; ++it) {
            m.total += it->total / n;
            m.wake += it->wake / n;
            m.claim += it->claim / n;
            m.http += it->http / n;
        }
        return m;
    };
    const Row all = mean(rows.begin(), rows.end());
    const Row slow = mean(rows.end() - qMax<qsizetype>(1, qsizetype(rows.size()) / 100), rows.end());
    return QStringLiteral("         mean %1 ms = to claim %2 + claim to send %3 + http %4; slowest 1 %: %5 = "
                          "%6 + %7 + %8\n")
        .arg(all.total, 0, 'f', 2)
        .arg(all.wake, 0, 'f', 2)
        .arg(all.claim, 0, 'f', 2)
        .arg(all.http, 0, 'f', 2)
        .arg(slow.total, 0, 'f', 2)
        .arg(slow.wake, 0, 'f', 2)
        .arg(slow.claim, 0, 'f', 2)
        .arg(slow.http, 0, 'f', 2);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int items = argc > 1 ? qMax(100, atoi(argv[1])) : 20000;
    const int rate = argc > 2 ? qMax(10, atoi(argv[2])) : 1000;
    QList<int> engineCounts;
    for (const QString& n : QString::fromLocal8Bit(argc > 3 ? argv[3] : "1,2,4").split(u','))
        if (n.toInt() > 0)
            engineCounts << n.toInt();
    qputenv("QT_LOGGING_RULES", "opsdeck.*.info=false");

    test::TestDatabase db;
    const auto login = db.createStaff(QStringLiteral("admin"), QStringLiteral("Bench Engine"));
    Sink sink;
    const QString tenant =
        db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Bench', 'bench') RETURNING id"))
            .toString();
    const QString connection =
        db.scalar(QStringLiteral(
                      "INSERT INTO connections (tenant_id, app_name, app_slug, delivery_type, "
                      "secret_key_name, config) VALUES ('%1', 'Sink', 'sink', 'webhook', 'bench/sink', "
                      "jsonb_build_object('url', '%2')) RETURNING id")
                      .arg(tenant, sink.server.url(QStringLiteral("/hook")).toString()))
            .toString();

    std::printf(
        "Outbound queue: signed webhooks to a local sink, %d items per throughput run, latency at %d/s\n",
        items, rate);
    std::printf("%-8s %14s %16s %12s %12s %12s\n", "engines", "deliveries/s", "statements/item", "p50 ms",
                "p99 ms", "latency n");
    for (int engineCount : std::as_const(engineCounts)) {
        db.exec(QStringLiteral("TRUNCATE outbound_queue CASCADE"));
        db.exec(
            QStringLiteral("INSERT INTO outbound_queue (tenant_id, connection_id, delivery_type, payload, "
                           "idempotency_key) SELECT '%1', '%2', 'webhook', jsonb_build_object('n', g), "
                           "'tp-%3-' || g FROM generate_series(1, %4) g")
                .arg(tenant, connection)
                .arg(engineCount)
                .arg(items));
        db.exec(QStringLiteral("ANALYZE outbound_queue"));
        const int before = sink.server.requestCount();
        QElapsedTimer clock;
        clock.start();
        auto engines = startEngines(login, engineCount, connection);
        test::waitFor([&] { return sink.server.requestCount() - before >= items; }, 600000);
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        test::waitFor(
            [&] {
                return db.scalar(
                             QStringLiteral("SELECT count(*) FROM outbound_queue WHERE status = 'delivered'"))
                           .toInt() == items;
            },
            60000);
        qint64 statements = 0;
        for (auto& e : engines)
            statements += e->stats().statements;
        const double perItem = double(statements) / items;

        // Latency: a steady stream, each item its own transaction (and NOTIFY).
        {
            QMutexLocker lock(&sink.mutex);
            sink.latenciesMs.clear();
            sink.arrivedUs.clear();
        }
        const int latencyItems = rate * 5;
        const int perTick = qMax(1, rate / 200); // every 5 ms
        QElapsedTimer stream;
        stream.start();
        for (int i = 0; i < latencyItems; i += perTick) {
            const qint64 due = qint64(i) * 1000000000LL / rate;
            while (stream.nsecsElapsed() < due)
                QThread::usleep(200);
            for (int k = 0; k < perTick; ++k) {
                const qint64 tUs = nowUs();
                db.exec(QStringLiteral("INSERT INTO outbound_queue (tenant_id, connection_id, delivery_type, "
                                       "payload, idempotency_key) VALUES ('%1', '%2', 'webhook', "
                                       "jsonb_build_object('t_us', %3::bigint), 'lat-%4-%5')")
                            .arg(tenant, connection)
                            .arg(tUs)
                            .arg(engineCount)
                            .arg(i + k));
            }
        }
        test::waitFor(
            [&] {
                QMutexLocker lock(&sink.mutex);
                return int(sink.latenciesMs.size()) >= latencyItems;
            },
            60000);
        std::vector<double> latencies;
        {
            QMutexLocker lock(&sink.mutex);
            latencies = sink.latenciesMs;
        }
        stopEngines(engines);
        const QString breakdown = latencyBreakdown(db, sink, engineCount);
        std::printf("%-8d %14.0f %16.3f %12.2f %12.2f %12zu\n", engineCount, items / seconds, perItem,
                    percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.size());
        std::printf("%s", qPrintable(breakdown));
        std::fflush(stdout);
    }
    return 0;
}
