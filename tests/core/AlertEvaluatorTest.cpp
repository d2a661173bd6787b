// The alert evaluator (migration 0013, core/alerts) against a real database with real staff logins:
// every rule type opens its alert once per resource, cleared conditions resolve, one cycle at a
// time however many engines ask, flapping stops notifications, subscriptions become outbound items
// (or say why not), and the engine thread survives a dropped connection and stops cleanly. What
// staff do with alerts is in AlertStaffTest.cpp.
#include "alerts/AlertEvaluator.h"

#include "AlertTestSupport.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <catch2/catch.hpp>
#include <latch>
#include <thread>

using namespace opsdeck;
using alerts::AlertRepository;
using alerts::CycleResult;

TEST_CASE("Each rule type opens one alert per resource, and a second cycle adds none", "[alerts]")
{
    test::AlertFixture f;
    const auto busy = f.db.createStaff(QStringLiteral("agent"), QStringLiteral("Bea Busy"));
    const QString busyId = f.staffId(busy);
    const QString breached = f.complaint(QStringLiteral("complaint"), QStringLiteral("medium"), 180, busyId);
    const QString atRisk = f.complaint(QStringLiteral("refund"), QStringLiteral("low"), 210);
    const QString critical = f.complaint(QStringLiteral("complaint"), QStringLiteral("critical"), 10);
    f.complaint(QStringLiteral("complaint"), QStringLiteral("medium"), 5, busyId);
    f.complaint(QStringLiteral("refund"), QStringLiteral("medium"), 5, busyId);
    f.setRule(QStringLiteral("high_workload"), QStringLiteral("conditions"),
              QStringLiteral(R"({"max_open_items_per_staff": 2})"));
    // 100 requests in the last ten minutes, 10 % of them 5xx (threshold 5 %, at least 50 requests).
    f.db.exec(
        QStringLiteral("INSERT INTO api_metrics (tenant_id, endpoint, method, response_time_ms, status_code, "
                       "created_at) SELECT %1, '/api/v1/bookings', 'GET', 80, CASE WHEN g % 10 = 0 THEN 503 "
                       "ELSE 200 END, now() - g * interval '5 seconds' FROM generate_series(1, 100) g")
            .arg(test::quoted(f.tenant)));
    // The last good sync ten hours ago (threshold 6 h), a failure since.
    f.db.exec(QStringLiteral(
                  "INSERT INTO data_import_jobs (tenant_id, status, started_at, completed_at, created_at) "
                  "VALUES (%1, 'completed', now() - interval '10 hours', now() - interval '10 hours', "
                  "now() - interval '10 hours');"
                  "INSERT INTO data_import_jobs (tenant_id, status, error_message, started_at, created_at) "
                  "VALUES (%1, 'failed', 'HTTP 401 from the source', now() - interval '1 hour', now() - "
                  "interval '1 hour')")
                  .arg(test::quoted(f.tenant)));
    // Two deliveries of the tenant that failed for good.
    f.db.exec(
        QStringLiteral(
            "INSERT INTO outbound_queue (tenant_id, delivery_type, destination_url, status, "
            "attempt_count, max_attempts, idempotency_key) SELECT %1, 'webhook', "
            "'https://hooks.example/x', 'failed', 5, 5, 'test-failed-' || g FROM generate_series(1, 2) g")
            .arg(test::quoted(f.tenant)));

    const CycleResult first = f.cycle();
    REQUIRE(first.ran);
    const QStringList types = {QStringLiteral("sla_breach"),         QStringLiteral("sla_at_risk"),
                               QStringLiteral("critical_complaint"), QStringLiteral("high_workload"),
                               QStringLiteral("error_rate"),         QStringLiteral("pipeline_stale"),
                               QStringLiteral("outbound_failures")};
    for (const QString& type : types) {
        INFO(type.toStdString());
        CHECK(first.ruleCount(type, QStringLiteral("created")) == 1);
        CHECK(f.unresolved(type) == 1);
    }
    CHECK(first.total(QStringLiteral("created")) == 7);

    const CycleResult second = f.cycle();
    REQUIRE(second.ran);
    CHECK(second.cycle == first.cycle + 1);
    CHECK(second.total(QStringLiteral("created")) == 0);
    CHECK(second.total(QStringLiteral("resolved")) == 0);
    CHECK(second.total(QStringLiteral("candidates")) == 7);
    for (const QString& type : types) {
        INFO(type.toStdString());
        CHECK(f.unresolved(type) == 1);
    }

    // Keys name the rule and the resource; outbound failures share outbound_complete's key.
    CHECK(f.text(QStringLiteral("SELECT dedupe_key FROM alerts WHERE alert_type = 'sla_breach'")) ==
          QStringLiteral("sla_breach:complaint:") + breached);
    CHECK(f.text(QStringLiteral("SELECT dedupe_key FROM alerts WHERE alert_type = 'sla_at_risk'")) ==
          QStringLiteral("sla_at_risk:complaint:") + atRisk);
    CHECK(f.text(QStringLiteral("SELECT dedupe_key FROM alerts WHERE alert_type = 'critical_complaint'")) ==
          QStringLiteral("critical_complaint:complaint:") + critical);
    CHECK(f.text(QStringLiteral("SELECT dedupe_key FROM alerts WHERE alert_type = 'outbound_failures'")) ==
          QStringLiteral("outbound_failures:") + f.tenant);
    CHECK(f.text(QStringLiteral("SELECT dedupe_key FROM alerts WHERE alert_type = 'error_rate'")) ==
          QStringLiteral("error_rate:tenant:") + f.tenant);
    // Assignment per alert_config.assign_to.
    CHECK(f.text(QStringLiteral("SELECT assigned_to_staff_id FROM alerts WHERE alert_type = 'sla_breach'")) ==
          busyId);
    CHECK(f.text(QStringLiteral("SELECT is_broadcast FROM alerts WHERE alert_type = 'sla_at_risk'")) ==
          QStringLiteral("true"));
    CHECK(f.text(QStringLiteral(
              "SELECT is_broadcast::text || coalesce(assigned_to_staff_id::text, '-') || "
              "(alert_metadata ->> 'audience') FROM alerts WHERE alert_type = 'high_workload'")) ==
          QStringLiteral("false-managers"));
    CHECK(f.text(QStringLiteral("SELECT resource_id FROM alerts WHERE alert_type = 'high_workload'")) ==
          busyId);
    // The cycle is engine bookkeeping: not in the row audit.
    CHECK(f.number(
              QStringLiteral("SELECT count(*) FROM audit_log WHERE table_name IN ('alerts', 'alert_rules') "
                             "AND staff_login = %1")
                  .arg(test::quoted(f.engineStaff.login))) == 0);
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM alert_rules WHERE last_evaluated_at IS NULL")) == 0);
    CHECK(f.number(QStringLiteral("SELECT cycles FROM alert_evaluator_state")) == 2);
}

