#include "TaskListPanel.h"

#include "TaskDialog.h"
#include "TaskItemDelegate.h"
#include "clients/TaskModel.h"
#include "clients/TaskRepository.h"
#include "common/MessageBox.h"
#include "common/StatusColors.h"
#include "common/TenantChoice.h"
#include "db/Connection.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace opsdeck::widgets::clients {

using opsdeck::clients::OperatorTask;
using opsdeck::clients::TaskFilter;
using opsdeck::clients::TaskModel;
using opsdeck::clients::TaskRepository;

namespace {

const QString kUsePermission = QStringLiteral("tasks.use");
// The tenant combo's value for "tasks for no tenant" (tenant ids are UUIDs, so it cannot clash).
const QString kGeneral = QStringLiteral("general");

} // namespace

TaskListPanel::TaskListPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("tasks"), tr("My tasks"), parent),
      m_mayUse(session.staff().has(kUsePermission))
{
    watchTables({QStringLiteral("operator_tasks")});

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    auto* toolbar = new QHBoxLayout();
    toolbar->setSpacing(6);
    auto* states = new QButtonGroup(this);
    states->setExclusive(true);
    const QList<QPair<TaskFilter::State, QString>> stateNames = {
        {TaskFilter::State::Open, tr("Open")},
        {TaskFilter::State::Completed, tr("Completed")},
        {TaskFilter::State::All, tr("All")}};
    for (const auto& [state, name] : stateNames) {
        auto* b = new QToolButton(content);
        b->setObjectName(QStringLiteral("taskState") + name);
        b->setText(name);
        b->setCheckable(true);
        b->setAutoRaise(true);
        states->addButton(b, int(state));
        toolbar->addWidget(b);
        m_stateButtons << b;
    }
    m_stateButtons.first()->setChecked(true);
    connect(states, &QButtonGroup::idClicked, this, &Panel::refresh);

    m_tenant = new QComboBox(content);
    m_tenant->setObjectName(QStringLiteral("taskTenantFilter"));
    m_tenant->setToolTip(tr("Follows the tenant chosen at the top of the window"));
    m_tenant->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_tenant->addItem(tr("All tenants"), QString());
    m_tenant->addItem(tr("General (no tenant)"), kGeneral);
    connect(m_tenant, &QComboBox::currentIndexChanged, this, &Panel::refresh);
    toolbar->addSpacing(8);
    toolbar->addWidget(m_tenant);
    toolbar->addStretch(1);

    m_notice = new QLabel(content);
    m_notice->setObjectName(QStringLiteral("taskNotice"));
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    toolbar->addWidget(m_notice);
    m_add = new QPushButton(tr("Add task"), content);
    m_add->setObjectName(QStringLiteral("taskAdd"));
    m_edit = new QPushButton(tr("Edit…"), content);
    m_edit->setObjectName(QStringLiteral("taskEdit"));
    m_delete = new QPushButton(tr("Delete"), content);
    m_delete->setObjectName(QStringLiteral("taskDelete"));
    m_delete->setToolTip(tr("Deletes the selected task after asking (Delete key)"));
    for (QPushButton* b : {m_add, m_edit, m_delete})
        toolbar->addWidget(b);
    layout->addLayout(toolbar);
    connect(m_add, &QPushButton::clicked, this, &TaskListPanel::addTask);
    connect(m_edit, &QPushButton::clicked, this, [this] { editTask(); });
    connect(m_delete, &QPushButton::clicked, this, &TaskListPanel::deleteCurrent);

    m_model = new TaskModel(this);
    m_view = new QTableView(content);
    m_view->setObjectName(QStringLiteral("taskTable"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new TaskItemDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers); // the checkbox still toggles
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    QHeaderView* header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    for (int c = 0; c < TaskModel::ColumnCount; ++c)
        header->setSectionResizeMode(c, c == TaskModel::TitleColumn ? QHeaderView::Stretch
                                                                    : QHeaderView::ResizeToContents);
    m_view->installEventFilter(this);

    m_emptyHint = new QLabel(content);
    m_emptyHint->setObjectName(QStringLiteral("taskEmpty"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    applyTone(m_emptyHint, Tone::Neutral);
    m_tableStack = new QStackedWidget(content);
    m_tableStack->addWidget(m_view);
    m_tableStack->addWidget(m_emptyHint);
    layout->addWidget(m_tableStack, 1);

    connect(m_model, &TaskModel::completionRequested, this, &TaskListPanel::setCompleted);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.column() != TaskModel::DoneColumn)
            editTask(index.data(TaskModel::TaskIdRole).toString());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TaskListPanel::updateActions);

    applyColors();
    setContentWidget(content);
    updateActions();
}

QToolButton* TaskListPanel::stateButton(TaskFilter::State state) const
{
    return m_stateButtons.value(int(state));
}

void TaskListPanel::setStateFilter(TaskFilter::State state)
{
    QToolButton* b = stateButton(state);
    if (!b || b->isChecked())
        return;
    b->setChecked(true);
    refresh();
}

TaskFilter TaskListPanel::filter() const
{
    TaskFilter f;
    for (int i = 0; i < m_stateButtons.size(); ++i) {
        if (m_stateButtons.at(i)->isChecked())
            f.state = TaskFilter::State(i);
    }
    const QString tenant = m_tenant->currentData().toString();
    if (tenant == kGeneral) {
        f.tenant = TaskFilter::Tenant::General;
    } else if (!tenant.isEmpty()) {
        f.tenant = TaskFilter::Tenant::One;
        f.tenantId = tenant;
    }
    return f;
}

QString TaskListPanel::noticeText() const
{
    return m_notice->text();
}

QString TaskListPanel::emptyHintText() const
{
    return m_tableStack->currentWidget() == m_emptyHint ? m_emptyHint->text() : QString();
}

const OperatorTask* TaskListPanel::currentTask() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid() || current.row() >= m_model->rowCount())
        return nullptr;
    return &m_model->task(current.row());
}

