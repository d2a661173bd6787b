#include "TaskModel.h"

namespace opsdeck::clients {
namespace {

QString shortDate(const QDate& date, const QDate& today)
{
    // C-locale month names (QDate::toString): the console ships no translations yet.
    return date.year() == today.year() ? date.toString(QStringLiteral("d MMM"))
                                       : date.toString(QStringLiteral("d MMM yyyy"));
}

} // namespace

TaskModel::TaskModel(QObject* parent)
    : QAbstractTableModel(parent), m_overdueForeground(QColor(0xc6, 0x28, 0x28)),
      m_overdueBackground(QColor(0xc6, 0x28, 0x28, 28))
{}

void TaskModel::setTasks(const QList<OperatorTask>& tasks)
{
    m_requested.clear();
    QHash<QString, int> wanted;
    for (int i = 0; i < tasks.size(); ++i)
        wanted.insert(tasks.at(i).id, i);

    // Gone rows first, bottom up; what stays is then a reordering of the new rows' subset.
    for (int row = int(m_tasks.size()) - 1; row >= 0; --row) {
        if (wanted.contains(m_tasks.at(row).id))
            continue;
        beginRemoveRows({}, row, row);
        m_tasks.removeAt(row);
        endRemoveRows();
    }
    for (int i = 0; i < tasks.size(); ++i) {
        const OperatorTask& t = tasks.at(i);
        if (i < m_tasks.size() && m_tasks.at(i).id == t.id) {
            if (!(m_tasks.at(i) == t)) {
                m_tasks[i] = t;
                emitRowChanged(i);
            }
            continue;
        }
        const int from = rowOf(t.id);
        if (from > i) {
            beginMoveRows({}, from, from, {}, i);
            m_tasks.move(from, i);
            endMoveRows();
            if (!(m_tasks.at(i) == t)) {
                m_tasks[i] = t;
                emitRowChanged(i);
            }
        } else {
            beginInsertRows({}, i, i);
            m_tasks.insert(i, t);
            endInsertRows();
        }
    }
}

void TaskModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int TaskModel::rowOf(const QString& id) const
{
    for (int i = 0; i < m_tasks.size(); ++i) {
        if (m_tasks.at(i).id == id)
            return i;
    }
    return -1;
}

QDate TaskModel::today() const
{
    return m_today.isValid() ? m_today : QDate::currentDate();
}

void TaskModel::setToday(const QDate& today)
{
    if (today == m_today)
        return;
    m_today = today;
    if (!m_tasks.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void TaskModel::setOverdueColors(const QColor& foreground, const QColor& background)
{
    if (foreground == m_overdueForeground && background == m_overdueBackground)
        return;
    m_overdueForeground = foreground;
    m_overdueBackground = background;
    if (!m_tasks.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {Qt::ForegroundRole, Qt::BackgroundRole});
}

void TaskModel::cancelRequest(const QString& id)
{
    if (!m_requested.remove(id))
        return;
    const int row = rowOf(id);
    if (row >= 0)
        emitRowChanged(row);
}

int TaskModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_tasks.size());
}

int TaskModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TaskModel::priorityText(const QString& priority)
{
    if (priority == QLatin1String("high"))
        return tr("High");
    if (priority == QLatin1String("medium"))
        return tr("Medium");
    if (priority == QLatin1String("low"))
        return tr("Low");
    return priority;
}

QString TaskModel::dueText(const OperatorTask& task, const QDate& today)
{
    if (task.isCompleted()) {
        return task.completedAt.isValid()
                   ? tr("Completed %1").arg(shortDate(task.completedAt.toLocalTime().date(), today))
                   : tr("Completed");
    }
    if (!task.dueDate.isValid())
        return tr("No due date");
    const qint64 days = today.daysTo(task.dueDate);
    if (days == 0)
        return tr("Due today");
    if (days == 1)
        return tr("Due tomorrow");
    if (days == -1)
        return tr("Overdue by 1 day");
    if (days < 0)
        return tr("Overdue by %1 days").arg(-days);
    return tr("Due %1").arg(shortDate(task.dueDate, today));
}

QString TaskModel::tenantText(const OperatorTask& task)
{
    return task.isGeneral() ? tr("General") : task.tenantName;
}

QVariant TaskModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= m_tasks.size() ||
        index.column() >= ColumnCount)
        return {};
    const OperatorTask& t = m_tasks.at(index.row());
    const QDate now = today();
    const bool overdue = t.isOverdue(now);
    switch (role) {
    case TaskIdRole:
        return t.id;
    case OverdueRole:
        return overdue;
    case DaysOverdueRole:
        return t.daysOverdue(now);
    case CompletedRole:
        return t.isCompleted();
    case PriorityRole:
        return t.priority;
    case DueDateRole:
        return t.dueDate;
    case TenantIdRole:
        return t.tenantId;
    case Qt::CheckStateRole:
        if (index.column() != DoneColumn)
            return {};
        return m_requested.value(t.id, t.isCompleted()) ? Qt::Checked : Qt::Unchecked;
    case Qt::ForegroundRole:
        if (overdue && index.column() == DueColumn && m_overdueForeground.isValid())
            return m_overdueForeground;
        return {};
    case Qt::BackgroundRole:
        if (overdue && m_overdueBackground.isValid())
            return m_overdueBackground;
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn && !t.description.isEmpty())
            return t.description;
        if (index.column() == DueColumn && t.dueDate.isValid())
            return t.dueDate.toString(QStringLiteral("dddd d MMMM yyyy"));
        if (index.column() == DoneColumn)
            return t.isCompleted() ? tr("Completed — untick to reopen") : tr("Tick when done");
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn:
            return t.title;
        case TenantColumn:
            return tenantText(t);
        case PriorityColumn:
            return priorityText(t.priority);
        case DueColumn:
            return dueText(t, now);
        default:
            return {};
        }
    default:
        return {};
    }
}

bool TaskModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.column() != DoneColumn || role != Qt::CheckStateRole ||
        index.row() >= m_tasks.size())
        return false;
    const OperatorTask& t = m_tasks.at(index.row());
    const bool completed = value.toInt() == Qt::Checked;
    if (completed == m_requested.value(t.id, t.isCompleted()))
        return false;
    // Shown as asked until the database answers; the owner writes it.
    m_requested.insert(t.id, completed);
    emitRowChanged(index.row());
    Q_EMIT completionRequested(t.id, completed);
    return true;
}

Qt::ItemFlags TaskModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == DoneColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant TaskModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DoneColumn:
        return tr("Done");
    case TitleColumn:
        return tr("Task");
    case TenantColumn:
        return tr("Tenant");
    case PriorityColumn:
        return tr("Priority");
    case DueColumn:
        return tr("Due");
    default:
        return {};
    }
}

} // namespace opsdeck::clients
