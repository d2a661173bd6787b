// The outbound queue's engines against a real database and real HTTP servers on 127.0.0.1:
// several engines deliver each item once, results follow the adapters' outcomes (retry with
// backoff, permanent failure, 410 disables the connection, Retry-After), exhaustion raises an
// alert, the emergency pause stops every engine at once, a fenced result of an engine whose lease
// was taken over is dropped, and deliveries go on while result writes wait in the database.
#include "outbound/OutboundEngine.h"

#include "TestDatabase.h"
#include "TestHttpServer.h"
#include "db/Connection.h"
#include "engine/Heartbeat.h"
#include "outbound/OutboundStore.h"
#include "outbound/WebhookSignature.h"

#include <QSet>
#include <QSqlQuery>
#include <catch2/catch.hpp>
#include <functional>
#include <memory>

using namespace opsdeck;
using test::TestHttpServer;

namespace {

const QString kSecret = QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

struct QueueFixture
{
    test::TestDatabase db;
    test::TestDatabase::Staff engineLogin =
        db.createStaff(QStringLiteral("admin"), QStringLiteral("Engine Login"));
    QString tenant;

    QueueFixture()
    {
        tenant =
            db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Queue Test', 'queue-test') "
                                     "RETURNING id"))
                .toString();
    }

    // A webhook connection to `url` whose secret lives in the (test's) keychain.
    QString webhookConnection(const QString& slug, const QUrl& url)
    {
        return db
            .scalar(QStringLiteral("INSERT INTO connections (tenant_id, app_name, app_slug, delivery_type, "
                                   "secret_key_name, config) VALUES ('%1', 'Hook %2', '%2', 'webhook', "
                                   "'connection/%2', jsonb_build_object('url', '%3')) RETURNING id")
                        .arg(tenant, slug, url.toString()))
            .toString();
    }

    // Enqueues `n` webhook items for `connection` to `path` (through outbound_enqueue).
    void enqueue(const QString& connection, int n, const QString& url, const QString& prefix,
                 int maxAttempts = 5)
    {
        db.exec(
            QStringLiteral("SELECT outbound_enqueue('%1-' || g, 'webhook', jsonb_build_object('n', g), '%2', "
                           "%3, '%4', max_attempts => %5) FROM generate_series(1, %6) g")
                .arg(prefix, tenant,
                     connection.isEmpty() ? QStringLiteral("NULL")
                                          : QLatin1Char('\'') + connection + QLatin1Char('\''),
                     url)
                .arg(maxAttempts)
                .arg(n));
    }

    int count(const QString& where)
    {
        return db.scalar(QStringLiteral("SELECT count(*) FROM outbound_queue WHERE ") + where).toInt();
    }

    std::unique_ptr<outbound::OutboundEngine>
    engine(const QHash<QString, QString>& secrets = {},
           const std::function<void(outbound::EngineOptions&)>& adjust = nullptr)
    {
        outbound::EngineOptions o;
        o.kind = QStringLiteral("worker");
        o.pollMs = 300;
        o.transferTimeoutMs = 2000;
        if (adjust)
            adjust(o);
        auto e = std::make_unique<outbound::OutboundEngine>(engineLogin.profile, engineLogin.password, o);
        e->setSecrets(secrets);
        e->start();
        return e;
    }
};

// Another session holding a lock that makes every insert into outbound_attempts wait: the engines'
// result writes are held up until release().
class HeldResultWrites
{
public:
    explicit HeldResultWrites(test::TestDatabase& db)
        : m_session(db.superuserProfile(), QString(), db.name() + QStringLiteral("_holder"))
    {
        m_session.setAllowedOnGuiThread(true);
        m_session.execRaw(QStringLiteral("BEGIN"), QStringLiteral("test"));
        m_session.execRaw(QStringLiteral("LOCK TABLE outbound_attempts IN SHARE MODE"),
                          QStringLiteral("test"));
    }
    // Call before any REQUIRE can end the test: the engine's stop waits for its last results.
    void release() { m_session.execRaw(QStringLiteral("ROLLBACK"), QStringLiteral("test")); }

private:
    db::Connection m_session;
};

