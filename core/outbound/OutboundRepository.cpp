#include "OutboundRepository.h"

#include "db/Connection.h"
#include "db/DbError.h"

#include <QSqlQuery>
#include <QUuid>

namespace opsdeck::outbound {
namespace {

// The item columns, in itemFromRow()'s order; `v` is pii.outbound_queue_v, `t` tenants.
const QString kItemColumns = QStringLiteral(
    "v.id, v.created_at, v.tenant_id, coalesce(t.name, '') AS tenant_name, v.delivery_type, "
    "coalesce(v.destination, '') AS destination, v.connection_id, v.status, v.attempt_count, v.max_attempts, "
    "v.last_attempted_at, v.next_attempt_at, v.delivered_at, v.last_status_code, "
    "coalesce(v.error, '') AS error, coalesce(v.locked_by, '') AS locked_by, v.lease_until");
const QString kItemSource =
    QStringLiteral("FROM pii.outbound_queue_v v LEFT JOIN tenants t ON t.id = v.tenant_id");
constexpr int kItemColumnCount = 17;

QDateTime timestamp(const QVariant& v)
{
    return v.isNull() ? QDateTime() : v.toDateTime();
}

std::optional<int> optionalInt(const QVariant& v)
{
    return v.isNull() ? std::nullopt : std::optional<int>(v.toInt());
}

// '{id,id}' for a uuid[] parameter; anything that is not a uuid is refused before it is sent.
QString uuidArray(const QStringList& ids, const QString& context)
{
    QStringList clean;
    for (const QString& id : ids) {
        const QUuid u = QUuid::fromString(id);
        if (u.isNull())
            throw db::DbError{db::DbError::Kind::Constraint,
                              QStringLiteral("\"%1\" is not an outbound item id").arg(id),
                              {},
                              context};
        clean << u.toString(QUuid::WithoutBraces);
    }
    return QLatin1Char('{') + clean.join(QLatin1Char(',')) + QLatin1Char('}');
}

int callAction(db::Connection& c, const QString& sql, const QVariantList& values, const QString& context)
{
    QSqlQuery& q = c.runWithPrimaryMessage(sql, values, context);
    const int n = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return n;
}

} // namespace

QStringList OutboundRepository::statuses()
{
    return {QStringLiteral("pending"), QStringLiteral("sending"), QStringLiteral("delivered"),
            QStringLiteral("failed"), QStringLiteral("cancelled")};
}

QStringList OutboundRepository::deliveryTypes()
{
    return {QStringLiteral("webhook"), QStringLiteral("email"), QStringLiteral("sms")};
}

db::KeysetQuery OutboundRepository::listQuery(const OutboundFilter& f, int pageSize)
{
    db::KeysetQuery q;
    q.select = QStringLiteral("SELECT ") + kItemColumns + QLatin1Char(' ') + kItemSource;
    QStringList where;
    if (f.tenantId == kCompanyScope) {
        where << QStringLiteral("tenant_id IS NULL");
    } else if (!f.tenantId.isEmpty()) {
        where << QStringLiteral("tenant_id = ?::uuid");
        q.whereValues << f.tenantId;
    }
    if (!f.status.isEmpty()) {
        where << QStringLiteral("status = ?");
        q.whereValues << f.status;
    }
    if (!f.deliveryType.isEmpty()) {
        where << QStringLiteral("delivery_type = ?");
        q.whereValues << f.deliveryType;
    }
    q.where = where.join(QStringLiteral(" AND "));
    q.sortColumn = QStringLiteral("created_at");
    q.allowedSortColumns = {q.sortColumn};
    q.keyColumn = QStringLiteral("id");
    q.descending = true;
    q.pageSize = pageSize;
    return q;
}

OutboundItem OutboundRepository::itemFromRow(const QVariantList& row)
{
    OutboundItem i;
    if (row.size() < kItemColumnCount)
        return i;
    i.id = row.at(0).toString();
    i.createdAt = timestamp(row.at(1));
    i.tenantId = row.at(2).isNull() ? QString() : row.at(2).toString();
    i.tenantName = row.at(3).toString();
    i.deliveryType = row.at(4).toString();
    i.destination = row.at(5).toString();
    i.connectionId = row.at(6).isNull() ? QString() : row.at(6).toString();
    i.status = row.at(7).toString();
    i.attemptCount = row.at(8).toInt();
    i.maxAttempts = row.at(9).toInt();
    i.lastAttemptedAt = timestamp(row.at(10));
    i.nextAttemptAt = timestamp(row.at(11));
    i.deliveredAt = timestamp(row.at(12));
    i.lastStatusCode = optionalInt(row.at(13));
    i.error = row.at(14).toString();
    i.lockedBy = row.at(15).toString();
    i.leaseUntil = timestamp(row.at(16));
    return i;
}

QList<OutboundItem> OutboundRepository::page(const OutboundFilter& filter, int pageSize,
                                             const QVariant& afterSort, const QVariant& afterKey,
                                             db::KeysetPage* raw)
{
    db::KeysetPage page = db::fetchKeysetPage(m_connection, listQuery(filter, pageSize), afterSort, afterKey);
    QList<OutboundItem> items;
    items.reserve(page.rows.size());
    for (const QVariantList& row : std::as_const(page.rows))
        items << itemFromRow(row);
    if (raw)
        *raw = std::move(page);
    return items;
}

std::optional<OutboundDetail> OutboundRepository::detail(const QString& id)
{
    const QString context = QStringLiteral("loading an outbound item");
    if (QUuid::fromString(id).isNull())
        return std::nullopt;
    QSqlQuery& q = m_connection.runWithPrimaryMessage(
        QStringLiteral("SELECT ") + kItemColumns +
            QStringLiteral(", coalesce(v.payload, ''), v.idempotency_key ") + kItemSource +
            QStringLiteral(" WHERE v.id = ?::uuid"),
        {id}, context);
    if (!q.next()) {
        q.finish();
        return std::nullopt;
    }
    OutboundDetail d;
    QVariantList row;
    for (int i = 0; i < kItemColumnCount; ++i)
        row << q.value(i);
    d.item = itemFromRow(row);
    d.payload = q.value(kItemColumnCount).toString();
    d.idempotencyKey = q.value(kItemColumnCount + 1).toString();
    q.finish();

    QSqlQuery& a = m_connection.runWithPrimaryMessage(
        QStringLiteral(
            "SELECT attempt, coalesce(engine_id, ''), started_at, finished_at, status_code, latency_ms, "
            "outcome, coalesce(error, '') FROM pii.outbound_attempts_v WHERE item_id = ?::uuid "
            "ORDER BY attempt DESC"),
        {id}, context);
    while (a.next()) {
        OutboundAttempt at;
        at.attempt = a.value(0).toInt();
        at.engineId = a.value(1).toString();
        at.startedAt = timestamp(a.value(2));
        at.finishedAt = timestamp(a.value(3));
        at.statusCode = optionalInt(a.value(4));
        at.latencyMs = optionalInt(a.value(5));
        at.outcome = a.value(6).toString();
        at.error = a.value(7).toString();
        d.attempts << at;
    }
    a.finish();
    return d;
}

int OutboundRepository::retryNow(const QStringList& ids)
{
    const QString context = QStringLiteral("retrying outbound items");
    return callAction(m_connection, QStringLiteral("SELECT outbound_retry_now(?::uuid[])"),
                      {uuidArray(ids, context)}, context);
}

int OutboundRepository::cancel(const QStringList& ids, const QString& reason)
{
    const QString context = QStringLiteral("cancelling outbound items");
    return callAction(m_connection, QStringLiteral("SELECT outbound_cancel(?::uuid[], ?)"),
                      {uuidArray(ids, context), reason}, context);
}

} // namespace opsdeck::outbound
