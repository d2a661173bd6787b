#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>
#include <stdexcept>

namespace opsdeck::clients {

// The dashboard's range: the last 24 h in hourly buckets, or the last 7 / 30 UTC days in daily ones.
enum class Range
{
    Day,
    Week,
    Month,
};

// "1d", "7d", "30d" as analytics_summary() takes them.
QString rangeCode(Range range);
// "1 d", "7 d", "30 d" for a caption.
QString rangeLabel(Range range);

struct SummaryTenant
{
    QString id;
    QString name;
    QString slug;
    QString status; // active | inactive
    QString currency;
    QString brandColor; // "#0E7490" or empty
};

struct AgentActionTotals
{
    qint64 total = 0;
    qint64 success = 0;
    qint64 failed = 0;
    qint64 escalated = 0;
};

// One tenant's events per bucket, aligned with AnalyticsSummary::buckets.
struct EventSeries
{
    QString tenantId;
    QString name;
    QList<qint64> counts;

    qint64 total() const;
};

// One row of the tenants health table (seed 004: data health).
struct TenantHealth
{
    QString tenantId;
    QString name;
    QString slug;
    QString status;
    qint64 events = 0;            // in the range
    qint64 unprocessedEvents = 0; // never processed, all time
    QDateTime lastEventAt;        // invalid: no events at all
    // Without agents.view the agent numbers are not given.
    std::optional<qint64> failedActionsLastHour;
    std::optional<qint64> agentActions;     // in the range
    std::optional<double> agentSuccessRate; // percent; also empty when there were no actions
};

struct TopWorker
{
    QString workerId;
    QString tenantId;
    QString name; // masked: "Hannah R."
    QString role;
    qint64 records = 0;
};

struct Revenue
{
    QString currency;
    double total = 0;
    QList<double> amounts; // per bucket, aligned with AnalyticsSummary::buckets
};

struct RecentRecord
{
    QString id;
    QString recordType;
    QString status;
    QString title; // PII scrubbed
    std::optional<double> amount;
    QString currency;
    QString worker; // masked; empty when unassigned
    QDateTime createdAt;
};

struct RecentContact
{
    QString id;
    QString name;   // masked
    QString mobile; // masked
    QString email;  // masked
    QString source;
    QString status;
    QDateTime createdAt;
};

struct RecentAgentAction
{
    QString id;
    QString agent;
    QString actionType;
    QString status; // success | failed | escalated
    QString error;  // scrubbed; empty when none
    std::optional<int> durationMs;
    QDateTime createdAt;
};

// What analytics_summary() returned (migration 0019). A section the signed-in staff member may not
// see, or one that only exists for a single tenant, is std::nullopt.
struct AnalyticsSummary
{
    QDateTime generatedAt;
    QString range;  // "1d" | "7d" | "30d"
    QString siteId; // empty: all tenants
    QDateTime from;
    bool hourly = false; // buckets are hours (1d) rather than days
    QList<QDateTime> buckets;
    QList<SummaryTenant> tenants;

    std::optional<qint64> contacts;
    qint64 events = 0;
    std::optional<AgentActionTotals> agentActions;
    std::optional<QMap<QString, qint64>> recordsByType;

    QList<EventSeries> eventSeries; // one per tenant in scope, zeros included
    QList<TenantHealth> health;
    std::optional<QList<TopWorker>> topWorkers;
    std::optional<Revenue> revenue;
    std::optional<QList<RecentRecord>> recentRecords;
    std::optional<QList<RecentContact>> recentContacts;
    std::optional<QList<RecentAgentAction>> recentAgentActions;

    bool isSingleTenant() const { return !siteId.isEmpty(); }
    // The tenant's name for an id in scope, or the id.
    QString tenantName(const QString& tenantId) const;
};

// A document that is not what analytics_summary() returns: says where it went wrong.
class SummaryParseError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
    QString message() const { return QString::fromUtf8(what()); }
};

// Parses the JSON text of analytics_summary(). Throws SummaryParseError naming the field when the
// document is broken or has an unexpected shape: a wrong document never becomes zeros.
AnalyticsSummary parseAnalyticsSummary(const QByteArray& json);

} // namespace opsdeck::clients
