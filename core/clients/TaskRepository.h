#pragma once

#include "OperatorTask.h"
#include "db/Connection.h"

#include <QList>
#include <QString>

namespace opsdeck::clients {

// Clients → My tasks: the signed-in staff member's private task list (operator_tasks). PostgreSQL
// keeps it private: row-level security (0006) shows and changes only the caller's own rows and asks
// for tasks.use; each statement also asks for it up front, so a role without it is refused (42501)
// even where no row would have matched; the author is filled in by the database (0020), which also
// keeps completed_at in step with the status. Tenant names come through tenants (tenants.view).
//
// Every function is synchronous on a connection the calling thread owns (a pool job), runs one
// statement prepared once per connection and throws db::DbError with the server's own words. A
// change that matches no row — the task was deleted meanwhile, or it is someone else's, which the
// database does not even let one see — throws DbError with SQLSTATE P0002 (kNoSuchTask) rather than
// succeeding silently. Ids that are not UUIDs are refused before anything is sent (22P02).
class TaskRepository
{
public:
    // The caller's tasks matching `filter`, in the list's order (sortTasks()).
    static QList<OperatorTask> list(db::Connection& c, const TaskFilter& filter = {});
    // One task; throws kNoSuchTask when it is not (or no longer) there.
    static OperatorTask get(db::Connection& c, const QString& id);

    // Stores a new task from title, description, tenantId, priority and dueDate (status pending);
    // returns it as stored (with id, tenant name and times).
    static OperatorTask add(db::Connection& c, const OperatorTask& task);
    // Writes title, description, tenantId, priority and dueDate of task.id; returns the stored row.
    static OperatorTask update(db::Connection& c, const OperatorTask& task);
    // Completes or reopens; the database stamps or clears completed_at. Returns the stored row.
    static OperatorTask setCompleted(db::Connection& c, const QString& id, bool completed);
    static void remove(db::Connection& c, const QString& id);

    // Why the fields cannot be stored, in words for the form; empty when they can. Mirrors the
    // table's checks (title 1–300 characters after trimming, a known priority) so a form can say
    // it before sending; the database still has the last word.
    static QString draftProblem(const OperatorTask& task);

    static inline const QString kNoSuchTask = QStringLiteral("P0002");
};

} // namespace opsdeck::clients