bool stopAndWait(outbound::OutboundEngine& e)
{
    bool stopped = false;
    QObject::connect(&e, &outbound::OutboundEngine::stopped, [&] { stopped = true; });
    e.stop();
    return test::waitFor([&] { return stopped; }, 15000);
}

} // namespace

TEST_CASE("Two engines deliver 2,000 signed webhooks, each exactly once", "[outbound][engine]")
{
    QueueFixture f;
    TestHttpServer sink;
    REQUIRE(sink.startInThread());
    const QString hook = f.webhookConnection(QStringLiteral("sink"), sink.url(QStringLiteral("/hook")));
    f.enqueue(hook, 2000, sink.url(QStringLiteral("/hook")).toString(), QStringLiteral("two"));

    auto a = f.engine({{hook, kSecret}});
    auto b = f.engine({{hook, kSecret}});
    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'delivered'")) == 2000; }, 60000));
    CHECK(stopAndWait(*a));
    CHECK(stopAndWait(*b));

    const auto requests = sink.requests();
    CHECK(requests.size() == 2000);
    QSet<QByteArray> ids;
    for (const auto& r : requests)
        ids.insert(r.header("webhook-id"));
    CHECK(ids.size() == 2000); // no item twice
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM outbound_attempts")).toInt() == 2000);
    CHECK(f.db.scalar(QStringLiteral("SELECT count(DISTINCT engine_id) FROM outbound_attempts")).toInt() ==
          2);
    CHECK(a->stats().delivered + b->stats().delivered == 2000);
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM worker_heartbeats WHERE stopped_at IS NOT NULL"))
              .toInt() == 2);

    // The signature is the Standard Webhooks one over exactly the bytes sent, with the item's key.
    const auto& r = requests.first();
    const QString expected =
        outbound::WebhookSignature::sign(kSecret, QString::fromUtf8(r.header("webhook-id")),
                                         r.header("webhook-timestamp").toLongLong(), r.body)
            .header;
    CHECK(QString::fromUtf8(r.header("webhook-signature")) == expected);
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM outbound_queue WHERE idempotency_key = '%1'")
                          .arg(QString::fromUtf8(r.header("webhook-id"))))
              .toInt() == 1);
}

TEST_CASE("Deliveries go on while the database holds up the engine's result writes", "[outbound][engine]")
{
    QueueFixture f;
    TestHttpServer sink;
    REQUIRE(sink.startInThread());
    const QString hook = f.webhookConnection(QStringLiteral("sink"), sink.url(QStringLiteral("/hook")));
    f.enqueue(hook, 300, sink.url(QStringLiteral("/hook")).toString(), QStringLiteral("held"));

    // The engine's first batch of results is stuck in the database.
    HeldResultWrites held(f.db);

    auto e = f.engine({{hook, kSecret}});
    // Claims and requests do not wait for the results: every item is sent meanwhile.
    // (Answered, too: the engine counts a delivery when the answer is back, a moment after the sink.)
    const bool allSent =
        test::waitFor([&] { return sink.requestCount() == 300 && e->stats().delivered == 300; }, 20000);
    const int writtenMeanwhile = f.count(QStringLiteral("status = 'delivered'"));
    const int sendingMeanwhile = f.count(QStringLiteral("status = 'sending'"));
    held.release();
    REQUIRE(allSent);
    CHECK(writtenMeanwhile == 0);
    CHECK(sendingMeanwhile == 300);

    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'delivered'")) == 300; }, 15000));
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM outbound_attempts")).toInt() == 300);
    CHECK(stopAndWait(*e));
    CHECK(sink.requestCount() == 300); // nothing sent twice
}

