#pragma once

#include "db/KeysetQuery.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <optional>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::outbound {

// The tenant filter value that means "the company's own items" (no tenant: staff alert e-mail and
// SMS through the system connections).
inline const QString kCompanyScope = QStringLiteral("company");

// Filters of Operations → Outbound. Empty fields do not filter.
struct OutboundFilter
{
    QString tenantId;     // a tenant's id, kCompanyScope, or empty for every item
    QString status;       // pending | sending | delivered | failed | cancelled
    QString deliveryType; // webhook | email | sms

    bool operator==(const OutboundFilter&) const = default;
};

// One queue item as staff read it: through pii.outbound_queue_v, so the destination (an address,
// a number or a URL) is masked and the last error scrubbed (migration 0014).
struct OutboundItem
{
    QString id;
    QDateTime createdAt;
    QString tenantId; // empty: the company's own
    QString tenantName;
    QString deliveryType;
    QString destination; // masked; empty for a webhook that posts to its connection's URL
    QString connectionId;
    QString status;
    int attemptCount = 0;
    int maxAttempts = 0;
    QDateTime lastAttemptedAt; // invalid: never tried
    QDateTime nextAttemptAt;
    QDateTime deliveredAt;
    std::optional<int> lastStatusCode;
    QString error; // the last error, scrubbed
    QString lockedBy;
    QDateTime leaseUntil;

    bool isCompanys() const { return tenantId.isEmpty(); }
    // What outbound_retry_now() and outbound_cancel() act on; other items are left alone.
    bool canRetry() const
    {
        return (status == QLatin1String("pending") || status == QLatin1String("failed")) && attemptCount < 50;
    }
    bool canCancel() const { return status == QLatin1String("pending") || status == QLatin1String("failed"); }
};

// One row of outbound_attempts (through pii.outbound_attempts_v).
struct OutboundAttempt
{
    int attempt = 0;
    QString engineId;
    QDateTime startedAt;
    QDateTime finishedAt;
    std::optional<int> statusCode;
    std::optional<int> latencyMs;
    QString outcome; // delivered | retry | failed | disabled
    QString error;   // scrubbed
};

struct OutboundDetail
{
    OutboundItem item;
    QString payload; // the payload's JSON text with PII scrubbed (may no longer parse as JSON)
    QString idempotencyKey;
    QList<OutboundAttempt> attempts; // newest first
};

// The outbound queue for the console. Reads go through the masked views; the two staff actions
// call the definer functions of migration 0011, which check outbound.manage (42501) and the cancel
// reason (22023) in PostgreSQL and audit each changed row. Synchronous on a connection the calling
// thread owns (a pool job); throws db::DbError with the server's primary message.
class OutboundRepository
{
public:
    explicit OutboundRepository(db::Connection& connection) : m_connection(connection) {}

    // Newest first, keyset-paged on (created_at, id); rows convert with itemFromRow().
    static db::KeysetQuery listQuery(const OutboundFilter& filter = {}, int pageSize = 200);
    static OutboundItem itemFromRow(const QVariantList& row);

    // One page after (afterSort, afterKey); null variants for the first page.
    QList<OutboundItem> page(const OutboundFilter& filter, int pageSize = 200, const QVariant& afterSort = {},
                             const QVariant& afterKey = {}, db::KeysetPage* raw = nullptr);

    // The item with its payload and attempt history; std::nullopt when it does not exist (or was
    // pruned meanwhile).
    std::optional<OutboundDetail> detail(const QString& id);

    // outbound_retry_now(): pending items become due now, failed ones get one more attempt.
    // Returns how many items changed (delivered, cancelled and in-flight items are left alone).
    int retryNow(const QStringList& ids);
    // outbound_cancel(): pending and failed items are cancelled with the reason. Returns how many.
    int cancel(const QStringList& ids, const QString& reason);

    static QStringList statuses();
    static QStringList deliveryTypes();

private:
    db::Connection& m_connection;
};

} // namespace opsdeck::outbound
