#include "AlertRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace opsdeck::alerts {
namespace {

int scalarInt(db::Connection& c, const QString& sql, const QVariantList& values, const QString& context)
{
    QSqlQuery& q = c.runWithPrimaryMessage(sql, values, context);
    const int n = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return n;
}

QDateTime timestamp(const QVariant& v)
{
    return v.isNull() ? QDateTime() : v.toDateTime();
}

QJsonObject jsonObject(const QVariant& v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

QString jsonText(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

// A uuid[] literal for a bound parameter; refuses anything that is not a UUID (nothing is sent).
QString uuidArray(const QStringList& ids, const QString& context)
{
    QStringList clean;
    for (const QString& id : ids) {
        const QUuid u = QUuid::fromString(id);
        if (u.isNull())
            throw db::DbError{db::DbError::Kind::Query, QStringLiteral("\"%1\" is not an alert id").arg(id),
                              QStringLiteral("22P02"), context};
        clean << u.toString(QUuid::WithoutBraces);
    }
    return QLatin1Char('{') + clean.join(QLatin1Char(',')) + QLatin1Char('}');
}

QStringList splitList(const QVariant& v)
{
    return v.toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
}

} // namespace

QList<AlertRule> AlertRepository::rules(db::Connection& c)
{
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral("SELECT id, rule_name, rule_type, description, is_enabled, conditions::text, "
                       "alert_config::text, is_flapping, last_evaluated_at "
                       "FROM alert_rules ORDER BY rule_name"),
        {}, QStringLiteral("loading alert rules"));
    QList<AlertRule> list;
    while (q.next()) {
        AlertRule r;
        r.id = q.value(0).toString();
        r.name = q.value(1).toString();
        r.type = q.value(2).toString();
        r.description = q.value(3).toString();
        r.enabled = q.value(4).toBool();
        r.conditions = jsonObject(q.value(5));
        r.config = jsonObject(q.value(6));
        r.flapping = q.value(7).toBool();
        r.lastEvaluatedAt = timestamp(q.value(8));
        list << r;
    }
    q.finish();
    return list;
}

void AlertRepository::saveRule(db::Connection& c, const QString& ruleId, bool enabled,
                               const QJsonObject& conditions, const QJsonObject& config)
{
    const QString context = QStringLiteral("saving the alert rule");
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral("SELECT alert_rule_save(?::uuid, ?, ?::jsonb, ?::jsonb)"),
        {ruleId, enabled, conditions.isEmpty() ? nullText() : QVariant(jsonText(conditions)),
         config.isEmpty() ? nullText() : QVariant(jsonText(config))},
        context);
    q.finish();
}

QList<AlertSubscription> AlertRepository::mySubscriptions(db::Connection& c)
{
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral(
            "SELECT r.rule_type, coalesce(s.is_enabled, true), "
            "coalesce(array_to_string(s.delivery_channels, ','), 'in_app'), s.id IS NOT NULL "
            "FROM alert_rules r "
            "LEFT JOIN alert_subscriptions s ON s.alert_type = r.rule_type AND s.staff_id = my_staff_id() "
            "ORDER BY r.rule_name"),
        {}, QStringLiteral("loading your alert subscriptions"));
    QList<AlertSubscription> list;
    while (q.next())
        list << AlertSubscription{q.value(0).toString(), q.value(1).toBool(), splitList(q.value(2)),
                                  q.value(3).toBool()};
    q.finish();
    return list;
}

void AlertRepository::saveMySubscription(db::Connection& c, const AlertSubscription& s)
{
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral(
            "INSERT INTO alert_subscriptions (staff_id, alert_type, is_enabled, delivery_channels) "
            "VALUES (my_staff_id(), ?, ?, string_to_array(?, ',')) "
            "ON CONFLICT (staff_id, alert_type) DO UPDATE "
            "SET is_enabled = excluded.is_enabled, delivery_channels = excluded.delivery_channels"),
        {s.alertType, s.enabled, s.channels.join(QLatin1Char(','))},
        QStringLiteral("saving your subscription of %1 alerts").arg(typeDisplayName(s.alertType)));
    q.finish();
}

EvaluatorState AlertRepository::evaluatorState(db::Connection& c)
{
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral("SELECT cycles, last_started_at, last_finished_at, last_engine "
                       "FROM alert_evaluator_state"),
        {}, QStringLiteral("loading the evaluator's state"));
    EvaluatorState s;
    if (q.next()) {
        s.cycles = q.value(0).toLongLong();
        s.lastStartedAt = timestamp(q.value(1));
        s.lastFinishedAt = timestamp(q.value(2));
        s.lastEngine = q.value(3).toString();
    }
    q.finish();
    return s;
}

int AlertRepository::unreadCount(db::Connection& c)
{
    return scalarInt(c, QStringLiteral("SELECT my_unread_alert_count()"), {},
                     QStringLiteral("counting unread alerts"));
}

