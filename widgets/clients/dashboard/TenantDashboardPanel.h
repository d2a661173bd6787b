#pragma once

#include "clients/AnalyticsSummary.h"
#include "common/Panel.h"

#include <QHash>
#include <optional>

class QAbstractButton;
class QButtonGroup;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTableView;

namespace opsdeck::clients {
class DashboardTableModel;
}

namespace opsdeck::widgets::clients {

class StatCard;

// Clients → tenant dashboard (seed 004 /dashboard and /sites/[id]). One analytics_summary() call per
// refresh (migration 0019) fills: stat cards (contacts, events, agent actions, records by type, and
// revenue for one tenant), events per bucket stacked by tenant, the tenants health table, top
// workers, and for one tenant its revenue trend and its recent records, contacts (masked) and agent
// actions. Sections the staff member may not see are hidden (the database leaves them out).
//
// The header selects the tenant ("All tenants" or one; it follows the window's tenant scope until
// the person picks another here, and again whenever the scope changes) and the range (1 d / 7 d /
// 30 d). A result that arrives for a selection that is no longer current is dropped unseen.
class TenantDashboardPanel : public Panel
{
    Q_OBJECT

public:
    explicit TenantDashboardPanel(session::Session& session, QWidget* parent = nullptr);
    ~TenantDashboardPanel() override;

    // Empty: all tenants.
    QString tenantId() const { return m_tenantId; }
    opsdeck::clients::Range range() const { return m_range; }
    // The summary on screen (none before the first load).
    const std::optional<opsdeck::clients::AnalyticsSummary>& summary() const { return m_summary; }

    // For tests and the tab: the parts of the view.
    QComboBox* tenantSelector() const { return m_tenantCombo; }
    QAbstractButton* rangeButton(opsdeck::clients::Range range) const;
    StatCard* card(const QString& key) const { return m_cards.value(key); }
    QChart* eventsChart() const { return m_eventsChart; }
    QChart* revenueChart() const { return m_revenueChart; }
    opsdeck::clients::DashboardTableModel* healthModel() const { return m_healthModel; }
    opsdeck::clients::DashboardTableModel* recordsModel() const { return m_recordsModel; }
    opsdeck::clients::DashboardTableModel* contactsModel() const { return m_contactsModel; }
    opsdeck::clients::DashboardTableModel* actionsModel() const { return m_actionsModel; }
    // Whether the section `key` ("revenue", "records", "contacts", "actions", "workers") is shown.
    bool isSectionShown(const QString& key) const;
    // What the events chart says when it has no bars (empty while it has some).
    QString eventsEmptyText() const;

public Q_SLOTS:
    // Shows one tenant's dashboard, or all tenants for an empty id (the client cards' "Open dashboard").
    void showTenant(const QString& tenantId);
    void setRange(opsdeck::clients::Range range);

Q_SIGNALS:
    // A summary was put on screen for this selection (after the dropped-stale check).
    void summaryShown(const QString& tenantId, const QString& range);
    // The selection changed (tenant or range), before its data arrives.
    void selectionChanged(const QString& tenantId, opsdeck::clients::Range range);

protected:
    void fetch() override;
    void changeEvent(QEvent* event) override;

private:
    QWidget* buildControls();
    QWidget* buildContent();
    QWidget* section(const QString& key, const QString& title, QWidget* body, QLabel** captionOut = nullptr);
    QTableView* makeTable(opsdeck::clients::DashboardTableModel* model);
    void fitTable(QTableView* view);
    void select(const QString& tenantId, opsdeck::clients::Range range);
    void onScopeChanged(const QString& tenantId);
    void fillTenants(const QList<session::TenantRef>& tenants);
    void showSummary(const opsdeck::clients::AnalyticsSummary& summary);
    void showCards(const opsdeck::clients::AnalyticsSummary& summary);
    void showWorkers(const opsdeck::clients::AnalyticsSummary& summary);
    void showTables(const opsdeck::clients::AnalyticsSummary& summary);
    void setSectionShown(const QString& key, bool shown);
    void applyPalette();

    QString m_tenantId;
    opsdeck::clients::Range m_range = opsdeck::clients::Range::Week;
    quint64 m_selection = 0; // bumped on every change of tenant or range
    std::optional<opsdeck::clients::AnalyticsSummary> m_summary;
    QList<session::TenantRef> m_tenants;

    QComboBox* m_tenantCombo = nullptr;
    QButtonGroup* m_rangeGroup = nullptr;
    QLabel* m_scopeNote = nullptr;
    QHash<QString, StatCard*> m_cards;
    QHash<QString, QWidget*> m_sections;
    QHash<QString, QLabel*> m_captions;
    QChart* m_eventsChart = nullptr;
    QChartView* m_eventsView = nullptr;
    QStackedWidget* m_eventsStack = nullptr;
    QLabel* m_eventsEmpty = nullptr;
    QChart* m_revenueChart = nullptr;
    QStackedWidget* m_revenueStack = nullptr;
    QLabel* m_revenueEmpty = nullptr;
    QLabel* m_workers = nullptr;
    opsdeck::clients::DashboardTableModel* m_healthModel = nullptr;
    opsdeck::clients::DashboardTableModel* m_recordsModel = nullptr;
    opsdeck::clients::DashboardTableModel* m_contactsModel = nullptr;
    opsdeck::clients::DashboardTableModel* m_actionsModel = nullptr;
    QHash<opsdeck::clients::DashboardTableModel*, QTableView*> m_tables;
    QHash<opsdeck::clients::DashboardTableModel*, QLabel*> m_tableEmpty;
};

} // namespace opsdeck::widgets::clients