TEST_CASE("While its result writes are held up, an engine holds no more unwritten items than it may",
          "[outbound][engine]")
{
    QueueFixture f;
    TestHttpServer sink;
    REQUIRE(sink.startInThread());
    const QString hook = f.webhookConnection(QStringLiteral("sink"), sink.url(QStringLiteral("/hook")));
    f.enqueue(hook, 300, sink.url(QStringLiteral("/hook")).toString(), QStringLiteral("bounded"));

    HeldResultWrites held(f.db);

    // At most 100 items whose results are not written: four claims of 25, then it waits (an item
    // whose result is still unwritten when its lease ends would be sent again by another engine).
    auto e = f.engine({{hook, kSecret}}, [](outbound::EngineOptions& o) { o.maxHeld = 100; });
    const bool reachedLimit = test::waitFor([&] { return sink.requestCount() >= 100; }, 20000);
    test::waitFor([] { return false; }, 1000); // polls and wake-ups meanwhile claim nothing more
    const int sentMeanwhile = sink.requestCount();
    const int pendingMeanwhile = f.count(QStringLiteral("status = 'pending'"));
    held.release();
    REQUIRE(reachedLimit);
    CHECK(sentMeanwhile == 100);
    CHECK(pendingMeanwhile == 200);

    // Once the results are written, it goes on with the rest.
    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'delivered'")) == 300; }, 20000));
    CHECK(sink.requestCount() == 300);
    CHECK(stopAndWait(*e));
}

TEST_CASE("An engine whose database connections drop reconnects both, listens again and goes on delivering",
          "[outbound][engine][reconnect]")
{
    QueueFixture f;
    TestHttpServer sink;
    REQUIRE(sink.startInThread());
    const QString url = sink.url(QStringLiteral("/hook")).toString();
    const QString hook = f.webhookConnection(QStringLiteral("sink"), sink.url(QStringLiteral("/hook")));
    // No poll to speak of: only a NOTIFY brings new items in, so delivery proves the LISTEN.
    auto e = f.engine({{hook, kSecret}}, [](outbound::EngineOptions& o) {
        o.pollMs = 600000;
        o.heartbeatMs = 300;
    });
    QStringList problems;
    QObject::connect(e.get(), &outbound::OutboundEngine::problemChanged,
                     [&](const QString& message) { problems << message; });
    const QString engineSessions = QStringLiteral(
        "FROM pg_stat_activity WHERE application_name = 'opsdeck outbound engine' AND datname = "
        "current_database()");
    const QString lastBeat =
        QStringLiteral("SELECT last_beat_at FROM worker_heartbeats WHERE engine_id = '%1'")
            .arg(e->engineId());
    REQUIRE(test::waitFor([&] { return f.db.scalar(lastBeat).isValid(); }));
    f.enqueue(hook, 50, url, QStringLiteral("before"));
    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'delivered'")) == 50; }, 15000));
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) ") + engineSessions).toInt() == 2); // claims, results

    // The server drops both sessions, as in a restart. The engine notices at its next heartbeat,
    // reconnects, listens again and writes the heartbeat.
    f.db.exec(QStringLiteral("SELECT pg_terminate_backend(pid) ") + engineSessions);
    const QDateTime dropped = QDateTime::currentDateTimeUtc();
    REQUIRE(test::waitFor([&] { return f.db.scalar(lastBeat).toDateTime() > dropped.addMSecs(100); }, 15000));
    f.enqueue(hook, 50, url, QStringLiteral("after"));
    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'delivered'")) == 100; }, 15000));
    CHECK(sink.requestCount() == 100);
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) ") + engineSessions).toInt() == 2);
    // A problem it reported (if the drop surfaced as one) clears, and so does the heartbeat's last
    // error (the Engines view warns while it is set).
    CHECK(test::waitFor([&] { return problems.isEmpty() || problems.constLast().isEmpty(); }));
    CHECK(e->stats().lastError.isEmpty());
    CHECK(test::waitFor(
        [&] {
            return f.db
                .scalar(
                    QStringLiteral("SELECT last_error IS NULL FROM worker_heartbeats WHERE engine_id = '%1'")
                        .arg(e->engineId()))
                .toBool();
        },
        5000));
    CHECK(stopAndWait(*e));
}

