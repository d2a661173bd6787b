#include "TaskDialog.h"

#include "clients/TaskModel.h"
#include "clients/TaskRepository.h"
#include "common/ErrorText.h"
#include "common/FormParts.h"
#include "common/StatusColors.h"
#include "common/TenantChoice.h"
#include "db/Connection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace opsdeck::widgets::clients {

using opsdeck::clients::OperatorTask;
using opsdeck::clients::TaskModel;
using opsdeck::clients::TaskRepository;

TaskDialog::TaskDialog(session::Session& session, const QList<session::TenantRef>& tenants,
                       const QString& tenantId, QWidget* parent)
    : QDialog(parent), m_session(session)
{
    build();
    setWindowTitle(tr("Add task"));
    m_save->setText(tr("Add task"));
    setTenants(tenants);
    selectTenant(tenantId, {});
    m_priority->setCurrentIndex(m_priority->findData(QStringLiteral("medium")));
    m_due->setDate(QDate::currentDate().addDays(1));
    if (tenants.isEmpty()) {
        // Opened before any list had the tenants (a card's quick action): fetch them, without waiting.
        m_session.loadTenants().then(this, [this](const db::DbResult<QList<session::TenantRef>>& r) {
            if (r.ok())
                setTenants(r.value());
        });
    }
    revalidate();
}

TaskDialog::TaskDialog(session::Session& session, const QList<session::TenantRef>& tenants,
                       const OperatorTask& task, QWidget* parent)
    : QDialog(parent), m_session(session), m_original(task)
{
    build();
    setWindowTitle(tr("Edit task"));
    m_save->setText(tr("Save"));
    setTenants(tenants);
    selectTenant(task.tenantId, task.tenantName);
    m_title->setText(task.title);
    m_description->setPlainText(task.description);
    m_priority->setCurrentIndex(qMax(0, m_priority->findData(task.priority)));
    m_hasDue->setChecked(task.dueDate.isValid());
    m_due->setDate(task.dueDate.isValid() ? task.dueDate : QDate::currentDate().addDays(1));
    revalidate();
}

void TaskDialog::build()
{
    setObjectName(QStringLiteral("taskDialog"));
    setMinimumWidth(460);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout();

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("taskTitle"));
    m_title->setPlaceholderText(tr("e.g. Call Harbourside about the booking flow"));
    m_title->setMaxLength(300);
    form->addRow(tr("Title"), m_title);

    m_description = new QPlainTextEdit(this);
    m_description->setObjectName(QStringLiteral("taskDescription"));
    m_description->setPlaceholderText(tr("Optional details"));
    m_description->setTabChangesFocus(true);
    m_description->setMinimumHeight(80);
    form->addRow(tr("Description"), m_description);

    m_tenant = new QComboBox(this);
    m_tenant->setObjectName(QStringLiteral("taskTenant"));
    form->addRow(tr("Tenant"), m_tenant);

    m_priority = new QComboBox(this);
    m_priority->setObjectName(QStringLiteral("taskPriority"));
    for (const QString& p : {QStringLiteral("high"), QStringLiteral("medium"), QStringLiteral("low")})
        m_priority->addItem(TaskModel::priorityText(p), p);
    form->addRow(tr("Priority"), m_priority);

    auto* dueRow = new QHBoxLayout();
    m_hasDue = new QCheckBox(tr("Due"), this);
    m_hasDue->setObjectName(QStringLiteral("taskHasDue"));
    m_due = new QDateEdit(this);
    m_due->setObjectName(QStringLiteral("taskDue"));
    m_due->setCalendarPopup(true);
    m_due->setDisplayFormat(QStringLiteral("ddd d MMM yyyy"));
    m_due->setEnabled(false);
    dueRow->addWidget(m_hasDue);
    dueRow->addWidget(m_due, 1);
    form->addRow(tr("Due date"), dueRow);
    layout->addLayout(form);

    m_problem = newProblemLabel(this, QStringLiteral("taskProblem"));
    layout->addWidget(m_problem);

    m_save = addFormButtons(this, layout, QDialogButtonBox::Cancel, tr("Save"), QStringLiteral("taskSave"),
                            &TaskDialog::submit);

    connect(m_title, &QLineEdit::textChanged, this, &TaskDialog::revalidate);
    connect(m_hasDue, &QCheckBox::toggled, m_due, &QWidget::setEnabled);
}

