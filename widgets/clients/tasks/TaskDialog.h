#pragma once

#include "clients/OperatorTask.h"
#include "session/Session.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace opsdeck::widgets::clients {

// Clients → My tasks: the form behind "Add task", a card's "Add task" and a double-click on a task.
// Title, description, tenant (or none: a general task), priority and an optional due date. The
// title is checked as one types; Save runs TaskRepository::add / update on the pool without
// blocking, closes the dialog once the database agreed (saved()) and otherwise keeps it open with
// the database's own words. Non-modal (open()), so a test fills it with fill() or the editors and
// calls submit(), then waits for saved() — no modal loop anywhere.
class TaskDialog : public QDialog
{
    Q_OBJECT

public:
    // Add. `tenants` fill the tenant choice (loaded from the session when empty); `tenantId` is
    // preselected ("" = general).
    TaskDialog(session::Session& session, const QList<session::TenantRef>& tenants, const QString& tenantId,
               QWidget* parent = nullptr);
    // Edit an existing task.
    TaskDialog(session::Session& session, const QList<session::TenantRef>& tenants,
               const opsdeck::clients::OperatorTask& task, QWidget* parent = nullptr);

    bool isEditing() const { return !m_original.id.isEmpty(); }
    // The form's fields as a task (the original's id and status when editing).
    opsdeck::clients::OperatorTask task() const;
    QString selectedTenantId() const;

    QLineEdit* titleEdit() const { return m_title; }
    QPlainTextEdit* descriptionEdit() const { return m_description; }
    QComboBox* tenantCombo() const { return m_tenant; }
    QComboBox* priorityCombo() const { return m_priority; }
    QCheckBox* dueCheck() const { return m_hasDue; }
    QDateEdit* dueEdit() const { return m_due; }
    QPushButton* saveButton() const { return m_save; }
    QString problemText() const;
    bool isSaving() const { return m_saving; }

    // Replaces the tenant choice, keeping the selection.
    void setTenants(const QList<session::TenantRef>& tenants);
    // Tests and callers: the fields in one call; an invalid `due` means no due date.
    void fill(const QString& title, const QString& tenantId = {},
              const QString& priority = QStringLiteral("medium"), const QDate& due = {},
              const QString& description = {});

public Q_SLOTS:
    // Validates and starts the save; returns whether it started.
    bool submit();

Q_SIGNALS:
    // The database stored it (the dialog then closes).
    void saved(const opsdeck::clients::OperatorTask& task);
    // The database refused it; the dialog stays open showing `message`.
    void refused(const QString& message);

private:
    void build();
    void revalidate();
    void setSaving(bool saving);
    void selectTenant(const QString& tenantId, const QString& name);

    session::Session& m_session;
    opsdeck::clients::OperatorTask m_original;
    bool m_saving = false;
    QLineEdit* m_title = nullptr;
    QPlainTextEdit* m_description = nullptr;
    QComboBox* m_tenant = nullptr;
    QComboBox* m_priority = nullptr;
    QCheckBox* m_hasDue = nullptr;
    QDateEdit* m_due = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_save = nullptr;
};

} // namespace opsdeck::widgets::clients
