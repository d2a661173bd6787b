#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace opsdeck::alerts {

// The delivery channels of rules and subscriptions, in display order.
const QStringList& allChannels();

// One row of alert_rules. Conditions and alert_config keep the database's JSON; migration 0013 lists
// every key with its unit and range, and the database validates them (SQLSTATE 22023).
struct AlertRule
{
    QString id;
    QString name;
    QString type; // sla_breach, sla_at_risk, critical_complaint, high_workload, error_rate, pipeline_stale,
                  // outbound_failures (one rule per type)
    QString description;
    bool enabled = true;
    QJsonObject conditions;
    QJsonObject config; // severity, channels, assign_to, optional flap_transitions / flap_window_minutes
    bool flapping = false;
    QDateTime lastEvaluatedAt; // invalid: never evaluated

    QString severity() const;
    QStringList channels() const;
    QString assignTo() const;
};

// One editable threshold of a rule type, for summaries and the rule editor.
struct ConditionField
{
    enum class Kind
    {
        Number,         // a JSON number
        ComplaintKinds, // a JSON array of "complaint" / "refund"
        Priority,       // a JSON string low / medium / high / critical
    };
    QString key;
    QString label;
    QString unit;
    Kind kind = Kind::Number;
    bool whole = true;
};

// The conditions a rule type has (empty for an unknown type).
QList<ConditionField> conditionFields(const QString& ruleType);
// "5xx share above 5 %, window 60 min, at least 50 requests".
QString thresholdsText(const AlertRule& rule);
// "SLA breach", "High workload", … for a rule type.
QString typeDisplayName(const QString& ruleType);

// The signed-in staff member's subscription of one alert type. Without a stored row the database
// treats the type as subscribed in the app only (the table's defaults).
struct AlertSubscription
{
    QString alertType;
    bool enabled = true;
    QStringList channels{QStringLiteral("in_app")};
    bool stored = false;

    bool operator==(const AlertSubscription&) const = default;
};

// One alert of the caller's feed (alert_feed()).
struct FeedAlert
{
    QString id;
    QString type;
    QString severity;
    QString title;
    QString message;
    QString tenantId;
    QString resourceType;
    QString resourceId;
    QString status;   // open | acknowledged
    QString audience; // assignee | broadcast | managers
    bool assignedToMe = false;
    bool flapping = false;
    QDateTime createdAt;
    QDateTime readAt;

    bool operator==(const FeedAlert&) const = default;
};

// What the aggregated feed (alert_feed_filtered(), 0018) shows; empty fields do not filter.
struct FeedFilter
{
    QStringList severities; // critical, warning, info; empty: all
    QString tenantId;
    QString type;
    QString state = QStringLiteral("active"); // active | unread | read | snoozed | dismissed
    int maxRows = 200;

    bool operator==(const FeedFilter&) const = default;
};

// One alert of the aggregated feed: FeedAlert plus the tenant's name, the acknowledgement and the
// caller's own marks. snoozedUntil is set only while the snooze lasts.
struct FeedItem : FeedAlert
{
    QString tenantName;
    QDateTime acknowledgedAt;
    QString acknowledgedByName;
    QDateTime dismissedAt;
    QDateTime snoozedUntil;

    bool isRead() const { return readAt.isValid(); }
    bool isSnoozed() const { return snoozedUntil.isValid(); }
    bool isDismissed() const { return dismissedAt.isValid(); }
    bool operator==(const FeedItem&) const = default;
};

// The answer of alerts_evaluate(): whether this call ran the cycle, and what it found.
struct CycleResult
{
    bool ran = false;
    QString reason; // when not run: "busy" (another evaluator holds the cycle) or "not_due"
    qint64 cycle = 0;
    bool forced = false;
    QDateTime nextDueAt; // when not due
    int durationMs = 0;
    // created, updated, resolved, notified, enqueued, undelivered, flapping, suppressed, candidates —
    // summed over the rules, and per rule type.
    QJsonObject totals;
    QJsonObject rules;

    int total(const QString& key) const;
    int ruleCount(const QString& ruleType, const QString& key) const;
    static CycleResult fromJson(const QJsonObject& json);
};

// alert_evaluator_state: the installation's last cycle.
struct EvaluatorState
{
    qint64 cycles = 0;
    QDateTime lastStartedAt;
    QDateTime lastFinishedAt;
    QString lastEngine;
};

} // namespace opsdeck::alerts

Q_DECLARE_METATYPE(opsdeck::alerts::AlertRule)
Q_DECLARE_METATYPE(opsdeck::alerts::CycleResult)
Q_DECLARE_METATYPE(opsdeck::alerts::AlertSubscription)
