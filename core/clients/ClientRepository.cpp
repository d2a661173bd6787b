#include "ClientRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace opsdeck::clients {
namespace {

std::optional<double> optionalDouble(const QVariant& v)
{
    return v.isNull() ? std::nullopt : std::optional<double>(v.toDouble());
}

QList<HealthReason> parseReasons(const QVariant& v)
{
    QList<HealthReason> list;
    const QJsonArray array = QJsonDocument::fromJson(v.toString().toUtf8()).array();
    for (const QJsonValue& item : array) {
        const QJsonObject o = item.toObject();
        HealthReason r;
        r.signal = o.value(QLatin1String("signal")).toString();
        r.level = healthFromText(o.value(QLatin1String("level")).toString());
        if (o.value(QLatin1String("value")).isDouble())
            r.value = o.value(QLatin1String("value")).toDouble();
        r.threshold = o.value(QLatin1String("threshold")).toDouble();
        r.unit = o.value(QLatin1String("unit")).toString();
        r.text = o.value(QLatin1String("text")).toString();
        list << r;
    }
    return list;
}

QList<double> parseNumbers(const QVariant& v)
{
    QList<double> list;
    for (const QString& part : v.toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
        list << part.toDouble();
    return list;
}

} // namespace

QList<ClientCard> ClientRepository::cards(db::Connection& c, const QString& tenantScope)
{
    const QString context = QStringLiteral("loading the client cards");
    QVariant scope(QMetaType(QMetaType::QString));
    if (!tenantScope.isEmpty()) {
        const QUuid u = QUuid::fromString(tenantScope);
        if (u.isNull())
            throw db::DbError{db::DbError::Kind::Query,
                              QStringLiteral("\"%1\" is not a tenant id").arg(tenantScope),
                              QStringLiteral("22P02"), context};
        scope = u.toString(QUuid::WithoutBraces);
    }
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral(
            "SELECT id, name, slug, logo, brand_color, status, currency, health, "
            "health_reasons::text, request_count, health_window_minutes, error_rate_percent, p95_ms, "
            "last_success_at, last_run_at, last_run_status, open_alerts, "
            "open_critical_alerts, revenue_this_week, revenue_last_week, "
            "array_to_string(revenue_daily, ',') "
            "FROM client_cards(?::uuid)"),
        {scope}, context);
    QList<ClientCard> list;
    while (q.next()) {
        ClientCard card;
        card.id = q.value(0).toString();
        card.name = q.value(1).toString();
        card.slug = q.value(2).toString();
        card.logo = q.value(3).toByteArray();
        card.brandColor = q.value(4).toString();
        card.status = q.value(5).toString();
        card.currency = q.value(6).toString();
        card.health = healthFromText(q.value(7).toString());
        card.reasons = parseReasons(q.value(8));
        card.requestCount = q.value(9).toLongLong();
        card.healthWindowMinutes = q.value(10).toInt();
        card.errorRatePercent = optionalDouble(q.value(11));
        if (!q.value(12).isNull())
            card.p95Ms = q.value(12).toInt();
        card.lastSuccessAt = q.value(13).isNull() ? QDateTime() : q.value(13).toDateTime();
        card.lastRunAt = q.value(14).isNull() ? QDateTime() : q.value(14).toDateTime();
        card.lastRunStatus = q.value(15).toString();
        card.openAlerts = q.value(16).toInt();
        card.openCriticalAlerts = q.value(17).toInt();
        card.hasRevenue = !q.value(18).isNull();
        if (card.hasRevenue) {
            card.revenueThisWeek = q.value(18).toDouble();
            card.revenueLastWeek = q.value(19).toDouble();
            card.revenueDaily = parseNumbers(q.value(20));
        }
        list << card;
    }
    q.finish();
    return list;
}

} // namespace opsdeck::clients
