#pragma once

#include "session/Session.h"
#include "session/Tabs.h"

#include <QWidget>

class QTabWidget;

namespace opsdeck::widgets::clients {

class AlertsFeedPanel;
class ClientCardsPanel;
class TaskListPanel;
class TenantDashboardPanel;

// The Clients tab, the operator's first screen. Two sections:
//   Overview  — the client cards on top; the alerts feed and the private task list below;
//   Dashboard — the tenant dashboard (all tenants or one).
// A card's or an alert's "open dashboard" shows that tenant's dashboard; a card's "add task" and
// "add note" open the task and note forms for that tenant. Panels the staff member's permissions
// do not cover are left out (the database refuses their data anyway).
class ClientsTab : public QWidget
{
    Q_OBJECT

public:
    ClientsTab(const session::TabInfo& info, session::Session& session, QWidget* parent = nullptr);

    ClientCardsPanel* cards() const { return m_cards; }
    AlertsFeedPanel* feed() const { return m_feed; } // null without ops.alerts.view
    TaskListPanel* tasks() const { return m_tasks; } // null without tasks.use
    TenantDashboardPanel* dashboard() const { return m_dashboard; }
    QTabWidget* sections() const { return m_sections; }

public Q_SLOTS:
    // Shows the Dashboard section for one tenant (empty: all tenants).
    void openDashboard(const QString& tenantId);
    void showOverview();

private:
    void addNote(const QString& tenantId, const QString& tenantName);
    void addTask(const QString& tenantId);

    session::Session& m_session;
    QTabWidget* m_sections = nullptr;
    QWidget* m_overview = nullptr;
    ClientCardsPanel* m_cards = nullptr;
    AlertsFeedPanel* m_feed = nullptr;
    TaskListPanel* m_tasks = nullptr;
    TenantDashboardPanel* m_dashboard = nullptr;
};

} // namespace opsdeck::widgets::clients