TEST_CASE("An alert whose condition cleared is resolved, and says why", "[alerts]")
{
    test::AlertFixture f;
    const QString breached = f.complaint(QStringLiteral("complaint"), QStringLiteral("medium"), 180);
    const QString atRisk = f.complaint(QStringLiteral("complaint"), QStringLiteral("medium"), 90);
    REQUIRE(f.cycle().total(QStringLiteral("created")) == 2);
    const QString breachAlert = f.unresolvedId(QStringLiteral("sla_breach"));
    const QString riskAlert = f.unresolvedId(QStringLiteral("sla_at_risk"));

    // The breached complaint is answered; the at-risk one is now past its response time.
    f.db.exec(QStringLiteral(
                  "UPDATE complaints SET status = 'resolved', resolved_at = now(), resolution = 'refunded' "
                  "WHERE id = %1;"
                  "UPDATE complaints SET created_at = now() - interval '150 minutes' WHERE id = %2")
                  .arg(test::quoted(breached), test::quoted(atRisk)));
    const CycleResult r = f.cycle();
    CHECK(r.ruleCount(QStringLiteral("sla_breach"), QStringLiteral("resolved")) == 1);
    CHECK(r.ruleCount(QStringLiteral("sla_breach"), QStringLiteral("created")) == 1);
    CHECK(r.ruleCount(QStringLiteral("sla_at_risk"), QStringLiteral("resolved")) == 1);
    CHECK(f.text(QStringLiteral("SELECT status FROM alerts WHERE id = %1").arg(test::quoted(breachAlert))) ==
          QStringLiteral("resolved"));
    CHECK(f.metadata(breachAlert, QStringLiteral("resolution")) == QStringLiteral("condition cleared"));
    CHECK(f.metadata(breachAlert, QStringLiteral("resolved_by")) == QStringLiteral("evaluator"));
    CHECK(f.metadata(riskAlert, QStringLiteral("superseded_by")) == QStringLiteral("sla_breach"));
    CHECK(f.text(QStringLiteral(
              "SELECT resource_id FROM alerts WHERE alert_type = 'sla_breach' AND status = 'open'")) ==
          atRisk);

    // A disabled rule leaves no alert open behind it.
    f.db.exec(QStringLiteral("UPDATE alert_rules SET is_enabled = false WHERE rule_type = 'sla_breach'"));
    const CycleResult off = f.cycle();
    CHECK(off.ruleCount(QStringLiteral("sla_breach"), QStringLiteral("resolved")) == 1);
    CHECK(f.unresolved(QStringLiteral("sla_breach")) == 0);
    CHECK(f.number(QStringLiteral(
              "SELECT count(*) FROM alerts WHERE alert_metadata ->> 'resolution' = 'rule disabled'")) == 1);
}

