#pragma once

// What the alert tests share (header only: tests/CMakeLists.txt globs the .cpp files): a migrated
// database with one tenant and an evaluator engine — an admin login (engines.run) with a live
// heartbeat — plus helpers for the rows the tests arrange.

#include "TestDatabase.h"
#include "alerts/AlertRepository.h"
#include "db/Connection.h"
#include "engine/Heartbeat.h"

#include <QString>
#include <memory>

namespace opsdeck::test {

inline QString quoted(const QString& s)
{
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

// A database with one tenant and an engine: an admin login (engines.run) with a live heartbeat.
struct AlertFixture
{
    TestDatabase db;
    TestDatabase::Staff engineStaff;
    std::unique_ptr<db::Connection> engine;
    engine::HeartbeatInfo beat;
    QString tenant;

    AlertFixture()
    {
        engineStaff =
            db.createStaff(QStringLiteral("admin"), QStringLiteral("Ada Engine"), QStringLiteral("engine"));
        engine = std::make_unique<db::Connection>(engineStaff.profile, engineStaff.password,
                                                  QStringLiteral("engine-") + db.name());
        beat = engine::HeartbeatInfo::forThisProcess(QStringLiteral("worker"), {QStringLiteral("alerts")});
        engine::writeHeartbeat(*engine, beat);
        tenant = text(QStringLiteral(
            "INSERT INTO tenants (name, slug) VALUES ('Acme Plumbing', 'acme-plumbing') RETURNING id"));
    }

    QString text(const QString& sql) { return db.scalar(sql).toString(); }
    int number(const QString& sql) { return db.scalar(sql).toInt(); }
    alerts::CycleResult cycle(bool force = true)
    {
        return alerts::AlertRepository::evaluate(*engine, beat.engineId, force);
    }

    QString staffId(const TestDatabase::Staff& s)
    {
        return text(QStringLiteral("SELECT id FROM staff WHERE login = %1").arg(quoted(s.login)));
    }

    // A complaint `minutesOld` old; kind complaint/refund, priority low … critical.
    QString complaint(const QString& kind, const QString& priority, int minutesOld,
                      const QString& assignee = {})
    {
        return text(
            QStringLiteral(
                "INSERT INTO complaints (tenant_id, kind, subject, priority, assigned_to, created_at, "
                "sla_due_at) VALUES (%1, %2, 'Test case', %3, %4, now() - %5 * interval '1 minute', "
                "now() - %5 * interval '1 minute' + interval '2 hours') RETURNING id")
                .arg(quoted(tenant), quoted(kind), quoted(priority),
                     assignee.isEmpty() ? QStringLiteral("NULL") : quoted(assignee))
                .arg(minutesOld));
    }

    int unresolved(const QString& type)
    {
        return number(
            QStringLiteral("SELECT count(*) FROM alerts WHERE alert_type = %1 AND status <> 'resolved'")
                .arg(quoted(type)));
    }
    QString unresolvedId(const QString& type)
    {
        return text(QStringLiteral("SELECT id FROM alerts WHERE alert_type = %1 AND status <> 'resolved'")
                        .arg(quoted(type)));
    }
    QString metadata(const QString& alertId, const QString& key)
    {
        return text(QStringLiteral("SELECT alert_metadata ->> %1 FROM alerts WHERE id = %2")
                        .arg(quoted(key), quoted(alertId)));
    }
    void setRule(const QString& type, const QString& column, const QString& json)
    {
        db.exec(QStringLiteral("UPDATE alert_rules SET %1 = %1 || %2::jsonb WHERE rule_type = %3")
                    .arg(column, quoted(json), quoted(type)));
    }
    QString systemConnection(const QString& type)
    {
        return text(QStringLiteral("INSERT INTO connections (tenant_id, app_name, app_slug, delivery_type) "
                                   "VALUES (NULL, 'Ops %1', 'ops-%1', %2) RETURNING id")
                        .arg(type, quoted(type)));
    }
};

// Runs `sql` as a staff login; the SQLSTATE it failed with, or empty on success.
inline QString failureOf(const TestDatabase::Staff& s, const QString& sql, QString* message = nullptr)
{
    db::Connection c(s.profile, s.password, QStringLiteral("refusal-") + s.login);
    try {
        c.execScript(sql, QString());
        return {};
    } catch (const db::DbError& e) {
        if (message)
            *message = e.message;
        return e.sqlState;
    }
}

} // namespace opsdeck::test
