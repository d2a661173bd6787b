// Webhook deliveries through HttpDelivery (on its own engine thread, as the queue engine runs it)
// to TestHttpServer on another thread, recording off. Prints requests per second and latency
// percentiles for a few concurrency windows; signing is included, as in production.
//   build/bin/opsdeck_bench_delivery [requests per run]
#include "TestHttpServer.h"
#include "outbound/HttpDelivery.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <vector>

using namespace opsdeck;
using outbound::DeliveryRequest;
using outbound::DeliveryResult;
using outbound::HttpDelivery;

namespace {

struct Run
{
    double seconds = 0;
    int delivered = 0;
    std::vector<qint64> latencies;
};

// Keeps `window` sends in flight on the engine thread until `total` have completed.
Run run(HttpDelivery* delivery, const QUrl& url, int total, int window)
{
    Run result;
    result.latencies.reserve(size_t(total));
    QElapsedTimer timer;
    std::atomic<bool> done{false};
    QMetaObject::invokeMethod(
        delivery,
        [&] {
            auto started = std::make_shared<int>(0);
            auto finished = std::make_shared<int>(0);
            auto next = std::make_shared<std::function<void()>>();
            *next = [&, started, finished, next] {
                DeliveryRequest request;
                request.itemId = QString::number(*started);
                request.idempotencyKey = QStringLiteral("msg_bench_%1").arg(*started);
                request.deliveryType = QStringLiteral("webhook");
                request.destinationUrl = url.toString();
                request.payload = R"({"type":"bench","data":{"n":1}})";
                request.secret = QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
                ++*started;
                delivery->send(request, [&, finished, started, next](DeliveryResult r) {
                    ++*finished;
                    result.latencies.push_back(r.latencyMs);
                    if (r.outcome == outbound::Outcome::Delivered)
                        ++result.delivered;
                    if (*started < total)
                        (*next)();
                    else if (*finished == total) {
                        result.seconds = double(timer.nsecsElapsed()) / 1e9;
                        *next = nullptr; // breaks the self-reference
                        done.store(true);
                    }
                });
            };
            timer.start();
            for (int i = 0; i < window && i < total; ++i)
                (*next)();
        },
        Qt::BlockingQueuedConnection);
    while (!done.load())
        QThread::msleep(5);
    std::sort(result.latencies.begin(), result.latencies.end());
    return result;
}

qint64 percentile(const std::vector<qint64>& sorted, double p)
{
    return sorted.empty() ? 0 : sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size())))];
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 20000;

    test::TestHttpServer server;
    server.setRecording(false);
    if (!server.startInThread()) {
        std::fprintf(stderr, "cannot listen on 127.0.0.1\n");
        return 1;
    }
    QThread engine;
    auto* delivery = new HttpDelivery;
    delivery->moveToThread(&engine);
    QObject::connect(&engine, &QThread::finished, delivery, &QObject::deleteLater);
    engine.start();

    std::printf("%d signed webhook deliveries per run, server and sender on separate threads (%d cores)\n",
                total, QThread::idealThreadCount());
    std::printf("%8s %12s %10s %8s %8s %8s\n", "window", "requests/s", "delivered", "p50 ms", "p99 ms",
                "max ms");
    run(delivery, server.url(QStringLiteral("/warmup")), 500, 6);
    for (int window : {1, 6, 32, 128}) {
        const Run r = run(delivery, server.url(QStringLiteral("/hook")), total, window);
        std::printf("%8d %12.0f %10d %8lld %8lld %8lld\n", window, double(total) / r.seconds, r.delivered,
                    percentile(r.latencies, 0.5), percentile(r.latencies, 0.99),
                    r.latencies.empty() ? 0LL : r.latencies.back());
    }
    std::printf("server saw %d requests on %d connections\n", server.requestCount(),
                server.connectionCount());
    engine.quit();
    engine.wait();
    return 0;
}
