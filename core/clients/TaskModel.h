#pragma once

#include "OperatorTask.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QDate>
#include <QHash>
#include <QList>

namespace opsdeck::clients {

// The task list as a table: done checkbox, title, tenant, priority, due date. The rows are what
// TaskRepository::list() returned, kept in the list's order (sortTasks()); setTasks() updates them
// in place by id (changed rows emit dataChanged, new ones are inserted, gone ones removed, moved
// ones moved), so selection and scroll survive a live refresh.
//
// Ticking the checkbox does not write anything: it emits completionRequested() for the owner to
// run through TaskRepository on the pool, and shows the requested state until the next setTasks()
// (or cancelRequest() when the database refused).
class TaskModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        DoneColumn,
        TitleColumn,
        TenantColumn,
        PriorityColumn,
        DueColumn,
        ColumnCount,
    };
    enum Role
    {
        TaskIdRole = Qt::UserRole + 1,
        OverdueRole,     // bool: open and past its due date
        DaysOverdueRole, // qint64
        CompletedRole,   // bool
        PriorityRole,    // "high" | "medium" | "low"
        DueDateRole,     // QDate, null when none
        TenantIdRole,    // empty for a general task
    };

    explicit TaskModel(QObject* parent = nullptr);

    void setTasks(const QList<OperatorTask>& tasks);
    const QList<OperatorTask>& tasks() const { return m_tasks; }
    const OperatorTask& task(int row) const { return m_tasks.at(row); }
    // The row of task `id`, or -1.
    int rowOf(const QString& id) const;

    // The date "overdue" and "due today" are counted from; the local date unless set (tests).
    QDate today() const;
    void setToday(const QDate& today);
    // How an overdue row is drawn: `foreground` for its due date, `background` for the whole row.
    // Invalid colours draw nothing. The panel sets them from the palette's status colours.
    void setOverdueColors(const QColor& foreground, const QColor& background);
    QColor overdueForeground() const { return m_overdueForeground; }
    QColor overdueBackground() const { return m_overdueBackground; }

    // Forgets a requested completion the database refused: the row shows its stored state again.
    void cancelRequest(const QString& id);
    bool hasPendingRequest(const QString& id) const { return m_requested.contains(id); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "High" for "high".
    static QString priorityText(const QString& priority);
    // "Due today", "Due tomorrow", "Overdue by 3 days", "Due 24 Nov" (with the year when it is not
    // this year's), "No due date"; completed tasks "Completed 20 Nov".
    static QString dueText(const OperatorTask& task, const QDate& today);
    // "General" for a task without a tenant.
    static QString tenantText(const OperatorTask& task);

Q_SIGNALS:
    // The checkbox of `taskId` was ticked (completed) or cleared (reopen).
    void completionRequested(const QString& taskId, bool completed);

private:
    void emitRowChanged(int row);

    QList<OperatorTask> m_tasks;
    QHash<QString, bool> m_requested; // id → requested completion, until the next setTasks()
    QDate m_today;
    QColor m_overdueForeground;
    QColor m_overdueBackground;
};

} // namespace opsdeck::clients
