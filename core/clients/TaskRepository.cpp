#include "TaskRepository.h"

#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace opsdeck::clients {
namespace {

// The columns of one task, selected from `t` (operator_tasks or a data-modifying CTE over it)
// joined to its tenant as `tn`.
const QString kColumns = QStringLiteral(
    "t.id, t.title, coalesce(t.description, ''), t.tenant_id, coalesce(tn.name, ''), t.priority, t.status, "
    "t.due_date, t.completed_at, t.created_at, t.updated_at");
const QString kFromTasks =
    QStringLiteral(" FROM operator_tasks t LEFT JOIN tenants tn ON tn.id = t.tenant_id");
const QString kFromChanged = QStringLiteral(" FROM t LEFT JOIN tenants tn ON tn.id = t.tenant_id");

QDateTime timestamp(const QVariant& v)
{
    return v.isNull() ? QDateTime() : v.toDateTime();
}

OperatorTask taskFrom(const QSqlQuery& q)
{
    OperatorTask t;
    t.id = q.value(0).toString();
    t.title = q.value(1).toString();
    t.description = q.value(2).toString();
    t.tenantId = q.value(3).isNull() ? QString() : q.value(3).toString();
    t.tenantName = q.value(4).toString();
    t.priority = q.value(5).toString();
    t.status = q.value(6).toString();
    t.dueDate = q.value(7).isNull() ? QDate() : q.value(7).toDate();
    t.completedAt = timestamp(q.value(8));
    t.createdAt = timestamp(q.value(9));
    t.updatedAt = timestamp(q.value(10));
    return t;
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

QVariant textOrNull(const QString& s)
{
    return s.isEmpty() ? nullText() : QVariant(s);
}

QVariant dateOrNull(const QDate& d)
{
    return d.isValid() ? QVariant(d) : QVariant(QMetaType(QMetaType::QDate));
}

// A task or tenant id for a ?::uuid parameter; anything else is refused before it is sent.
QString checkedId(const QString& id, const QString& what, const QString& context)
{
    const QUuid u = QUuid::fromString(id);
    if (u.isNull())
        throw db::DbError{db::DbError::Kind::Query, QStringLiteral("\"%1\" is not a %2 id").arg(id, what),
                          QStringLiteral("22P02"), context};
    return u.toString(QUuid::WithoutBraces);
}

QVariant tenantParameter(const QString& tenantId, const QString& context)
{
    return tenantId.isEmpty() ? nullText() : QVariant(checkedId(tenantId, QStringLiteral("tenant"), context));
}

// Deleted meanwhile or someone else's: row-level security makes both look the same, on purpose.
db::DbError noSuchTask(const QString& context, bool change)
{
    QString message = QStringLiteral("The task is not in your list (it was deleted, or it is not yours)");
    if (change)
        message += QStringLiteral("; nothing was changed");
    return db::DbError{db::DbError::Kind::Query, message, TaskRepository::kNoSuchTask, context};
}

// The one row a statement returned; kNoSuchTask when it matched none.
OperatorTask oneTask(QSqlQuery& q, const QString& context, bool change = true)
{
    if (!q.next()) {
        q.finish();
        throw noSuchTask(context, change);
    }
    OperatorTask t = taskFrom(q);
    q.finish();
    return t;
}

void refuseProblem(const OperatorTask& task, const QString& context)
{
    const QString problem = TaskRepository::draftProblem(task);
    if (!problem.isEmpty())
        throw db::DbError{db::DbError::Kind::Constraint, problem, QStringLiteral("23514"), context};
}

} // namespace

QString TaskRepository::draftProblem(const OperatorTask& task)
{
    const QString title = task.title.trimmed();
    if (title.isEmpty())
        return QStringLiteral("A task needs a title");
    if (title.size() > 300)
        return QStringLiteral("The title is %1 characters long; 300 at most").arg(title.size());
    if (priorityRank(task.priority) == 0)
        return QStringLiteral("The priority must be high, medium or low");
    return {};
}

QList<OperatorTask> TaskRepository::list(db::Connection& c, const TaskFilter& filter)
{
    // require_permission() up front: row-level security alone would return an empty list to a role
    // without tasks.use (its check only runs when a row is read), and a refusal must be visible.
    const QString context = QStringLiteral("loading your tasks");
    QVariant status = nullText();
    if (filter.state == TaskFilter::State::Open)
        status = QStringLiteral("pending");
    else if (filter.state == TaskFilter::State::Completed)
        status = QStringLiteral("completed");
    QString tenantMode = QStringLiteral("any");
    QVariant tenant = nullText();
    if (filter.tenant == TaskFilter::Tenant::General) {
        tenantMode = QStringLiteral("general");
    } else if (filter.tenant == TaskFilter::Tenant::One) {
        tenantMode = QStringLiteral("one");
        tenant = checkedId(filter.tenantId, QStringLiteral("tenant"), context);
    }
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral("SELECT ") + kColumns + kFromTasks +
            QStringLiteral(" WHERE require_permission('tasks.use') AND (?::text IS NULL OR "
                           "t.status = ?::text) AND CASE ?::text "
                           "WHEN 'general' THEN t.tenant_id IS NULL "
                           "WHEN 'one' THEN t.tenant_id = ?::uuid ELSE true END"),
        {status, status, tenantMode, tenant}, context);
    QList<OperatorTask> tasks;
    while (q.next())
        tasks << taskFrom(q);
    q.finish();
    sortTasks(tasks);
    return tasks;
}

