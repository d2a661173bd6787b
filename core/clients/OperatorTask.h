#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace opsdeck::clients {

// One row of operator_tasks as its author sees it (row-level security shows nobody else's).
struct OperatorTask
{
    QString id; // empty: not stored yet
    QString title;
    QString description;
    QString tenantId; // empty: a general task, for no tenant
    QString tenantName;
    QString priority = QStringLiteral("medium"); // low | medium | high
    QString status = QStringLiteral("pending");  // pending | completed
    QDate dueDate;                               // invalid: no due date
    QDateTime completedAt;                       // set by the database when completed (0020)
    QDateTime createdAt;
    QDateTime updatedAt;

    bool isCompleted() const { return status == QLatin1String("completed"); }
    bool isGeneral() const { return tenantId.isEmpty(); }
    // Open and due before `today` (the operator's local date).
    bool isOverdue(const QDate& today) const
    {
        return !isCompleted() && dueDate.isValid() && dueDate < today;
    }
    // Whole days past the due date; 0 when not overdue.
    qint64 daysOverdue(const QDate& today) const { return isOverdue(today) ? dueDate.daysTo(today) : 0; }

    bool operator==(const OperatorTask&) const = default;
};

// high 3, medium 2, low 1 (0 for anything else).
int priorityRank(const QString& priority);
// low, medium, high.
QStringList taskPriorities();

// The task list's order: open tasks before completed ones; open ones by due date (overdue ones
// therefore first, no due date last), then priority high → low, then title; completed ones most
// recently completed first.
bool taskLessThan(const OperatorTask& a, const OperatorTask& b);
void sortTasks(QList<OperatorTask>& tasks);

// What the task list shows.
struct TaskFilter
{
    enum class State
    {
        Open,
        Completed,
        All,
    };
    enum class Tenant
    {
        Any,     // every task
        General, // tasks for no tenant
        One,     // the tasks of tenantId
    };

    State state = State::Open;
    Tenant tenant = Tenant::Any;
    QString tenantId; // for Tenant::One

    static TaskFilter forTenant(const QString& tenantId, State state = State::Open)
    {
        return {state, tenantId.isEmpty() ? Tenant::Any : Tenant::One, tenantId};
    }
    bool matches(const OperatorTask& task) const;
    bool operator==(const TaskFilter&) const = default;
};

} // namespace opsdeck::clients

Q_DECLARE_METATYPE(opsdeck::clients::OperatorTask)
