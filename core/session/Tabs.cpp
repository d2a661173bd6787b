#include "Tabs.h"

namespace opsdeck::session {

const QList<TabInfo>& allTabs()
{
    static const QList<TabInfo> tabs = {
        {Tab::Clients,
         QStringLiteral("clients"),
         QStringLiteral("Clients"),
         QStringLiteral("Every client's health at a glance"),
         {QStringLiteral("tenants.view")},
         {QStringLiteral("Client cards: health, revenue trend, open alerts, data freshness"),
          QStringLiteral("Aggregated alerts feed across all tenants"),
          QStringLiteral("Your private task list"),
          QStringLiteral("Tenant dashboards: contacts, events, agent actions, records")}},
        {Tab::Technical,
         QStringLiteral("technical"),
         QStringLiteral("Technical"),
         QStringLiteral("Debug technical trouble across tenants"),
         {QStringLiteral("technical.view")},
         {QStringLiteral("System health: API, database, auth, engines"),
          QStringLiteral("API performance: P50/P95/P99 latency, requests per minute, error rate"),
          QStringLiteral("Slowest endpoints"), QStringLiteral("Error log with stack traces"),
          QStringLiteral("Data pipeline status with manual sync"), QStringLiteral("Database statistics"),
          QStringLiteral("User activity and failed logins")}},
        {Tab::Tools,
         QStringLiteral("tools"),
         QStringLiteral("Tools"),
         QStringLiteral("Manage tenants, notes, reports, connections and staff"),
         {QStringLiteral("tenants.edit"), QStringLiteral("notes.use"), QStringLiteral("reports.view"),
          QStringLiteral("connections.view"), QStringLiteral("ops.staff.view"),
          QStringLiteral("nlquery.use")},
         {QStringLiteral("Tenant manager"), QStringLiteral("Consultant notes (private to you)"),
          QStringLiteral("Natural-language query"), QStringLiteral("Report center"),
          QStringLiteral("Connections with secrets in the keychain"), QStringLiteral("Staff & access")}},
        {Tab::Operations,
         QStringLiteral("operations"),
         QStringLiteral("Operations"),
         QStringLiteral("Work the priority queue, bookings, stations and messages"),
         {QStringLiteral("ops.priority_queue.view"), QStringLiteral("bookings.view"),
          QStringLiteral("complaints.view"), QStringLiteral("stations.view"), QStringLiteral("outbound.view"),
          QStringLiteral("messages.view")},
         {QStringLiteral("Priority queue with SLA risk"), QStringLiteral("Bookings and complaints"),
          QStringLiteral("Station control"), QStringLiteral("Outbound delivery queue"),
          QStringLiteral("SMS conversations and templates"),
          QStringLiteral("Alert rules and subscriptions")}},
        {Tab::Emergency,
         QStringLiteral("emergency"),
         QStringLiteral("Emergency"),
         QStringLiteral("Controls for critical situations"),
         {QStringLiteral("emergency.view")},
         {QStringLiteral("Pause intake, maintenance mode, pause outbound, pause stations"),
          QStringLiteral("Broadcast a critical alert"), QStringLiteral("Emergency action log")}},
    };
    return tabs;
}

QList<TabInfo> visibleTabs(const auth::StaffIdentity& staff)
{
    QList<TabInfo> result;
    for (const auto& t : allTabs()) {
        if (staff.hasAny(t.anyPermission))
            result.append(t);
    }
    return result;
}

} // namespace opsdeck::session
