#pragma once

#include "outbound/Delivery.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::outbound {

// A queue item this engine claimed: what to send, and which connection's secret signs it.
struct ClaimedItem
{
    DeliveryRequest request;
    QString connectionId; // empty: no connection (an unsigned webhook)
    QString tenantId;     // empty: the company's own (staff notifications)
};

// One delivery's result as the queue records it, with the wait before the next attempt.
struct CompletedAttempt
{
    DeliveryResult result;
    qint64 retryInSeconds = 0; // Retry only
};

// The settings every engine reads (ops_config outbound.* and alerts.*, and the emergency pause).
struct EngineSettings
{
    int batchSize = 25;
    int leaseSeconds = 60;
    int engineStaleSeconds = 15;
    int backoffCapSeconds = 3600;
    int retentionDays = 30;
    int hostConcurrency = 8;
    int breakerFailures = 5;
    int breakerCooldownSeconds = 60;
    int evaluationIntervalMinutes = 5;
    bool outboundPaused = false;

    static EngineSettings fromJson(const QJsonObject& json);
};

// The engine side of outbound_queue: every statement goes through the definer functions of
// migration 0011 (which check engines.run and the engine's heartbeat). Statements are prepared
// once per connection. All calls throw db::DbError.
class OutboundStore
{
public:
    explicit OutboundStore(db::Connection& connection) : m_connection(connection) {}

    EngineSettings settings();
    // Claims up to `maxItems` due items for `engineId` (committed before returning: no lock is
    // held across the deliveries). Items of connections not in `servedConnections` stay for an
    // engine that holds their secret.
    QList<ClaimedItem> claim(const QString& engineId, const QStringList& servedConnections, int maxItems);
    // Writes a batch of results; returns how many the fence accepted.
    int complete(const QString& engineId, const QList<CompletedAttempt>& results);
    // Gives claimed items back unsent (the attempt is not counted), due after `delaySeconds`.
    int release(const QString& engineId, const QStringList& itemIds, int delaySeconds = 0);
    // Items of expired leases or stopped engines back to pending; returns how many.
    int sweep();
    // Terminal items past the retention window, at most `batchSize`; returns how many.
    int prune(int batchSize = 5000);

    // The JSON outbound_complete() takes (exposed for tests).
    static QByteArray resultsJson(const QList<CompletedAttempt>& results);

private:
    db::Connection& m_connection;
};

} // namespace opsdeck::outbound