TEST_CASE("Two alert evaluators at once run one cycle, and a cycle that is not due does not run", "[alerts]")
{
    test::AlertFixture f;
    f.complaint(QStringLiteral("complaint"), QStringLiteral("critical"), 10);
    const auto second = f.db.createStaff(QStringLiteral("super_admin"), QStringLiteral("Sol Second"),
                                         QStringLiteral("engine2"));
    {
        db::Connection c(second.profile, second.password, QStringLiteral("engine2-beat"));
        engine::writeHeartbeat(c, engine::HeartbeatInfo::forThisProcess(QStringLiteral("console"), {}));
    }
    const QString secondEngine =
        f.text(QStringLiteral("SELECT engine_id FROM worker_heartbeats WHERE db_login = %1")
                   .arg(test::quoted(second.login)));

    struct Caller
    {
        test::TestDatabase::Staff staff;
        QString engineId;
        CycleResult result;
        QString error;
    };
    Caller callers[2] = {{f.engineStaff, f.beat.engineId, {}, {}}, {second, secondEngine, {}, {}}};
    std::latch ready(2);
    std::vector<std::thread> threads;
    for (Caller& caller : callers) {
        threads.emplace_back([&caller, &ready] {
            try {
                db::Connection c(caller.staff.profile, caller.staff.password,
                                 QStringLiteral("concurrent-") + caller.staff.login);
                c.ensureOpen();
                ready.arrive_and_wait(); // both connected: call at the same moment
                caller.result = AlertRepository::evaluate(c, caller.engineId, false);
            } catch (const db::DbError& e) {
                caller.error = e.text();
            }
        });
    }
    for (auto& t : threads)
        t.join();
    for (const Caller& caller : callers) {
        INFO(caller.error.toStdString());
        REQUIRE(caller.error.isEmpty());
    }
    CHECK(int(callers[0].result.ran) + int(callers[1].result.ran) == 1);
    const CycleResult& other = callers[0].result.ran ? callers[1].result : callers[0].result;
    CHECK((other.reason == QStringLiteral("busy") || other.reason == QStringLiteral("not_due")));
    CHECK(f.number(QStringLiteral("SELECT cycles FROM alert_evaluator_state")) == 1);
    CHECK(f.unresolved(QStringLiteral("critical_complaint")) == 1);

    // Within the interval nobody runs one, unless forced.
    const CycleResult again = f.cycle(false);
    CHECK_FALSE(again.ran);
    CHECK(again.reason == QStringLiteral("not_due"));
    CHECK(again.nextDueAt.isValid());
    CHECK(f.cycle(true).ran);

    // While another evaluator holds the cycle, even a forced call does not run.
    f.db.exec(QStringLiteral("SELECT pg_advisory_lock(7310040013)"));
    const CycleResult held = f.cycle(true);
    f.db.exec(QStringLiteral("SELECT pg_advisory_unlock(7310040013)"));
    CHECK_FALSE(held.ran);
    CHECK(held.reason == QStringLiteral("busy"));
    CHECK(f.number(QStringLiteral("SELECT cycles FROM alert_evaluator_state")) == 2);
}