bool TaskListPanel::selectTask(const QString& id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    m_view->selectRow(row);
    m_view->selectionModel()->setCurrentIndex(m_model->index(row, TaskModel::TitleColumn),
                                              QItemSelectionModel::NoUpdate);
    return true;
}

void TaskListPanel::fillTenants(const QList<session::TenantRef>& tenants)
{
    m_tenants = tenants;
    m_tenantsLoaded = true;
    replaceTenantChoices(m_tenant, 2, tenants); // after "All tenants" and "General"
}

void TaskListPanel::fetch()
{
    followScopeTenant(m_tenant, session().tenantScope(), m_scope);
    if (!m_mayUse) {
        showEmpty(tr("Your role has no task list (it needs the tasks.use permission)."));
        return;
    }
    if (!m_tenantsLoaded)
        load(session().loadTenants(), [this](const QList<session::TenantRef>& t) { fillTenants(t); });
    const TaskFilter f = filter();
    load(session().pool().run([f](db::Connection& c) { return TaskRepository::list(c, f); }),
         [this, f](const QList<OperatorTask>& tasks) {
             // Asked for filters changed meanwhile: the round queued by the change shows the right rows.
             if (f == filter())
                 showTasks(tasks);
         });
}

void TaskListPanel::showTasks(const QList<OperatorTask>& tasks)
{
    m_model->setTasks(tasks);
    updateEmptyHint();
    updateActions();
}

void TaskListPanel::updateEmptyHint()
{
    if (m_model->rowCount() > 0) {
        m_tableStack->setCurrentWidget(m_view);
        return;
    }
    const TaskFilter f = filter();
    QString text = f.state == TaskFilter::State::Open        ? tr("No open tasks")
                   : f.state == TaskFilter::State::Completed ? tr("No completed tasks")
                                                             : tr("No tasks yet");
    if (f.tenant == TaskFilter::Tenant::General)
        text += tr(" without a tenant");
    else if (f.tenant == TaskFilter::Tenant::One)
        text += tr(" for %1").arg(m_tenant->currentText());
    m_emptyHint->setText(text);
    m_tableStack->setCurrentWidget(m_emptyHint);
}

void TaskListPanel::updateActions()
{
    const bool hasCurrent = currentTask() != nullptr;
    m_add->setEnabled(m_mayUse);
    m_edit->setEnabled(m_mayUse && hasCurrent);
    m_delete->setEnabled(m_mayUse && hasCurrent && m_working == 0);
}

