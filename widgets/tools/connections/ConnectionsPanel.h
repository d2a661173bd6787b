#pragma once

#include "auth/SecretStore.h"
#include "common/Panel.h"
#include "connections/ConnectionRepository.h"

#include <QList>
#include <memory>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace opsdeck::outbound {
class ConnectionTester;
}

namespace opsdeck::widgets {
class PromptDialog;
}

namespace opsdeck::widgets::tools {

class ConnectionDetailView;
class ConnectionEditDialog;

// Tools → Connections: each tenant's apps (and the company's own connections, used for staff alert
// e-mail and SMS) with delivery type, state, last sync and configuration. Holders of
// connections.edit create and edit them, enable and disable them (with a reason), and set or rotate
// their secret. The secret goes to this workstation's keychain (session().secretStore()) under the
// name kept in connections.secret_key_name — never into the database, a file or a log; without a
// keychain it is kept for this session only, and the panel says so. The panel also says whether
// this workstation holds the selected connection's secret, and tests the connection step by step.
class ConnectionsPanel : public Panel
{
    Q_OBJECT

public:
    enum Column
    {
        AppColumn,
        TenantColumn,
        TypeColumn,
        StateColumn,
        SyncColumn,
        ColumnCount,
    };

    explicit ConnectionsPanel(session::Session& session, QWidget* parent = nullptr);
    ~ConnectionsPanel() override;

    QStandardItemModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    ConnectionDetailView* detail() const { return m_detail; }
    const QList<connections::ConnectionRecord>& records() const { return m_records; }
    int rowOf(const QString& id) const;
    bool selectConnection(const QString& id);
    const connections::ConnectionRecord* selected() const;
    QString noticeText() const;

    QPushButton* newButton() const { return m_new; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* disableButton() const { return m_disable; }
    QPushButton* enableButton() const { return m_enable; }
    QPushButton* secretButton() const { return m_secret; }
    QPushButton* testButton() const { return m_test; }

    // The forms behind the buttons (non-modal; null when not permitted or nothing is selected).
    ConnectionEditDialog* openCreateDialog();
    ConnectionEditDialog* openEditDialog();
    PromptDialog* openDisableDialog();
    PromptDialog* openSecretDialog();

public Q_SLOTS:
    void enableSelected();
    // Reads the selected connection's entry from the keychain (only to learn whether it is there).
    void checkSecret();
    // Runs outbound::ConnectionTester against the selected connection with this workstation's
    // secret: DNS, TCP, TLS and an authenticated request, each step shown as it completes.
    void testSelected();

Q_SIGNALS:
    // `what`: "create", "edit", "disable", "enable", "secret".
    void changeApplied(const QString& what, const QString& connectionId);
    void changeRefused(const QString& what, const QString& message);
    // After a secret was handed to the keychain: `inKeychain` false when it is kept for this
    // session only.
    void secretStored(const QString& connectionId, bool inKeychain);
    void secretChecked(const QString& connectionId);
    void testFinished(const QString& connectionId, bool ok, const QString& summary);

protected:
    void fetch() override;
    void changeEvent(QEvent* event) override;

private:
    template <typename Job>
    void apply(const QString& what, const QString& failTitle, Job job, QWidget* dialog);
    void fillTable();
    void updateButtons();
    void showSelected();
    void storeSecret(const QString& connectionId, const QString& secret, PromptDialog* dialog);
    void checkSecretOf(const QString& connectionId, const QString& keyName);
    // `message` for the box; `formText` (default: the message) under the dialog's fields.
    void refuse(const QString& what, const QString& title, const QString& message, QWidget* dialog,
                const QString& formText = {});
    auth::SecretStore& store();

    QList<connections::ConnectionRecord> m_records;
    QList<session::TenantRef> m_tenants;
    QStandardItemModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    ConnectionDetailView* m_detail = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_notice = nullptr;
    QPushButton* m_new = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_disable = nullptr;
    QPushButton* m_enable = nullptr;
    QPushButton* m_secret = nullptr;
    QPushButton* m_test = nullptr;
    outbound::ConnectionTester* m_tester = nullptr;
    QString m_testingId;                                // the connection the running test is for
    std::unique_ptr<auth::SecretStore> m_fallbackStore; // when the window has no keychain at all
    quint64 m_secretGeneration = 0;
    QString m_checkedId; // the connection and entry name the secret line was last checked for
    QString m_checkedKeyName;
    QString m_selectAfterLoad; // a connection just created
    bool m_filling = false;
    bool m_working = false;
};

} // namespace opsdeck::widgets::tools