void TaskDialog::setTenants(const QList<session::TenantRef>& tenants)
{
    const QString current = selectedTenantId();
    const QString currentName = m_tenant->count() > 0 ? m_tenant->currentText() : QString();
    const QSignalBlocker block(m_tenant);
    m_tenant->clear();
    m_tenant->addItem(tr("General (no tenant)"), QString());
    for (const session::TenantRef& t : tenants)
        m_tenant->addItem(tenantChoiceText(t), t.id);
    selectTenant(current, currentName);
}

void TaskDialog::selectTenant(const QString& tenantId, const QString& name)
{
    int i = m_tenant->findData(tenantId);
    if (i < 0 && !tenantId.isEmpty()) {
        // Not in the list (yet): keep it chosen under the name we know, until the tenants arrive.
        m_tenant->addItem(name.isEmpty() ? tr("Selected tenant") : name, tenantId);
        i = m_tenant->count() - 1;
    }
    m_tenant->setCurrentIndex(qMax(0, i));
}

QString TaskDialog::selectedTenantId() const
{
    return m_tenant->currentData().toString();
}

OperatorTask TaskDialog::task() const
{
    OperatorTask t = m_original;
    t.title = m_title->text().trimmed();
    t.description = m_description->toPlainText().trimmed();
    t.tenantId = selectedTenantId();
    t.tenantName = t.tenantId.isEmpty() ? QString() : m_tenant->currentText();
    t.priority = m_priority->currentData().toString();
    t.dueDate = m_hasDue->isChecked() ? m_due->date() : QDate();
    return t;
}

QString TaskDialog::problemText() const
{
    return m_problem->text();
}

void TaskDialog::fill(const QString& title, const QString& tenantId, const QString& priority,
                      const QDate& due, const QString& description)
{
    m_title->setText(title);
    m_description->setPlainText(description);
    selectTenant(tenantId, {});
    m_priority->setCurrentIndex(qMax(0, m_priority->findData(priority)));
    m_hasDue->setChecked(due.isValid());
    if (due.isValid())
        m_due->setDate(due);
}

void TaskDialog::revalidate()
{
    // Nothing typed yet: no red text, only a disabled button.
    const QString problem = TaskRepository::draftProblem(task());
    if (problem.isEmpty() || m_title->text().isEmpty())
        m_problem->clear();
    else
        m_problem->setText(problem);
    m_save->setEnabled(problem.isEmpty() && !m_saving);
}

void TaskDialog::setSaving(bool saving)
{
    m_saving = saving;
    for (QWidget* w : std::initializer_list<QWidget*>{m_title, m_description, m_tenant, m_priority, m_hasDue})
        w->setEnabled(!saving);
    m_due->setEnabled(!saving && m_hasDue->isChecked());
    revalidate();
}

bool TaskDialog::submit()
{
    if (m_saving)
        return false;
    const OperatorTask t = task();
    const QString problem = TaskRepository::draftProblem(t);
    if (!problem.isEmpty()) {
        m_problem->setText(problem);
        m_title->setFocus();
        return false;
    }
    m_problem->clear();
    setSaving(true);
    const bool editing = isEditing();
    m_session.pool()
        .run([t, editing](db::Connection& c) {
            return editing ? TaskRepository::update(c, t) : TaskRepository::add(c, t);
        })
        .then(this, [this](const db::DbResult<OperatorTask>& r) {
            setSaving(false);
            if (!r.ok()) {
                // The form stays as typed: nothing is lost, and the database says why.
                const QString message = errorSentence(r.error());
                m_problem->setText(message);
                Q_EMIT refused(message);
                return;
            }
            Q_EMIT saved(r.value());
            accept();
        });
    return true;
}

} // namespace opsdeck::widgets::clients
