#pragma once

#include "AlertTypes.h"
#include "db/Connection.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck::alerts {

// The alerts area's SQL (migration 0013). Every function is synchronous on a connection the calling
// thread owns (a pool job on the GUI side, the evaluator's own thread), runs one statement that is
// prepared once per connection, and throws db::DbError with the server's own words on failure:
// Permission (42501) when the signed-in staff member lacks the permission, Query with SQLSTATE 22023
// for a threshold or channel the database refuses.
class AlertRepository
{
public:
    // Every rule (ops.alerts.view), by name.
    static QList<AlertRule> rules(db::Connection& c);
    // The rule editor (ops.alerts.manage_rules): replaces conditions and alert_config as given; a
    // null object keeps the stored one. Validated and audited by the database.
    static void saveRule(db::Connection& c, const QString& ruleId, bool enabled,
                         const QJsonObject& conditions, const QJsonObject& config);

    // The caller's subscription of every rule type (ops.alerts.view), stored or default.
    static QList<AlertSubscription> mySubscriptions(db::Connection& c);
    // Stores the caller's subscription of one type (row-level security: one's own with
    // ops.alerts.view).
    static void saveMySubscription(db::Connection& c, const AlertSubscription& subscription);

    static EvaluatorState evaluatorState(db::Connection& c);

    // Open alerts in the caller's feed not read, dismissed or snoozed (my_unread_alert_count()).
    static int unreadCount(db::Connection& c);
    // The caller's unresolved alerts, newest first.
    static QList<FeedAlert> feed(db::Connection& c, bool unreadOnly = false, int maxRows = 100);
    // Staff actions on alerts addressed to the caller (any alert for manager level); each returns
    // how many alerts changed. Ids that are not UUIDs are refused before anything is sent.
    static int acknowledge(db::Connection& c, const QStringList& alertIds);
    static int resolve(db::Connection& c, const QStringList& alertIds, const QString& note);
    static int markRead(db::Connection& c, const QStringList& alertIds);
    static int dismiss(db::Connection& c, const QStringList& alertIds);

    // The aggregated feed (alert_feed_filtered(), 0018): the caller's unresolved alerts matching
    // `filter`, newest first. An unknown state or severity is refused with 22023.
    static QList<FeedItem> feedFiltered(db::Connection& c, const FeedFilter& filter);
    // Hides alerts from the caller's feed until `until` (in the future, at most 30 days ahead, else
    // 22023); an invalid `until` ends the snooze. Same addressing rule as acknowledge (42501).
    static int snooze(db::Connection& c, const QStringList& alertIds, const QDateTime& until);
    // When the caller's next snooze ends (invalid: none running): an ending snooze writes nothing,
    // so a feed reloads on a timer at that moment rather than on a NOTIFY.
    static QDateTime nextSnoozeEnd(db::Connection& c);

    // One call of the engines' entry point (engines.run, and a live heartbeat of `engineId` written
    // by this login). The database decides whether this call runs the cycle.
    static CycleResult evaluate(db::Connection& c, const QString& engineId, bool force = false);
};

} // namespace opsdeck::alerts
