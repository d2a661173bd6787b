#pragma once

#include "common/Panel.h"
#include "outbound/OutboundRepository.h"

#include <QPointer>
#include <QTimer>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace opsdeck::widgets {
class PromptDialog;
}

namespace opsdeck::widgets::operations {

class OutboundDetailView;
class OutboundTableModel;

// Operations → Outbound: the delivery queue, newest first and paged as it scrolls, filtered by
// tenant (following the window's tenant scope), status and type; live through the event bus
// (outbound_queue, outbound_attempts), refreshed in place so selection and scroll survive. Below
// the table, the current item's attempts and scrubbed payload. Holders of outbound.manage retry
// or cancel the selected items in bulk through outbound_retry_now() / outbound_cancel(); the
// database has the last word and a refusal (42501) or a rejected reason (22023) is said plainly.
class OutboundPanel : public Panel
{
    Q_OBJECT

public:
    explicit OutboundPanel(session::Session& session, QWidget* parent = nullptr);

    outbound::OutboundFilter filter() const;
    OutboundTableModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    OutboundDetailView* detail() const { return m_detail; }
    QComboBox* tenantCombo() const { return m_tenant; }
    QComboBox* statusCombo() const { return m_status; }
    QComboBox* typeCombo() const { return m_type; }
    QPushButton* retryButton() const { return m_retry; }
    QPushButton* cancelButton() const { return m_cancel; }
    QString statusText() const;
    QString noticeText() const;
    QString emptyHintText() const; // empty while rows are shown

    // The selected items (in table order), and those of them each action would change.
    QList<outbound::OutboundItem> selectedItems() const;
    // Selects the rows of these items (those loaded); returns how many were found.
    int selectItems(const QStringList& ids);

    // Cancel asks for a reason in this dialog (null when not permitted or nothing cancellable).
    PromptDialog* openCancelDialog();

public Q_SLOTS:
    void retrySelected(); // asks first

Q_SIGNALS:
    // `what`: "retry" or "cancel"; `changed`: how many items the database changed.
    void actionApplied(const QString& what, int changed, int asked);
    void actionRefused(const QString& what, const QString& message);

protected:
    void fetch() override;

private:
    void fillTenants(const QList<session::TenantRef>& tenants);
    void updateActions();
    void updateStatus();
    void fitColumns();
    void loadDetail();
    void showDetail(const QString& id, const std::optional<outbound::OutboundDetail>& detail);
    QString currentItemId() const;
    template <typename Job> void apply(const QString& what, int asked, Job job, PromptDialog* dialog);

    OutboundTableModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QStackedWidget* m_tableStack = nullptr;
    QLabel* m_emptyHint = nullptr;
    OutboundDetailView* m_detail = nullptr;
    QComboBox* m_tenant = nullptr;
    QComboBox* m_status = nullptr;
    QComboBox* m_type = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_selection = nullptr;
    QLabel* m_notice = nullptr; // what the last action did
    QPushButton* m_retry = nullptr;
    QPushButton* m_cancel = nullptr;
    QTimer m_clock; // relative times ("in 4 min") move on between refreshes
    outbound::OutboundFilter m_applied;
    bool m_queried = false;
    bool m_columnsSized = false;
    bool m_tenantsLoaded = false;
    QString m_scope; // the session's tenant scope the combo last followed
    quint64 m_detailGeneration = 0;
    bool m_working = false;
};

} // namespace opsdeck::widgets::operations