TEST_CASE("A flapping alert stops notifying until it is stable again", "[alerts]")
{
    test::AlertFixture f;
    const auto ops = f.db.createStaff(QStringLiteral("manager"), QStringLiteral("Opal Ops"));
    f.systemConnection(QStringLiteral("email"));
    f.db.exec(QStringLiteral("INSERT INTO alert_subscriptions (staff_id, alert_type, delivery_channels) "
                             "VALUES (%1, 'critical_complaint', '{in_app,email}')")
                  .arg(test::quoted(f.staffId(ops))));
    f.setRule(QStringLiteral("critical_complaint"), QStringLiteral("alert_config"),
              QStringLiteral(R"({"flap_transitions": 3, "flap_window_minutes": 60})"));
    const QString complaint = f.complaint(QStringLiteral("complaint"), QStringLiteral("critical"), 5);
    auto setPriority = [&](const char* p) {
        f.db.exec(QStringLiteral("UPDATE complaints SET priority = '%1' WHERE id = %2")
                      .arg(QLatin1String(p), test::quoted(complaint)));
    };
    auto queued = [&] {
        return f.number(
            QStringLiteral("SELECT count(*) FROM outbound_queue WHERE idempotency_key LIKE 'alert:%'"));
    };
    auto ruleFlapping = [&] {
        return f.text(QStringLiteral(
                   "SELECT is_flapping FROM alert_rules WHERE rule_type = 'critical_complaint'")) ==
               QStringLiteral("true");
    };

    CHECK(f.cycle().ruleCount(QStringLiteral("critical_complaint"), QStringLiteral("notified")) ==
          1); // opened: 1
    CHECK(queued() == 1);
    setPriority("high");
    f.cycle(); // resolved: 2
    setPriority("critical");
    f.cycle(); // opened: 3, not more than 3
    CHECK(queued() == 2);
    CHECK_FALSE(ruleFlapping());
    setPriority("high");
    f.cycle(); // resolved: 4
    CHECK(ruleFlapping());
    setPriority("critical");
    const CycleResult flapping = f.cycle(); // opened: 5
    CHECK(flapping.ruleCount(QStringLiteral("critical_complaint"), QStringLiteral("suppressed")) == 1);
    CHECK(flapping.ruleCount(QStringLiteral("critical_complaint"), QStringLiteral("notified")) == 0);
    CHECK(queued() == 2);
    const QString open = f.unresolvedId(QStringLiteral("critical_complaint"));
    CHECK(f.metadata(open, QStringLiteral("flapping")) == QStringLiteral("true"));
    CHECK(f.metadata(open, QStringLiteral("notified_at")).isEmpty());

    // The earlier flips leave the window (moved back in time): stable, and the open alert notifies once.
    f.db.exec(QStringLiteral("UPDATE alerts SET created_at = created_at - interval '2 hours', "
                             "resolved_at = resolved_at - interval '2 hours' WHERE status = 'resolved'"));
    const CycleResult stable = f.cycle();
    CHECK(stable.ruleCount(QStringLiteral("critical_complaint"), QStringLiteral("flapping")) == 0);
    CHECK_FALSE(ruleFlapping());
    CHECK(f.metadata(open, QStringLiteral("flapping")) == QStringLiteral("false"));
    CHECK_FALSE(f.metadata(open, QStringLiteral("notified_at")).isEmpty());
    CHECK(queued() == 3);
    f.cycle();
    CHECK(queued() == 3);
}