TEST_CASE("Outcomes: 500 then success, permanent 400, 410 disables, Retry-After is honoured",
          "[outbound][engine]")
{
    QueueFixture f;
    TestHttpServer server;
    REQUIRE(server.startInThread());
    std::atomic<int> flakyCalls{0};
    server.setHandler([&](const TestHttpServer::Request& r) {
        if (r.path == "/flaky")
            return TestHttpServer::Response::json(++flakyCalls == 1 ? 500 : 200, "{}");
        if (r.path == "/bad")
            return TestHttpServer::Response::json(400, R"({"error":"bad payload"})");
        if (r.path == "/gone")
            return TestHttpServer::Response::json(410, "{}");
        if (r.path == "/busy") {
            auto busy = TestHttpServer::Response::json(429, "{}");
            busy.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("900")));
            return busy;
        }
        return TestHttpServer::Response::json(200, "{}");
    });
    const QString flaky = f.webhookConnection(QStringLiteral("flaky"), server.url(QStringLiteral("/flaky")));
    const QString bad = f.webhookConnection(QStringLiteral("bad"), server.url(QStringLiteral("/bad")));
    const QString gone = f.webhookConnection(QStringLiteral("gone"), server.url(QStringLiteral("/gone")));
    const QString busy = f.webhookConnection(QStringLiteral("busy"), server.url(QStringLiteral("/busy")));
    f.enqueue(flaky, 1, server.url(QStringLiteral("/flaky")).toString(), QStringLiteral("flaky"));
    f.enqueue(bad, 1, server.url(QStringLiteral("/bad")).toString(), QStringLiteral("bad"));
    f.enqueue(gone, 1, server.url(QStringLiteral("/gone")).toString(), QStringLiteral("gone"));
    f.enqueue(busy, 1, server.url(QStringLiteral("/busy")).toString(), QStringLiteral("busy"));

    auto e = f.engine({{flaky, kSecret}, {bad, kSecret}, {gone, kSecret}, {busy, kSecret}});
    REQUIRE(test::waitFor(
        [&] { return f.db.scalar(QStringLiteral("SELECT count(*) FROM outbound_attempts")).toInt() == 4; },
        20000));

    // 500: back to pending, due after the first backoff step (2^1 × 30 s ± 20 %).
    CHECK(
        f.count(QStringLiteral("idempotency_key = 'flaky-1' AND status = 'pending' AND attempt_count = 1 AND "
                               "next_attempt_at BETWEEN now() + interval '40 s' AND now() + interval '80 s' "
                               "AND last_status_code = 500")) == 1);
    // 400: failed for good after one attempt, and staff get one open alert for the connection.
    CHECK(f.count(QStringLiteral("idempotency_key = 'bad-1' AND status = 'failed' AND attempt_count = 1")) ==
          1);
    CHECK(f.db.scalar(
                  QStringLiteral("SELECT count(*) FROM alerts WHERE dedupe_key = 'outbound_failures:%1' AND "
                                 "status = 'open'")
                      .arg(bad))
              .toInt() == 1);
    // 410: failed, and the connection is switched off with the reason.
    CHECK(f.count(QStringLiteral("idempotency_key = 'gone-1' AND status = 'failed'")) == 1);
    CHECK(
        f.db.scalar(QStringLiteral("SELECT NOT is_enabled AND disabled_reason LIKE '%410%' FROM connections "
                                   "WHERE id = '%1'")
                        .arg(gone))
            .toBool());
    CHECK(
        f.db.scalar(QStringLiteral("SELECT outcome FROM outbound_attempts a JOIN outbound_queue q ON q.id = "
                                   "a.item_id WHERE q.idempotency_key = 'gone-1'"))
            .toString() == QStringLiteral("disabled"));
    // 429 with Retry-After: 900 — longer than the backoff, so it wins.
    CHECK(f.count(QStringLiteral(
              "idempotency_key = 'busy-1' AND status = 'pending' AND next_attempt_at > now() + "
              "interval '850 s'")) == 1);

    // The retry comes when due (made due here) and succeeds; the history keeps both attempts.
    f.db.exec(QStringLiteral(
        "UPDATE outbound_queue SET next_attempt_at = now() WHERE idempotency_key = 'flaky-1'"));
    REQUIRE(test::waitFor(
        [&] { return f.count(QStringLiteral("idempotency_key = 'flaky-1' AND status = 'delivered'")) == 1; },
        15000));
    CHECK(f.db.scalar(QStringLiteral(
                          "SELECT string_agg(outcome || ':' || coalesce(status_code, 0), ',' ORDER BY "
                          "attempt) FROM outbound_attempts a JOIN outbound_queue q ON q.id = a.item_id "
                          "WHERE q.idempotency_key = 'flaky-1'"))
              .toString() == QStringLiteral("retry:500,delivered:200"));
    CHECK(stopAndWait(*e));
}