void TaskListPanel::applyColors()
{
    const StatusColors colors = StatusColors::forPalette(palette());
    QColor background = colors.bad;
    background.setAlphaF(StatusColors::isDark(palette()) ? 0.20f : 0.10f);
    m_model->setOverdueColors(colors.bad, background);
}

void TaskListPanel::changeEvent(QEvent* event)
{
    Panel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_model)
        applyColors();
}

bool TaskListPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Delete && key->modifiers() == Qt::NoModifier) {
            deleteCurrent();
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && currentTask()) {
            editTask();
            return true;
        }
    }
    return Panel::eventFilter(watched, event);
}

TaskDialog* TaskListPanel::openDialog(TaskDialog* dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const bool editing = dialog->isEditing();
    connect(dialog, &TaskDialog::saved, this, [this, editing](const OperatorTask& t) {
        noteDone(editing ? tr("Saved “%1”.").arg(t.title) : tr("Added “%1”.").arg(t.title));
        Q_EMIT taskChanged(editing ? QStringLiteral("edit") : QStringLiteral("add"), t.id);
        refresh();
    });
    m_dialog = dialog;
    dialog->open();
    return dialog;
}

TaskDialog* TaskListPanel::addTask()
{
    const TaskFilter f = filter();
    return addTaskFor(f.tenant == TaskFilter::Tenant::One ? f.tenantId : QString());
}

TaskDialog* TaskListPanel::addTaskFor(const QString& tenantId)
{
    if (!m_mayUse)
        return nullptr;
    return openDialog(new TaskDialog(session(), m_tenants, tenantId, this));
}

TaskDialog* TaskListPanel::editTask(const QString& id)
{
    if (!m_mayUse)
        return nullptr;
    const OperatorTask* current = currentTask();
    const int row = id.isEmpty() ? (current ? m_model->rowOf(current->id) : -1) : m_model->rowOf(id);
    if (row < 0)
        return nullptr;
    return openDialog(new TaskDialog(session(), m_tenants, m_model->task(row), this));
}

void TaskListPanel::deleteCurrent()
{
    const OperatorTask* t = currentTask();
    if (!t || !m_mayUse || m_working > 0)
        return;
    const QString id = t->id;
    const QString title = t->title;
    if (MessageBox::question(this, tr("Delete task"), tr("Delete “%1”? This cannot be undone.").arg(title),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    ++m_working;
    updateActions();
    session()
        .pool()
        .run([id](db::Connection& c) {
            TaskRepository::remove(c, id);
            return true;
        })
        .then(this, [this, id, title](const db::DbResult<bool>& r) {
            --m_working;
            updateActions();
            if (!r.ok()) {
                refuse(QStringLiteral("delete"), tr("Task not deleted"), r.error());
                refresh(); // it may be gone already: show what is there
                return;
            }
            noteDone(tr("Deleted “%1”.").arg(title));
            Q_EMIT taskChanged(QStringLiteral("delete"), id);
            refresh();
        });
}

void TaskListPanel::setCompleted(const QString& id, bool completed)
{
    if (!m_mayUse)
        return;
    ++m_working;
    updateActions();
    session()
        .pool()
        .run([id, completed](db::Connection& c) { return TaskRepository::setCompleted(c, id, completed); })
        .then(this, [this, id, completed](const db::DbResult<OperatorTask>& r) {
            --m_working;
            updateActions();
            const QString what = completed ? QStringLiteral("complete") : QStringLiteral("reopen");
            if (!r.ok()) {
                m_model->cancelRequest(id);
                refuse(what, completed ? tr("Task not completed") : tr("Task not reopened"), r.error());
                refresh();
                return;
            }
            noteDone(completed ? tr("Completed “%1”.").arg(r.value().title)
                               : tr("Reopened “%1”.").arg(r.value().title));
            Q_EMIT taskChanged(what, id);
            refresh();
        });
}

void TaskListPanel::noteDone(const QString& text)
{
    m_notice->setText(text);
    applyTone(m_notice, Tone::Good);
}

void TaskListPanel::refuse(const QString& what, const QString& title, const db::DbError& error)
{
    const QString message = error.text();
    m_notice->setText(message);
    applyTone(m_notice, Tone::Bad);
    Q_EMIT actionRefused(what, message);
    MessageBox::warning(this, title, message);
}

} // namespace opsdeck::widgets::clients