TEST_CASE("Subscriptions become email and SMS items on the outbound queue, or the alert says why not",
          "[alerts]")
{
    test::AlertFixture f;
    const auto mia = f.db.createStaff(QStringLiteral("manager"), QStringLiteral("Mia Manager"));
    const auto al = f.db.createStaff(QStringLiteral("agent"), QStringLiteral("Al Agent"));
    const auto ana =
        f.db.createStaff(QStringLiteral("analyst"), QStringLiteral("Ana Analyst")); // no ops.alerts.view
    const QString miaId = f.staffId(mia), alId = f.staffId(al), anaId = f.staffId(ana);
    f.db.exec(
        QStringLiteral(
            "UPDATE staff SET mobile = '+64 21 555 0142' WHERE id = %1;"
            "INSERT INTO alert_subscriptions (staff_id, alert_type, delivery_channels) VALUES "
            "(%1, 'critical_complaint', '{in_app,email,sms}'), (%2, 'critical_complaint', '{in_app,sms}'), "
            "(%3, 'critical_complaint', '{in_app,email}')")
            .arg(test::quoted(miaId), test::quoted(alId), test::quoted(anaId)));

    // No system connection yet: nothing is queued, and the alert lists what was not delivered.
    f.complaint(QStringLiteral("complaint"), QStringLiteral("critical"), 5);
    const CycleResult none = f.cycle();
    CHECK(none.ruleCount(QStringLiteral("critical_complaint"), QStringLiteral("enqueued")) == 0);
    CHECK(none.ruleCount(QStringLiteral("critical_complaint"), QStringLiteral("undelivered")) == 3);
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM outbound_queue")) == 0);
    const QString first = f.unresolvedId(QStringLiteral("critical_complaint"));
    CHECK(f.number(
              QStringLiteral(
                  "SELECT count(*) FROM alerts a, jsonb_array_elements(a.alert_metadata -> 'undelivered') u "
                  "WHERE a.id = %1 AND u ->> 'reason' = 'no enabled system email connection' "
                  "AND u ->> 'staff_id' = %2")
                  .arg(test::quoted(first), test::quoted(miaId))) == 1);
    CHECK(f.number(
              QStringLiteral(
                  "SELECT count(*) FROM alerts a, jsonb_array_elements(a.alert_metadata -> 'undelivered') u "
                  "WHERE a.id = %1 AND u ->> 'channel' = 'sms' AND u ->> 'staff_id' = %2")
                  .arg(test::quoted(first), test::quoted(alId))) == 1);

    // With the company's own connections: one item per subscriber and channel, to their address.
    const QString email = f.systemConnection(QStringLiteral("email"));
    const QString sms = f.systemConnection(QStringLiteral("sms"));
    f.complaint(QStringLiteral("complaint"), QStringLiteral("critical"), 5);
    const CycleResult sent = f.cycle();
    CHECK(sent.ruleCount(QStringLiteral("critical_complaint"), QStringLiteral("created")) == 1);
    CHECK(sent.ruleCount(QStringLiteral("critical_complaint"), QStringLiteral("enqueued")) == 2);
    // Al has no mobile number.
    CHECK(sent.ruleCount(QStringLiteral("critical_complaint"), QStringLiteral("undelivered")) == 1);
    const QString second =
        f.text(QStringLiteral("SELECT id FROM alerts WHERE alert_type = 'critical_complaint' AND id <> %1")
                   .arg(test::quoted(first)));
    QSqlQuery q = f.db.admin().execRaw(
        QStringLiteral(
            "SELECT idempotency_key, delivery_type, connection_id, destination_email, destination_phone, "
            "tenant_id IS NULL, payload ->> 'alert_id' FROM outbound_queue ORDER BY delivery_type"),
        {});
    REQUIRE(q.next());
    CHECK(q.value(0).toString() == QStringLiteral("alert:%1:%2:email").arg(second, miaId));
    CHECK(q.value(1).toString() == QStringLiteral("email"));
    CHECK(q.value(2).toString() == email);
    CHECK(q.value(3).toString() == mia.login + QStringLiteral("@test.example"));
    CHECK(q.value(5).toBool());
    CHECK(q.value(6).toString() == second);
    REQUIRE(q.next());
    CHECK(q.value(0).toString() == QStringLiteral("alert:%1:%2:sms").arg(second, miaId));
    CHECK(q.value(2).toString() == sms);
    CHECK(q.value(4).toString() == QStringLiteral("+64 21 555 0142"));
    CHECK_FALSE(q.next()); // nothing for the analyst (no ops.alerts.view), nothing twice
    q.finish();
    CHECK(f.metadata(second, QStringLiteral("queued_messages")) == QStringLiteral("2"));

    // Notified once: later cycles queue nothing more.
    f.cycle();
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM outbound_queue")) == 2);
}