TEST_CASE("An item that exhausts its attempts fails, tells its agent and raises one alert",
          "[outbound][engine]")
{
    QueueFixture f;
    TestHttpServer server;
    REQUIRE(server.startInThread());
    server.setHandler(
        [](const TestHttpServer::Request&) { return TestHttpServer::Response::json(503, "{}"); });
    const QString hook = f.webhookConnection(QStringLiteral("down"), server.url(QStringLiteral("/down")));
    const QString agent =
        f.db.scalar(QStringLiteral("INSERT INTO agents (tenant_id, name, slug, kind) VALUES ('%1', "
                                   "'Sender', 'sender-test', 'sender') RETURNING id")
                        .arg(f.tenant))
            .toString();
    f.db.exec(QStringLiteral(
                  "SELECT outbound_enqueue('down-1', 'webhook', '{\"n\":1}', '%1', '%2', max_attempts => 2, "
                  "created_by_agent => '%3')")
                  .arg(f.tenant, hook, agent));
    auto e = f.engine({{hook, kSecret}});
    for (int attempt = 1; attempt <= 2; ++attempt) {
        REQUIRE(test::waitFor(
            [&] {
                return f.db.scalar(QStringLiteral("SELECT count(*) FROM outbound_attempts")).toInt() ==
                       attempt;
            },
            15000));
        f.db.exec(
            QStringLiteral("UPDATE outbound_queue SET next_attempt_at = now() WHERE status = 'pending'"));
    }
    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'failed'")) == 1; }, 10000));
    CHECK(f.count(QStringLiteral(
              "attempt_count = 2 AND last_status_code = 503 AND error LIKE 'HTTP 503%'")) == 1);
    CHECK(f.db.scalar(
                  QStringLiteral("SELECT count(*) FROM agent_actions WHERE agent_id = '%1' AND action_type = "
                                 "'alert_sent' AND detail ->> 'attempts' = '2'")
                      .arg(agent))
              .toInt() == 1);
    CHECK(f.db.scalar(QStringLiteral(
                          "SELECT count(*) FROM alerts WHERE alert_type = 'outbound_failures' AND status = "
                          "'open' AND alert_metadata ->> 'failed_items' = '1'"))
              .toInt() == 1);
    CHECK(stopAndWait(*e));
}

