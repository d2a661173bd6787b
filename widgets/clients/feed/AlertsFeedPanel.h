#pragma once

#include "alerts/AlertTypes.h"
#include "common/Panel.h"

#include <QSet>
#include <QTimer>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QToolButton;

namespace opsdeck::alerts {
class AlertFeedModel;
}

namespace opsdeck::widgets::clients {

class SnoozeUntilDialog;

// Clients → Alerts: every unresolved alert of every tenant that reaches the signed-in staff member,
// newest first, with filters (severity, tenant — following the tenant scope —, type, state) and
// actions on the selection (mark read, dismiss, acknowledge, snooze). The database decides who may
// do what; a refusal is shown in its words and the selection stays. New alerts arrive through
// NOTIFY (alerts, alert_staff_state); a timer reloads when the next snooze ends. A critical alert
// that arrives after the first load raises one desktop notification (DesktopNotifier).
class AlertsFeedPanel : public Panel
{
    Q_OBJECT

public:
    explicit AlertsFeedPanel(session::Session& session, QWidget* parent = nullptr);

    static bool availableTo(const auth::StaffIdentity& staff);

    alerts::AlertFeedModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    alerts::FeedFilter filter() const;
    QToolButton* severityButton(const QString& severity) const;
    QComboBox* tenantCombo() const { return m_tenant; }
    QComboBox* typeCombo() const { return m_type; }
    QComboBox* stateCombo() const { return m_state; }
    QPushButton* markReadButton() const { return m_markRead; }
    QPushButton* dismissButton() const { return m_dismiss; }
    QPushButton* acknowledgeButton() const { return m_acknowledge; }
    QToolButton* snoozeButton() const { return m_snooze; }
    QLabel* summaryLabel() const { return m_summary; }
    // When the next reload for an ending snooze is due (invalid: none scheduled).
    QDateTime snoozeReloadAt() const { return m_snoozeReloadAt; }
    // The check for new critical alerts (desktop notifications) is running or queued.
    bool isCheckingCritical() const { return m_criticalBusy || m_criticalAgain; }

    // The resource types the console can open (resourceRequested); others go to the tenant's
    // dashboard when the alert has a tenant. Default: outbound.
    void setShownResourceTypes(const QStringList& types) { m_shownResources = types; }

    // The ids of the selected rows.
    QStringList selectedIds() const;
    bool selectIds(const QStringList& ids);

public Q_SLOTS:
    void markSelectedRead();
    void dismissSelected();
    void acknowledgeSelected();
    void snoozeSelectedFor(int seconds);
    void unsnoozeSelected();
    // Opens the "Snooze until…" form for the selection (nullptr without a selection).
    SnoozeUntilDialog* openSnoozeDialog();
    // What Enter / double-click does on `row`.
    void openRow(int row);

Q_SIGNALS:
    void dashboardRequested(const QString& tenantId);
    void resourceRequested(const QString& resourceType, const QString& resourceId, const QString& tenantId);
    // `action`: read, dismiss, acknowledge, snooze, unsnooze.
    void actionApplied(const QString& action, int changed, int asked);
    void actionRefused(const QString& action, const QString& message);

protected:
    void fetch() override;

private:
    template <typename Job>
    void apply(const QString& action, const QStringList& ids, Job job, SnoozeUntilDialog* dialog = nullptr);
    void loadTenants();
    void onTenantScopeChanged();
    void syncScope();
    void onFilterChanged();
    void updateActions();
    void fitColumns();
    void updateSummary();
    void scheduleSnoozeReload(const QDateTime& end);
    void checkCritical();
    void noticeCritical(const QList<alerts::FeedItem>& critical);

    alerts::AlertFeedModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QList<QToolButton*> m_severityButtons;
    QComboBox* m_tenant = nullptr;
    QComboBox* m_type = nullptr;
    QComboBox* m_state = nullptr;
    QPushButton* m_markRead = nullptr;
    QPushButton* m_dismiss = nullptr;
    QPushButton* m_acknowledge = nullptr;
    QToolButton* m_snooze = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_notice = nullptr;
    QTimer m_snoozeTimer;
    QTimer m_ageTimer;
    QDateTime m_snoozeReloadAt;
    QString m_scope; // the tenant scope the tenant combo was last synced to
    QStringList m_shownResources{QStringLiteral("outbound")};
    bool m_working = false;
    // Desktop notifications: critical alerts already known, and whether the first load happened.
    QSet<QString> m_knownCritical;
    bool m_criticalSeeded = false;
    bool m_criticalBusy = false;
    bool m_criticalAgain = false;
    QDateTime m_criticalWatermark;
};

} // namespace opsdeck::widgets::clients