QList<FeedAlert> AlertRepository::feed(db::Connection& c, bool unreadOnly, int maxRows)
{
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral("SELECT id, alert_type, severity, title, message, tenant_id, resource_type, "
                       "resource_id, status, audience, assigned_to_me, flapping, created_at, read_at "
                       "FROM alert_feed(?, ?)"),
        {unreadOnly, maxRows}, QStringLiteral("loading your alerts"));
    QList<FeedAlert> list;
    while (q.next()) {
        FeedAlert a;
        a.id = q.value(0).toString();
        a.type = q.value(1).toString();
        a.severity = q.value(2).toString();
        a.title = q.value(3).toString();
        a.message = q.value(4).toString();
        a.tenantId = q.value(5).toString();
        a.resourceType = q.value(6).toString();
        a.resourceId = q.value(7).toString();
        a.status = q.value(8).toString();
        a.audience = q.value(9).toString();
        a.assignedToMe = q.value(10).toBool();
        a.flapping = q.value(11).toBool();
        a.createdAt = timestamp(q.value(12));
        a.readAt = timestamp(q.value(13));
        list << a;
    }
    q.finish();
    return list;
}

int AlertRepository::acknowledge(db::Connection& c, const QStringList& ids)
{
    const QString context = QStringLiteral("acknowledging alerts");
    return scalarInt(c, QStringLiteral("SELECT alert_acknowledge(?::uuid[])"), {uuidArray(ids, context)},
                     context);
}

int AlertRepository::resolve(db::Connection& c, const QStringList& ids, const QString& note)
{
    const QString context = QStringLiteral("resolving alerts");
    return scalarInt(c, QStringLiteral("SELECT alert_resolve(?::uuid[], ?)"), {uuidArray(ids, context), note},
                     context);
}

int AlertRepository::markRead(db::Connection& c, const QStringList& ids)
{
    const QString context = QStringLiteral("marking alerts read");
    return scalarInt(c, QStringLiteral("SELECT alert_mark_read(?::uuid[])"), {uuidArray(ids, context)},
                     context);
}

int AlertRepository::dismiss(db::Connection& c, const QStringList& ids)
{
    const QString context = QStringLiteral("dismissing alerts");
    return scalarInt(c, QStringLiteral("SELECT alert_dismiss(?::uuid[])"), {uuidArray(ids, context)},
                     context);
}

QList<FeedItem> AlertRepository::feedFiltered(db::Connection& c, const FeedFilter& f)
{
    auto textOrNull = [](const QString& v) {
        return v.isEmpty() ? nullText() : QVariant(v);
    };
    // A text[] literal; the database refuses anything but the three severities (22023).
    QStringList quoted;
    for (const QString& s : f.severities)
        quoted << QLatin1Char('"') + QString(s).remove(QLatin1Char('"')).remove(QLatin1Char('\\')) +
                      QLatin1Char('"');
    const QVariant severities =
        f.severities.isEmpty()
            ? nullText()
            : QVariant(QLatin1Char('{') + quoted.join(QLatin1Char(',')) + QLatin1Char('}'));
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral(
            "SELECT id, alert_type, severity, title, message, tenant_id, tenant_name, resource_type, "
            "resource_id, status, audience, assigned_to_me, flapping, created_at, acknowledged_at, "
            "acknowledged_by_name, read_at, dismissed_at, snoozed_until "
            "FROM alert_feed_filtered(?::text[], ?::uuid, ?, ?, ?)"),
        {severities, textOrNull(f.tenantId), textOrNull(f.type), textOrNull(f.state), f.maxRows},
        QStringLiteral("loading the alerts feed"));
    QList<FeedItem> list;
    while (q.next()) {
        FeedItem a;
        a.id = q.value(0).toString();
        a.type = q.value(1).toString();
        a.severity = q.value(2).toString();
        a.title = q.value(3).toString();
        a.message = q.value(4).toString();
        a.tenantId = q.value(5).toString();
        a.tenantName = q.value(6).toString();
        a.resourceType = q.value(7).toString();
        a.resourceId = q.value(8).toString();
        a.status = q.value(9).toString();
        a.audience = q.value(10).toString();
        a.assignedToMe = q.value(11).toBool();
        a.flapping = q.value(12).toBool();
        a.createdAt = timestamp(q.value(13));
        a.acknowledgedAt = timestamp(q.value(14));
        a.acknowledgedByName = q.value(15).toString();
        a.readAt = timestamp(q.value(16));
        a.dismissedAt = timestamp(q.value(17));
        a.snoozedUntil = timestamp(q.value(18));
        list << a;
    }
    q.finish();
    return list;
}

int AlertRepository::snooze(db::Connection& c, const QStringList& ids, const QDateTime& until)
{
    const QString context =
        until.isValid() ? QStringLiteral("snoozing alerts") : QStringLiteral("ending a snooze");
    return scalarInt(c, QStringLiteral("SELECT alert_snooze(?::uuid[], ?::timestamptz)"),
                     {uuidArray(ids, context),
                      until.isValid() ? QVariant(until.toUTC().toString(Qt::ISODateWithMs)) : nullText()},
                     context);
}

QDateTime AlertRepository::nextSnoozeEnd(db::Connection& c)
{
    QSqlQuery& q = c.runWithPrimaryMessage(QStringLiteral("SELECT alert_next_snooze_end()"), {},
                                           QStringLiteral("loading your snoozed alerts"));
    const QDateTime end = q.next() ? timestamp(q.value(0)) : QDateTime();
    q.finish();
    return end;
}

CycleResult AlertRepository::evaluate(db::Connection& c, const QString& engineId, bool force)
{
    QSqlQuery& q = c.runWithPrimaryMessage(QStringLiteral("SELECT alerts_evaluate(?, ?)::text"),
                                           {engineId, force}, QStringLiteral("evaluating alert rules"));
    const QJsonObject json = q.next() ? jsonObject(q.value(0)) : QJsonObject();
    q.finish();
    return CycleResult::fromJson(json);
}

} // namespace opsdeck::alerts