OperatorTask TaskRepository::get(db::Connection& c, const QString& id)
{
    const QString context = QStringLiteral("loading the task");
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral("SELECT ") + kColumns + kFromTasks +
            QStringLiteral(" WHERE require_permission('tasks.use') AND t.id = ?::uuid"),
        {checkedId(id, QStringLiteral("task"), context)}, context);
    return oneTask(q, context, false);
}

OperatorTask TaskRepository::add(db::Connection& c, const OperatorTask& task)
{
    const QString context = QStringLiteral("adding the task");
    refuseProblem(task, context);
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral("WITH t AS (INSERT INTO operator_tasks (title, description, tenant_id, "
                       "priority, due_date) VALUES (?, ?, ?::uuid, ?, ?::date) RETURNING *) "
                       "SELECT ") +
            kColumns + kFromChanged,
        {task.title.trimmed(), textOrNull(task.description.trimmed()),
         tenantParameter(task.tenantId, context), task.priority, dateOrNull(task.dueDate)},
        context);
    return oneTask(q, context);
}

OperatorTask TaskRepository::update(db::Connection& c, const OperatorTask& task)
{
    const QString context = QStringLiteral("saving the task");
    refuseProblem(task, context);
    const QString id = checkedId(task.id, QStringLiteral("task"), context);
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral(
            "WITH t AS (UPDATE operator_tasks SET title = ?, description = ?, tenant_id = ?::uuid, "
            "priority = ?, due_date = ?::date WHERE require_permission('tasks.use') AND id = ?::uuid "
            "RETURNING *) SELECT ") +
            kColumns + kFromChanged,
        {task.title.trimmed(), textOrNull(task.description.trimmed()),
         tenantParameter(task.tenantId, context), task.priority, dateOrNull(task.dueDate), id},
        context);
    return oneTask(q, context);
}

OperatorTask TaskRepository::setCompleted(db::Connection& c, const QString& id, bool completed)
{
    const QString context =
        completed ? QStringLiteral("completing the task") : QStringLiteral("reopening the task");
    QSqlQuery& q =
        c.runWithPrimaryMessage(QStringLiteral("WITH t AS (UPDATE operator_tasks SET status = ? WHERE "
                                               "require_permission('tasks.use') AND id = ?::uuid "
                                               "RETURNING *) SELECT ") +
                                    kColumns + kFromChanged,
                                {completed ? QStringLiteral("completed") : QStringLiteral("pending"),
                                 checkedId(id, QStringLiteral("task"), context)},
                                context);
    return oneTask(q, context);
}

void TaskRepository::remove(db::Connection& c, const QString& id)
{
    const QString context = QStringLiteral("deleting the task");
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral(
            "DELETE FROM operator_tasks WHERE require_permission('tasks.use') AND id = ?::uuid RETURNING id"),
        {checkedId(id, QStringLiteral("task"), context)}, context);
    const bool deleted = q.next();
    q.finish();
    if (!deleted)
        throw noSuchTask(context, true);
}

} // namespace opsdeck::clients
