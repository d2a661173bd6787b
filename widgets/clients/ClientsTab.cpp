#include "ClientsTab.h"

#include "cards/ClientCardsPanel.h"
#include "dashboard/TenantDashboardPanel.h"
#include "feed/AlertsFeedPanel.h"
#include "notes/NoteDialog.h"
#include "tasks/TaskDialog.h"
#include "tasks/TaskListPanel.h"

#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace opsdeck::widgets::clients {

ClientsTab::ClientsTab(const session::TabInfo& info, session::Session& session, QWidget* parent)
    : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("tab-") + info.id);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 16);

    m_sections = new QTabWidget(this);
    m_sections->setObjectName(QStringLiteral("clientsSections"));

    // Overview: cards over (feed | tasks). The cards get the larger share: they are the point.
    auto* overview = new QSplitter(Qt::Vertical, m_sections);
    overview->setObjectName(QStringLiteral("clientsOverview"));
    overview->setChildrenCollapsible(false);
    m_overview = overview;
    m_cards = new ClientCardsPanel(session, overview);
    const bool alerts = session.staff().has(QStringLiteral("ops.alerts.view"));
    const bool tasks = session.staff().has(QStringLiteral("tasks.use"));
    if (alerts || tasks) {
        auto* lower = new QSplitter(Qt::Horizontal, overview);
        lower->setChildrenCollapsible(false);
        if (alerts)
            m_feed = new AlertsFeedPanel(session, lower);
        if (tasks)
            m_tasks = new TaskListPanel(session, lower);
        if (m_feed && m_tasks) {
            lower->setStretchFactor(0, 3);
            lower->setStretchFactor(1, 2);
        }
        overview->setStretchFactor(0, 3);
        overview->setStretchFactor(1, 2);
    }
    m_sections->addTab(overview, tr("Overview"));

    m_dashboard = new TenantDashboardPanel(session, m_sections);
    m_sections->addTab(m_dashboard, tr("Dashboard"));
    layout->addWidget(m_sections);

    connect(m_cards, &ClientCardsPanel::dashboardRequested, this, &ClientsTab::openDashboard);
    connect(m_cards, &ClientCardsPanel::addNoteRequested, this, &ClientsTab::addNote);
    connect(m_cards, &ClientCardsPanel::addTaskRequested, this,
            [this](const QString& tenantId, const QString&) { addTask(tenantId); });
    if (m_feed) {
        connect(m_feed, &AlertsFeedPanel::dashboardRequested, this, &ClientsTab::openDashboard);
        // The screens of complaints, bookings and pipelines come with their tabs' issues; until
        // then an alert about one of them opens its tenant's dashboard.
        connect(m_feed, &AlertsFeedPanel::resourceRequested, this,
                [this](const QString&, const QString&, const QString& tenantId) { openDashboard(tenantId); });
    }
}

void ClientsTab::openDashboard(const QString& tenantId)
{
    m_dashboard->showTenant(tenantId);
    m_sections->setCurrentWidget(m_dashboard);
}

void ClientsTab::showOverview()
{
    m_sections->setCurrentWidget(m_overview);
}

void ClientsTab::addNote(const QString& tenantId, const QString& tenantName)
{
    addNoteFor(m_session, tenantId, tenantName, this);
}

void ClientsTab::addTask(const QString& tenantId)
{
    if (!m_tasks)
        return; // the card offers the action only with tasks.use
    m_tasks->addTaskFor(tenantId);
}

} // namespace opsdeck::widgets::clients
