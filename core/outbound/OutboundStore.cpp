#include "OutboundStore.h"

#include "db/Connection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace opsdeck::outbound {

namespace {

int intOf(const QJsonObject& json, const char* key, int fallback)
{
    const QJsonValue v = json.value(QLatin1String(key));
    return v.isDouble() ? v.toInt(fallback) : fallback;
}

// A text[]/uuid[] literal for a list of uuids (they need no quoting).
QString arrayLiteral(const QStringList& values)
{
    return QLatin1Char('{') + values.join(QLatin1Char(',')) + QLatin1Char('}');
}

// The first column of the single row a function call returns (0 when none), the query finished.
int firstInt(QSqlQuery& q)
{
    const int n = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return n;
}

QString timestamp(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

EngineSettings EngineSettings::fromJson(const QJsonObject& json)
{
    EngineSettings s;
    s.batchSize = intOf(json, "outbound.batch_size", s.batchSize);
    s.leaseSeconds = intOf(json, "outbound.lease_seconds", s.leaseSeconds);
    s.engineStaleSeconds = intOf(json, "outbound.engine_stale_seconds", s.engineStaleSeconds);
    s.backoffCapSeconds = intOf(json, "outbound.backoff_cap_seconds", s.backoffCapSeconds);
    s.retentionDays = intOf(json, "outbound.retention_days", s.retentionDays);
    s.hostConcurrency = intOf(json, "outbound.host_concurrency", s.hostConcurrency);
    s.breakerFailures = intOf(json, "outbound.breaker_failures", s.breakerFailures);
    s.breakerCooldownSeconds = intOf(json, "outbound.breaker_cooldown_seconds", s.breakerCooldownSeconds);
    s.evaluationIntervalMinutes =
        intOf(json, "alerts.evaluation_interval_minutes", s.evaluationIntervalMinutes);
    s.outboundPaused = json.value(QStringLiteral("outbound_paused")).toBool(false);
    return s;
}

EngineSettings OutboundStore::settings()
{
    QSqlQuery& q = m_connection.run(QStringLiteral("SELECT engine_settings()::text"), {},
                                    QStringLiteral("reading the engine settings"));
    const QByteArray text = q.next() ? q.value(0).toString().toUtf8() : QByteArray();
    q.finish();
    return EngineSettings::fromJson(QJsonDocument::fromJson(text).object());
}

QList<ClaimedItem> OutboundStore::claim(const QString& engineId, const QStringList& servedConnections,
                                        int maxItems)
{
    QSqlQuery& q = m_connection.run(
        QStringLiteral(
            "SELECT id, idempotency_key, delivery_type, attempt, destination_url, destination_email, "
            "destination_phone, payload, connection_id, connection_config::text, tenant_id "
            "FROM outbound_claim(?, ?::uuid[], ?)"),
        {engineId, arrayLiteral(servedConnections), maxItems}, QStringLiteral("claiming outbound items"));
    QList<ClaimedItem> items;
    while (q.next()) {
        ClaimedItem item;
        DeliveryRequest& r = item.request;
        r.itemId = q.value(0).toString();
        r.idempotencyKey = q.value(1).toString();
        r.deliveryType = q.value(2).toString();
        r.attempt = q.value(3).toInt();
        r.destinationUrl = q.value(4).toString();
        r.destinationEmail = q.value(5).toString();
        r.destinationPhone = q.value(6).toString();
        r.payload = q.value(7).toString().toUtf8();
        item.connectionId = q.value(8).toString();
        r.connectionConfig = QJsonDocument::fromJson(q.value(9).toString().toUtf8()).object();
        item.tenantId = q.value(10).toString();
        items.append(std::move(item));
    }
    q.finish();
    return items;
}

QByteArray OutboundStore::resultsJson(const QList<CompletedAttempt>& results)
{
    QJsonArray array;
    for (const CompletedAttempt& c : results) {
        const DeliveryResult& r = c.result;
        QJsonObject o{{QStringLiteral("id"), r.itemId},
                      {QStringLiteral("attempt"), r.attempt},
                      {QStringLiteral("outcome"), outcomeName(r.outcome)},
                      {QStringLiteral("latency_ms"), qint64(r.latencyMs)},
                      {QStringLiteral("retry_in_s"), qint64(c.retryInSeconds)}};
        if (r.statusCode > 0)
            o.insert(QStringLiteral("status_code"), r.statusCode);
        if (!r.error.isEmpty())
            o.insert(QStringLiteral("error"), r.error);
        if (r.startedAt.isValid())
            o.insert(QStringLiteral("started_at"), timestamp(r.startedAt));
        if (r.finishedAt.isValid())
            o.insert(QStringLiteral("finished_at"), timestamp(r.finishedAt));
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

int OutboundStore::complete(const QString& engineId, const QList<CompletedAttempt>& results)
{
    if (results.isEmpty())
        return 0;
    QSqlQuery& q = m_connection.run(QStringLiteral("SELECT outbound_complete(?, ?::jsonb)"),
                                    {engineId, QString::fromUtf8(resultsJson(results))},
                                    QStringLiteral("recording delivery results"));
    return firstInt(q);
}

int OutboundStore::release(const QString& engineId, const QStringList& itemIds, int delaySeconds)
{
    if (itemIds.isEmpty())
        return 0;
    QSqlQuery& q = m_connection.run(QStringLiteral("SELECT outbound_release(?, ?::uuid[], ?)"),
                                    {engineId, arrayLiteral(itemIds), delaySeconds},
                                    QStringLiteral("giving outbound items back"));
    return firstInt(q);
}

int OutboundStore::sweep()
{
    return firstInt(m_connection.run(QStringLiteral("SELECT outbound_sweep()"), {},
                                     QStringLiteral("returning lost items")));
}

int OutboundStore::prune(int batchSize)
{
    return firstInt(m_connection.run(QStringLiteral("SELECT outbound_prune(?)"), {batchSize},
                                     QStringLiteral("pruning old outbound items")));
}

} // namespace opsdeck::outbound
