#pragma once

#include "clients/OperatorTask.h"
#include "common/Panel.h"

#include <QList>
#include <QPointer>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace opsdeck::clients {
class TaskModel;
}

namespace opsdeck::widgets::clients {

class TaskDialog;

// Clients → My tasks: the signed-in staff member's private task list (operator_tasks; the database
// shows nobody else's). Filters: Open / Completed / All and a tenant choice (all tenants, general
// tasks, one tenant) that follows the window's tenant scope when that changes. A task is added
// with "Add task" (or a client card's quick action: addTaskFor()), edited with a double-click,
// completed or reopened with its checkbox, deleted with Delete or the button after a confirmation.
// Overdue open tasks are highlighted. Live through the event bus (operator_tasks), refreshed in
// place so selection and scroll survive. Every write runs on the pool; a refusal is said plainly
// and changes nothing on screen.
class TaskListPanel : public Panel
{
    Q_OBJECT

public:
    explicit TaskListPanel(session::Session& session, QWidget* parent = nullptr);

    opsdeck::clients::TaskFilter filter() const;
    opsdeck::clients::TaskModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QToolButton* stateButton(opsdeck::clients::TaskFilter::State state) const;
    QComboBox* tenantCombo() const { return m_tenant; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* deleteButton() const { return m_delete; }
    // The add / edit dialog opened last, while it is open.
    TaskDialog* dialog() const { return m_dialog; }
    QString noticeText() const;
    QString emptyHintText() const; // empty while rows are shown
    // The task of the current row, or nullptr.
    const opsdeck::clients::OperatorTask* currentTask() const;
    // Makes task `id` the current row; false when it is not listed.
    bool selectTask(const QString& id);
    // Open / Completed / All, as the buttons do.
    void setStateFilter(opsdeck::clients::TaskFilter::State state);

public Q_SLOTS:
    // "Add task": the dialog with the tenant filter's tenant preselected.
    TaskDialog* addTask();
    // A client card's "Add task": the dialog with `tenantId` preselected ("" = a general task).
    TaskDialog* addTaskFor(const QString& tenantId);
    // The dialog for task `id` (the current row's when empty); nullptr when there is none.
    TaskDialog* editTask(const QString& id = QString());
    // Asks (MessageBox), then deletes the current task.
    void deleteCurrent();
    // Completes or reopens task `id` on the pool.
    void setCompleted(const QString& id, bool completed);

Q_SIGNALS:
    // A write the database accepted: "add", "edit", "complete", "reopen" or "delete".
    void taskChanged(const QString& what, const QString& taskId);
    // A write the database refused, with its words.
    void actionRefused(const QString& what, const QString& message);

protected:
    void fetch() override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void fillTenants(const QList<session::TenantRef>& tenants);
    void showTasks(const QList<opsdeck::clients::OperatorTask>& tasks);
    void updateActions();
    void updateEmptyHint();
    void applyColors();
    TaskDialog* openDialog(TaskDialog* dialog);
    void noteDone(const QString& text);
    void refuse(const QString& what, const QString& title, const db::DbError& error);

    opsdeck::clients::TaskModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QStackedWidget* m_tableStack = nullptr;
    QLabel* m_emptyHint = nullptr;
    QList<QToolButton*> m_stateButtons; // Open, Completed, All
    QComboBox* m_tenant = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_delete = nullptr;
    QLabel* m_notice = nullptr;
    QPointer<TaskDialog> m_dialog;
    QList<session::TenantRef> m_tenants;
    bool m_tenantsLoaded = false;
    bool m_mayUse = false;
    QString m_scope; // the session's tenant scope the combo last followed
    int m_working = 0;
};

} // namespace opsdeck::widgets::clients