TEST_CASE("The emergency pause stops every engine from claiming, resuming continues", "[outbound][engine]")
{
    QueueFixture f;
    TestHttpServer server;
    REQUIRE(server.startInThread());
    f.db.exec(QStringLiteral("UPDATE emergency_state SET is_active = true, reason = 'drill' WHERE control = "
                             "'outbound_paused'"));
    f.enqueue(QString(), 20, server.url(QStringLiteral("/open")).toString(), QStringLiteral("paused"));
    auto a = f.engine();
    auto b = f.engine();
    // Both engines poll several times meanwhile (every ~300 ms) and are woken by the enqueue.
    test::waitFor([] { return false; }, 2000);
    CHECK(server.requestCount() == 0);
    CHECK(f.count(QStringLiteral("status = 'pending'")) == 20);
    f.db.exec(QStringLiteral("UPDATE emergency_state SET is_active = false, reason = NULL WHERE control = "
                             "'outbound_paused'"));
    REQUIRE(test::waitFor([&] { return f.count(QStringLiteral("status = 'delivered'")) == 20; }, 15000));
    CHECK(server.requestCount() == 20);
    CHECK(stopAndWait(*a));
    CHECK(stopAndWait(*b));
}

TEST_CASE(
    "A result is dropped when the engine's lease was taken over, items go only to engines holding the secret",
    "[outbound][engine]")
{
    QueueFixture f;
    const QString hook =
        f.webhookConnection(QStringLiteral("fence"), QUrl(QStringLiteral("http://127.0.0.1:9/x")));
    f.enqueue(hook, 1, QStringLiteral("http://127.0.0.1:9/x"), QStringLiteral("fence"));
    db::Connection c(f.engineLogin.profile, f.engineLogin.password, QStringLiteral("fence"));
    outbound::OutboundStore store(c);
    auto beat = [&](const QString& id) {
        auto h =
            engine::HeartbeatInfo::forThisProcess(QStringLiteral("worker"), {QStringLiteral("outbound")});
        h.engineId = id;
        engine::writeHeartbeat(c, h);
    };
    beat(QStringLiteral("first"));
    beat(QStringLiteral("second"));
    // Without the connection's secret nothing is claimed.
    CHECK(store.claim(QStringLiteral("first"), {}, 10).isEmpty());
    const auto mine = store.claim(QStringLiteral("first"), {hook}, 10);
    REQUIRE(mine.size() == 1);
    CHECK(mine.first().request.attempt == 1);
    CHECK(mine.first().request.payload == QByteArray(R"({"n": 1})"));
    // The first engine stops heart-beating; the sweep gives the item to the second.
    f.db.exec(QStringLiteral(
        "UPDATE worker_heartbeats SET last_beat_at = now() - interval '1 hour' WHERE engine_id "
        "= 'first'"));
    CHECK(store.sweep() == 1);
    const auto theirs = store.claim(QStringLiteral("second"), {hook}, 10);
    REQUIRE(theirs.size() == 1);
    CHECK(theirs.first().request.attempt == 1); // the unfinished attempt was not counted

    outbound::DeliveryResult late;
    late.itemId = mine.first().request.itemId;
    late.attempt = 1;
    late.outcome = outbound::Outcome::Failed;
    late.statusCode = 400;
    CHECK(store.complete(QStringLiteral("first"), {{late, 0}}) == 0); // fenced out
    outbound::DeliveryResult ok = late;
    ok.outcome = outbound::Outcome::Delivered;
    ok.statusCode = 200;
    CHECK(store.complete(QStringLiteral("second"), {{ok, 0}}) == 1);
    CHECK(f.count(QStringLiteral("status = 'delivered'")) == 1);
    // A delivered item is never claimed again, not even after a retry request.
    QSqlQuery retry =
        c.execRaw(QStringLiteral("SELECT outbound_retry_now(array_agg(id)) FROM outbound_queue"), {});
    CHECK((retry.next() && retry.value(0).toInt() == 0));
    retry.finish();
    CHECK(store.claim(QStringLiteral("second"), {hook}, 10).isEmpty());

    // The audit log has the enqueue (a person's or a script's act), not the engines' bookkeeping;
    // a person's cancel is audited again.
    const auto audited = [&](const QString& action) {
        return f.db
            .scalar(
                QStringLiteral(
                    "SELECT count(*) FROM audit_log WHERE table_name = 'outbound_queue' AND action = '%1'")
                    .arg(action))
            .toInt();
    };
    CHECK(audited(QStringLiteral("insert")) == 1);
    CHECK(audited(QStringLiteral("update")) == 0);
    f.enqueue(hook, 1, QStringLiteral("http://127.0.0.1:9/x"), QStringLiteral("cancel-me"));
    QSqlQuery cancel = c.execRaw(QStringLiteral("SELECT outbound_cancel(array_agg(id), 'customer asked us to "
                                                "stop, call her on +64 21 555 0199') FROM outbound_queue "
                                                "WHERE status = 'pending'"),
                                 {});
    CHECK((cancel.next() && cancel.value(0).toInt() == 1));
    cancel.finish();
    CHECK(audited(QStringLiteral("update")) == 1);
    // The reason is kept, its phone number is not (the audit log masks outbound items too).
    const QString logged = f.db.scalar(QStringLiteral("SELECT new_values ->> 'error' FROM audit_log WHERE "
                                                      "table_name = 'outbound_queue' AND action = 'update'"))
                               .toString();
    CHECK(logged.contains(QStringLiteral("customer asked us to stop")));
    CHECK_FALSE(logged.contains(QStringLiteral("555 0199")));

    // Retention: terminal items older than outbound.retention_days go, in bounded batches.
    // (updated_at is kept current by a trigger: step around it to age the rows.)
    f.db.exec(QStringLiteral("ALTER TABLE outbound_queue DISABLE TRIGGER outbound_queue_touch_updated_at; "
                             "UPDATE outbound_queue SET updated_at = now() - interval '31 days'; "
                             "ALTER TABLE outbound_queue ENABLE TRIGGER outbound_queue_touch_updated_at"));
    f.enqueue(hook, 1, QStringLiteral("http://127.0.0.1:9/x"), QStringLiteral("fresh")); // pending: kept
    CHECK(store.prune(1) == 1);
    CHECK(store.prune(100) == 1);
    CHECK(store.prune(100) == 0);
    CHECK(f.count(QStringLiteral("true")) == 1);
}

