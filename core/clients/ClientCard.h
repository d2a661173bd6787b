#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace opsdeck::clients {

// A client card's health as client_cards() judges it (migration 0017). The order is the health
// sort's: red first, inactive last.
enum class Health
{
    Red,
    Yellow,
    Green,
    Inactive,
};

Health healthFromText(const QString& text);
QString healthText(Health health);        // "red", "yellow", "green", "inactive" (the SQL's words)
QString healthDisplayName(Health health); // "Critical", "Warning", "Healthy", "Inactive"

// One signal that made a card yellow or red: error_rate, p95_latency, pipeline or critical_alerts.
struct HealthReason
{
    QString signal;
    Health level = Health::Yellow;
    std::optional<double> value; // in `unit`; none for "no successful pipeline run yet"
    double threshold = 0;        // the threshold that was reached, in `unit`
    QString unit;                // "%", "ms", "h", "alerts"
    QString text;                // the sentence for the tooltip, with units

    bool operator==(const HealthReason&) const = default;
};

// One row of client_cards(): a tenant as the Clients tab shows it.
struct ClientCard
{
    QString id;
    QString name;
    QString slug;
    QByteArray logo; // image bytes; empty: the card paints a monogram in brandColor
    QString brandColor;
    QString status; // active | inactive
    QString currency;

    Health health = Health::Green;
    QList<HealthReason> reasons; // the signals that are not ok, worst first

    qint64 requestCount = 0;                // API requests in the health window
    int healthWindowMinutes = 0;            // that window (ops_config clients.health.window_minutes)
    std::optional<double> errorRatePercent; // none without requests
    std::optional<int> p95Ms;               // none without requests
    QDateTime lastSuccessAt;                // the last completed pipeline run (data freshness)
    QDateTime lastRunAt;                    // the newest pipeline run, whatever its outcome
    QString lastRunStatus;                  // pending | running | completed | failed; empty: none
    int openAlerts = 0;                     // unresolved alerts of the tenant
    int openCriticalAlerts = 0;             // of which critical

    // Revenue is only there for roles holding tenants.revenue (the database leaves it NULL).
    bool hasRevenue = false;
    double revenueThisWeek = 0; // rolling 7 days, tenant's currency
    double revenueLastWeek = 0; // the 7 days before
    QList<double> revenueDaily; // 14 rolling days, oldest first

    // Change of this week against last week in percent; none without revenue or when last week
    // had none.
    std::optional<double> revenueChangePercent() const;
    // The reasons' sentences, one per line; "All signals are within their thresholds" when none.
    QString reasonsText() const;

    bool operator==(const ClientCard&) const = default;
};

} // namespace opsdeck::clients
