#pragma once

#include "connections/ConnectionRepository.h"
#include "session/Session.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace opsdeck::widgets::tools {

// Tools → Connections: the form behind "New…" and "Edit…". The tenant and the delivery type are
// chosen once, at creation. The configuration is JSON, checked as one types (broken JSON says where,
// missing or wrong keys say which); a key that looks like a secret is refused, because secrets go to
// the keychain. Non-modal (open()); emits submitted() with a valid draft and stays open until the
// panel closes it once the database agreed.
class ConnectionEditDialog : public QDialog
{
    Q_OBJECT

public:
    // Create: `tenants` fill the tenant choice, `preferredTenant` is preselected ("" = the company).
    ConnectionEditDialog(const QList<session::TenantRef>& tenants, const QString& preferredTenant,
                         QWidget* parent = nullptr);
    // Edit an existing connection.
    explicit ConnectionEditDialog(const connections::ConnectionRecord& record, QWidget* parent = nullptr);

    bool isCreating() const { return m_creating; }
    QString connectionId() const { return m_id; }
    connections::ConnectionDraft draft() const;

    QComboBox* tenantCombo() const { return m_tenant; }
    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* slugEdit() const { return m_slug; }
    QComboBox* typeCombo() const { return m_type; }
    QPlainTextEdit* configEdit() const { return m_config; }
    QPushButton* submitButton() const { return m_submit; }
    QString problemText() const;
    QString notesText() const;

    void setBusy(bool busy);
    // A refusal from the database, shown in the form.
    void showProblem(const QString& text);

public Q_SLOTS:
    // Emits submitted() when the form is valid; returns whether it did.
    bool submit();
    // Replaces the configuration with the example for the chosen type.
    void insertExample();

Q_SIGNALS:
    void submitted();

private:
    void build();
    void revalidate();

    bool m_creating = true;
    bool m_busy = false;
    bool m_slugEdited = false;
    QString m_id;
    QComboBox* m_tenant = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_slug = nullptr;
    QComboBox* m_type = nullptr;
    QPlainTextEdit* m_config = nullptr;
    QLabel* m_problem = nullptr;
    QLabel* m_notes = nullptr;
    QPushButton* m_submit = nullptr;
};

} // namespace opsdeck::widgets::tools