TEST_CASE(
    "The alert evaluator engine runs on its own thread, survives a dropped connection and stops cleanly",
    "[alerts]")
{
    test::AlertFixture f;
    f.complaint(QStringLiteral("complaint"), QStringLiteral("critical"), 5);
    alerts::AlertEvaluator evaluator(f.engineStaff.profile, f.engineStaff.password, f.beat.engineId);
    evaluator.setTickInterval(100);
    QSignalSpy ran(&evaluator, &alerts::AlertEvaluator::cycleRan);
    QSignalSpy ticks(&evaluator, &alerts::AlertEvaluator::tickFinished);
    QSignalSpy failed(&evaluator, &alerts::AlertEvaluator::failed);
    evaluator.start();
    REQUIRE(test::waitFor([&] { return ran.count() == 1; }, 20000));
    CHECK(f.unresolved(QStringLiteral("critical_complaint")) == 1);
    REQUIRE(test::waitFor([&] { return ticks.count() >= 2; }, 20000));
    CHECK(evaluator.lastReport().ok);
    CHECK(evaluator.lastReport().result.reason == QStringLiteral("not_due"));

    // The server drops the engine's connection (as in a restart): reported, then reopened.
    const QString byApp = QStringLiteral("usename = %1 AND application_name LIKE '%alert evaluator'")
                              .arg(test::quoted(f.engineStaff.login));
    REQUIRE(f.number(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE ") + byApp) == 1);
    f.db.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ") + byApp);
    REQUIRE(test::waitFor([&] { return failed.count() >= 1; }, 20000));
    const int before = int(ticks.count());
    REQUIRE(test::waitFor([&] { return ticks.count() > before && evaluator.lastReport().ok; }, 30000));
    evaluator.evaluateNow();
    REQUIRE(test::waitFor([&] { return ran.count() == 2; }, 20000));
    CHECK(ran.last().at(0).value<CycleResult>().forced);

    // The caller's heartbeat carries the engine's counts.
    evaluator.applyTo(f.beat);
    CHECK(f.beat.engines.contains(QStringLiteral("alerts")));
    CHECK(f.beat.lastCycleAt.isValid());
    engine::writeHeartbeat(*f.engine, f.beat);
    CHECK(f.number(QStringLiteral(
                       "SELECT (counts ->> 'alerts_cycles')::int FROM worker_heartbeats WHERE engine_id = %1")
                       .arg(test::quoted(f.beat.engineId))) == 2);
    CHECK(
        f.number(QStringLiteral(
                     "SELECT (counts ->> 'alerts_created')::int FROM worker_heartbeats WHERE engine_id = %1")
                     .arg(test::quoted(f.beat.engineId))) == 1);

    evaluator.stop();
    CHECK_FALSE(evaluator.isRunning());
    CHECK(test::waitFor(
        [&] { return f.number(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE ") + byApp) == 0; },
        10000));
}
