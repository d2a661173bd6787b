// The two engines together, as a console or opsdeck-worker runs them: the alert evaluator shares
// the outbound engine's heartbeat, raises an alert, queues the subscriber's e-mail and SMS on the
// company's own connections, and the outbound engine delivers them through the Resend and Twilio
// APIs (a real HTTP server on 127.0.0.1 plays both).
#include "TestDatabase.h"
#include "TestHttpServer.h"
#include "alerts/AlertEvaluator.h"
#include "engine/Heartbeat.h"
#include "outbound/OutboundEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QUrlQuery>
#include <catch2/catch.hpp>
#include <memory>

using namespace opsdeck;
using test::TestHttpServer;

TEST_CASE("An alert reaches its subscriber by e-mail and SMS through the outbound engine",
          "[alerts][outbound]")
{
    test::TestDatabase db;
    const auto engineLogin = db.createStaff(QStringLiteral("admin"), QStringLiteral("Engine Login"));
    const auto manager =
        db.createStaff(QStringLiteral("manager"), QStringLiteral("Mia Manager"), QStringLiteral("mia"));
    TestHttpServer providers;
    providers.setHandler([](const TestHttpServer::Request& r) {
        return r.path.endsWith("/emails") ? TestHttpServer::Response::json(200, R"({"id":"em_1"})")
                                          : TestHttpServer::Response::json(201, R"({"sid":"SM1"})");
    });
    REQUIRE(providers.startInThread());
    const QString base = providers.url(QStringLiteral("/")).toString();
    const QString mail =
        db.scalar(QStringLiteral("INSERT INTO connections (tenant_id, app_name, app_slug, delivery_type, "
                                 "secret_key_name, config) VALUES (NULL, 'Staff e-mail', 'staff-mail', "
                                 "'email', 'test/staff-mail', jsonb_build_object('from', 'Opsdeck "
                                 "<alerts@ops.example>', 'base_url', '%1')) RETURNING id")
                      .arg(base))
            .toString();
    const QString sms =
        db.scalar(QStringLiteral("INSERT INTO connections (tenant_id, app_name, app_slug, delivery_type, "
                                 "secret_key_name, config) VALUES (NULL, 'Staff SMS', 'staff-sms', "
                                 "'sms', 'test/staff-sms', jsonb_build_object('account_sid', "
                                 "'AC0123456789abcdef0123456789abcdef', 'from', '+6421000001', "
                                 "'base_url', '%1')) RETURNING id")
                      .arg(base))
            .toString();
    db.exec(QStringLiteral("UPDATE staff SET mobile = '+64215550123' WHERE login = '%1'").arg(manager.login));
    db.exec(
        QStringLiteral("INSERT INTO alert_subscriptions (staff_id, alert_type, delivery_channels) SELECT id, "
                       "'critical_complaint', '{in_app,email,sms}' FROM staff WHERE login = '%1'")
            .arg(manager.login));
    const QString tenant =
        db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Acme', 'acme') RETURNING id"))
            .toString();
    db.exec(QStringLiteral(
                "INSERT INTO complaints (tenant_id, subject, priority, sla_due_at) VALUES ('%1', 'Flooded "
                "kitchen', 'critical', now() + interval '2 hours')")
                .arg(tenant));

    // The console's wiring (engine::EngineHost): the evaluator shares the outbound engine's row.
    struct Slot
    {
        QMutex mutex;
        std::shared_ptr<alerts::AlertEvaluator> evaluator;
    };
    auto evaluatorSlot = std::make_shared<Slot>();
    outbound::EngineOptions options;
    options.pollMs = 300;
    options.sharedWith = {QStringLiteral("alerts")};
    options.addToHeartbeat = [evaluatorSlot](engine::HeartbeatInfo& info) {
        QMutexLocker lock(&evaluatorSlot->mutex);
        if (evaluatorSlot->evaluator)
            evaluatorSlot->evaluator->applyTo(info);
    };
    outbound::OutboundEngine engine(engineLogin.profile, engineLogin.password, options);
    engine.setSecrets({{mail, QStringLiteral("re_test_key")}, {sms, QStringLiteral("twilio-token")}});
    bool ready = false;
    QObject::connect(&engine, &outbound::OutboundEngine::ready, [&] { ready = true; });
    engine.start();
    REQUIRE(test::waitFor([&] { return ready; }, 15000));
    auto evaluator = std::make_shared<alerts::AlertEvaluator>(engineLogin.profile, engineLogin.password,
                                                              engine.engineId());
    {
        QMutexLocker lock(&evaluatorSlot->mutex);
        evaluatorSlot->evaluator = evaluator;
    }
    evaluator->start();
    evaluator->evaluateNow();

    REQUIRE(providers.waitForRequests(2, 30000));
    const auto requests = providers.requests();
    const auto email = std::find_if(requests.begin(), requests.end(),
                                    [](const auto& r) { return r.path.endsWith("/emails"); });
    const auto text = std::find_if(requests.begin(), requests.end(),
                                   [](const auto& r) { return r.path.endsWith("/Messages.json"); });
    REQUIRE(email != requests.end());
    REQUIRE(text != requests.end());
    const QJsonObject sent = QJsonDocument::fromJson(email->body).object();
    CHECK(sent.value(QStringLiteral("to")).toArray().first().toString() ==
          manager.login + QStringLiteral("@test.example"));
    CHECK(sent.value(QStringLiteral("subject")).toString().startsWith(QStringLiteral("[Opsdeck critical]")));
    CHECK(email->header("authorization") == "Bearer re_test_key");
    CHECK(email->header("idempotency-key").startsWith("alert:"));
    const QUrlQuery form(QString::fromUtf8(text->body));
    CHECK(form.queryItemValue(QStringLiteral("To"), QUrl::FullyDecoded) == QStringLiteral("+64215550123"));
    CHECK(form.queryItemValue(QStringLiteral("Body"), QUrl::FullyDecoded)
              .startsWith(QStringLiteral("[Opsdeck critical]")));
    REQUIRE(test::waitFor(
        [&] {
            return db.scalar(
                         QStringLiteral("SELECT count(*) FROM outbound_queue WHERE status = 'delivered' AND "
                                        "idempotency_key LIKE 'alert:%'"))
                       .toInt() == 2;
        },
        15000));
    // One heartbeat row for both engines, with the evaluator's share in it.
    REQUIRE(test::waitFor(
        [&] {
            return db
                .scalar(QStringLiteral("SELECT counts -> 'alerts_created' IS NOT NULL AND engines @> "
                                       "'{outbound,alerts}' FROM "
                                       "worker_heartbeats WHERE engine_id = '%1'")
                            .arg(engine.engineId()))
                .toBool();
        },
        15000));
    evaluator->stop();
    bool stopped = false;
    QObject::connect(&engine, &outbound::OutboundEngine::stopped, [&] { stopped = true; });
    engine.stop();
    CHECK(test::waitFor([&] { return stopped; }, 15000));
}