TEST_CASE("Only engines write heartbeats, each its own login's row", "[outbound][security]")
{
    test::TestDatabase db;
    const auto viewer = db.createStaff(QStringLiteral("viewer"));
    const auto admin = db.createStaff(QStringLiteral("admin"));
    auto state = [](const test::TestDatabase::Staff& s, const QString& sql) {
        db::Connection c(s.profile, s.password, QStringLiteral("beat-") + s.login);
        try {
            c.execScript(sql, QString());
            return QString();
        } catch (const db::DbError& e) {
            return e.sqlState;
        }
    };
    const QString insert =
        QStringLiteral("INSERT INTO worker_heartbeats (engine_id, kind, host, pid, version) VALUES "
                       "('%1', 'console', 'pc', 1, '1.0')");
    CHECK(state(viewer, insert.arg(QStringLiteral("viewer-engine"))) == QStringLiteral("42501"));
    CHECK(state(admin, insert.arg(QStringLiteral("admin-engine"))).isEmpty());
    // Nobody writes another login's row, not even an admin (it is not theirs: no row matches).
    CHECK(state(admin, QStringLiteral(
                           "INSERT INTO worker_heartbeats (engine_id, kind, host, pid, version, db_login) "
                           "VALUES ('forged', 'worker', 'pc', 1, '1.0', 'someone_else')")) ==
          QStringLiteral("42501"));
    CHECK(state(viewer, QStringLiteral("UPDATE worker_heartbeats SET last_error = 'x'")) ==
          QStringLiteral("42501"));
    // Everyone reads them (the console's engine list).
    db::Connection v(viewer.profile, viewer.password, QStringLiteral("beat-read"));
    QSqlQuery q = v.execRaw(QStringLiteral("SELECT count(*) FROM worker_heartbeats"), {});
    CHECK((q.next() && q.value(0).toInt() == 1));
}
