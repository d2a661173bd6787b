// Clients → My tasks and the cards' "Add note" against a real database with real logins: the task
// list's add, edit, complete, reopen and delete through TaskRepository; completed_at kept with the
// status by PostgreSQL (0020) whoever writes; privacy between two staff members — the database
// hides one's tasks and notes from the other, a change of someone else's task changes nothing and
// says so, a row written in someone else's name is refused (42501) — and a role without tasks.use
// or notes.use refused; TaskModel's order, overdue flag, in-place updates and completion requests.
// Expectations come from the rows read as superuser, not from the code under test.
#include "TestDatabase.h"
#include "clients/TaskModel.h"
#include "clients/TaskRepository.h"
#include "db/Connection.h"
#include "notes/NoteRepository.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <catch2/catch.hpp>
#include <memory>

namespace Catch {
template <> struct StringMaker<QString>
{
    static std::string convert(const QString& s) { return '"' + s.toStdString() + '"'; }
};
} // namespace Catch

using namespace opsdeck;
using clients::OperatorTask;
using clients::TaskFilter;
using clients::TaskModel;
using clients::TaskRepository;
using notes::NoteRepository;

namespace {

QString quoted(const QString& s)
{
    return QLatin1Char('\'') + QString(s).replace(QLatin1Char('\''), QStringLiteral("''")) +
           QLatin1Char('\'');
}

struct Login
{
    test::TestDatabase::Staff staff;
    std::unique_ptr<db::Connection> c;
    QString staffId;
};

struct Fixture
{
    test::TestDatabase db;
    QString acme;
    QString bistro;

    Fixture()
    {
        acme = text(
            QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Acme Plumbing', 'acme') RETURNING id"));
        bistro = text(
            QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Bistro Nord', 'bistro') RETURNING id"));
    }

    QString text(const QString& sql) { return db.scalar(sql).toString(); }
    qint64 number(const QString& sql) { return db.scalar(sql).toLongLong(); }

    Login login(const QString& role, const QString& suffix)
    {
        Login l;
        l.staff = db.createStaff(role, QStringLiteral("Staff ") + suffix, suffix);
        l.c = std::make_unique<db::Connection>(l.staff.profile, l.staff.password,
                                               QStringLiteral("tasks-") + suffix);
        l.c->setAllowedOnGuiThread(true);
        l.staffId = text(QStringLiteral("SELECT id FROM staff WHERE login = %1").arg(quoted(l.staff.login)));
        return l;
    }

    // The stored row's column as superuser ("" for NULL).
    QString column(const QString& taskId, const QString& expression)
    {
        return text(QStringLiteral("SELECT coalesce((%1)::text, '') FROM operator_tasks WHERE id = %2")
                        .arg(expression, quoted(taskId)));
    }
};

OperatorTask draft(const QString& title, const QString& tenantId = {},
                   const QString& priority = QStringLiteral("medium"), const QDate& due = {})
{
    OperatorTask t;
    t.title = title;
    t.tenantId = tenantId;
    t.priority = priority;
    t.dueDate = due;
    return t;
}

// The SQLSTATE `job` threw, or "" when it did not throw.
template <typename Job> QString stateOf(Job job, QString* message = nullptr)
{
    try {
        job();
        return {};
    } catch (const db::DbError& e) {
        if (message)
            *message = e.message;
        return e.sqlState.isEmpty() ? QStringLiteral("?") : e.sqlState;
    }
}

QString sqlState(db::Connection& c, const QString& sql)
{
    return stateOf([&] { c.execScript(sql, QString()); });
}

QStringList titles(const QList<OperatorTask>& tasks)
{
    QStringList l;
    for (const OperatorTask& t : tasks)
        l << t.title;
    return l;
}

} // namespace

TEST_CASE("Tasks are added, listed, edited, completed, reopened and deleted through the repository",
          "[tasks]")
{
    Fixture f;
    Login a = f.login(QStringLiteral("agent"), QStringLiteral("ana"));
    const QDate due = QDate::currentDate().addDays(5);

    OperatorTask general = TaskRepository::add(*a.c, draft(QStringLiteral("  Tidy subscriptions  ")));
    OperatorTask acme =
        TaskRepository::add(*a.c, draft(QStringLiteral("Call Acme"), f.acme, QStringLiteral("high"), due));
    REQUIRE_FALSE(general.id.isEmpty());
    // The database filled in the author and kept the title trimmed; the row comes back as stored.
    CHECK(f.column(general.id, QStringLiteral("created_by")) == a.staffId);
    CHECK(f.column(general.id, QStringLiteral("title")) == QStringLiteral("Tidy subscriptions"));
    CHECK(general.title == QStringLiteral("Tidy subscriptions"));
    CHECK(general.isGeneral());
    CHECK(general.status == QStringLiteral("pending"));
    CHECK_FALSE(general.completedAt.isValid());
    CHECK(acme.tenantId == f.acme);
    CHECK(acme.tenantName == QStringLiteral("Acme Plumbing"));
    CHECK(acme.dueDate == due);
    CHECK(f.column(acme.id, QStringLiteral("due_date")) == due.toString(Qt::ISODate));
    CHECK(f.column(acme.id, QStringLiteral("priority")) == QStringLiteral("high"));

    // Filters: state and tenant.
    CHECK(TaskRepository::list(*a.c).size() == 2);
    CHECK(titles(TaskRepository::list(*a.c, {TaskFilter::State::Open, TaskFilter::Tenant::General, {}})) ==
          QStringList{QStringLiteral("Tidy subscriptions")});
    CHECK(titles(TaskRepository::list(*a.c, TaskFilter::forTenant(f.acme))) ==
          QStringList{QStringLiteral("Call Acme")});
    CHECK(TaskRepository::list(*a.c, TaskFilter::forTenant(f.bistro)).isEmpty());
    CHECK(TaskRepository::list(*a.c, {TaskFilter::State::Completed, TaskFilter::Tenant::Any, {}}).isEmpty());

    // Edit: every field, the tenant moved to another one, the due date removed.
    OperatorTask edited = acme;
    edited.title = QStringLiteral("Call Bistro instead");
    edited.description = QStringLiteral("About the function room");
    edited.tenantId = f.bistro;
    edited.priority = QStringLiteral("low");
    edited.dueDate = QDate();
    const OperatorTask stored = TaskRepository::update(*a.c, edited);
    CHECK(stored.tenantName == QStringLiteral("Bistro Nord"));
    CHECK(f.column(acme.id, QStringLiteral("title")) == QStringLiteral("Call Bistro instead"));
    CHECK(f.column(acme.id, QStringLiteral("description")) == QStringLiteral("About the function room"));
    CHECK(f.column(acme.id, QStringLiteral("tenant_id")) == f.bistro);
    CHECK(f.column(acme.id, QStringLiteral("priority")) == QStringLiteral("low"));
    CHECK(f.column(acme.id, QStringLiteral("due_date")).isEmpty());
    CHECK(f.number(
              QStringLiteral("SELECT count(*) FROM operator_tasks WHERE id = %1 AND updated_at > created_at")
                  .arg(quoted(acme.id))) == 1);

    // Completing stamps completed_at, reopening clears it: the database keeps them together.
    const OperatorTask done = TaskRepository::setCompleted(*a.c, general.id, true);
    CHECK(done.isCompleted());
    CHECK(done.completedAt.isValid());
    CHECK(f.column(general.id, QStringLiteral("status")) == QStringLiteral("completed"));
    CHECK_FALSE(f.column(general.id, QStringLiteral("completed_at")).isEmpty());
    CHECK(titles(TaskRepository::list(*a.c, {TaskFilter::State::Completed, TaskFilter::Tenant::Any, {}})) ==
          QStringList{QStringLiteral("Tidy subscriptions")});
    CHECK(titles(TaskRepository::list(*a.c)) == QStringList{QStringLiteral("Call Bistro instead")});
    // Editing a completed task keeps its completion time.
    const QString completedAt = f.column(general.id, QStringLiteral("completed_at"));
    OperatorTask renamed = done;
    renamed.title = QStringLiteral("Tidy alert subscriptions");
    TaskRepository::update(*a.c, renamed);
    CHECK(f.column(general.id, QStringLiteral("completed_at")) == completedAt);
    const OperatorTask reopened = TaskRepository::setCompleted(*a.c, general.id, false);
    CHECK_FALSE(reopened.isCompleted());
    CHECK_FALSE(reopened.completedAt.isValid());
    CHECK(f.column(general.id, QStringLiteral("completed_at")).isEmpty());

    // Plain SQL that sets only the status is kept consistent too (the CHECK would refuse it before 0020).
    CHECK(sqlState(*a.c, QStringLiteral("UPDATE operator_tasks SET status = 'completed' WHERE id = %1")
                             .arg(quoted(acme.id)))
              .isEmpty());
    CHECK_FALSE(f.column(acme.id, QStringLiteral("completed_at")).isEmpty());
    CHECK(sqlState(*a.c, QStringLiteral(
                             "INSERT INTO operator_tasks (title, status) VALUES ('Born done', 'completed')"))
              .isEmpty());
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM operator_tasks WHERE title = 'Born done' AND "
                                  "completed_at IS NOT NULL AND created_by = %1")
                       .arg(quoted(a.staffId))) == 1);

    // Delete; a second delete finds nothing and says so.
    TaskRepository::remove(*a.c, acme.id);
    CHECK(f.number(
              QStringLiteral("SELECT count(*) FROM operator_tasks WHERE id = %1").arg(quoted(acme.id))) == 0);
    QString message;
    CHECK(stateOf([&] { TaskRepository::remove(*a.c, acme.id); }, &message) == TaskRepository::kNoSuchTask);
    CHECK(message.contains(QStringLiteral("not in your list")));
    CHECK(stateOf([&] { TaskRepository::setCompleted(*a.c, acme.id, true); }) == TaskRepository::kNoSuchTask);
    CHECK(stateOf([&] { TaskRepository::get(*a.c, acme.id); }) == TaskRepository::kNoSuchTask);

    // Bad input is refused before anything is sent, in words; the table is unchanged.
    const qint64 before = f.number(QStringLiteral("SELECT count(*) FROM operator_tasks"));
    CHECK(stateOf([&] { TaskRepository::add(*a.c, draft(QStringLiteral("   "))); }, &message) ==
          QStringLiteral("23514"));
    CHECK(message == QStringLiteral("A task needs a title"));
    CHECK(stateOf([&] { TaskRepository::add(*a.c, draft(QString(301, QLatin1Char('x')))); }) ==
          QStringLiteral("23514"));
    CHECK(stateOf([&] {
              TaskRepository::add(*a.c, draft(QStringLiteral("x"), {}, QStringLiteral("urgent")));
          }) == QStringLiteral("23514"));
    CHECK(stateOf([&] { TaskRepository::add(*a.c, draft(QStringLiteral("x"), QStringLiteral("acme"))); }) ==
          QStringLiteral("22P02"));
    CHECK(stateOf([&] { TaskRepository::remove(*a.c, QStringLiteral("1; DROP TABLE x")); }) ==
          QStringLiteral("22P02"));
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM operator_tasks")) == before);
    // The database's own words for what it refuses (a tenant that does not exist).
    CHECK(stateOf([&] {
              TaskRepository::add(
                  *a.c, draft(QStringLiteral("x"), QStringLiteral("00000000-0000-0000-0000-000000000001")));
          }) == QStringLiteral("23503"));
}

TEST_CASE("Tasks are private to their author and need tasks.use", "[tasks][security]")
{
    Fixture f;
    Login a = f.login(QStringLiteral("agent"), QStringLiteral("ana"));
    Login b = f.login(QStringLiteral("manager"), QStringLiteral("ben"));
    Login viewer = f.login(QStringLiteral("viewer"), QStringLiteral("vic")); // no tasks.use
    REQUIRE(
        f.number(QStringLiteral("SELECT count(*) FROM role_permissions rp JOIN roles r ON r.id = rp.role_id "
                                "JOIN permissions p ON p.id = rp.permission_id "
                                "WHERE r.name = 'viewer' AND p.code = 'tasks.use'")) == 0);

    const OperatorTask mine =
        TaskRepository::add(*a.c, draft(QStringLiteral("Ana's task"), f.acme, QStringLiteral("high")));
    const OperatorTask his = TaskRepository::add(*b.c, draft(QStringLiteral("Ben's task")));

    // Each sees only their own.
    CHECK(titles(TaskRepository::list(*a.c, {TaskFilter::State::All, TaskFilter::Tenant::Any, {}})) ==
          QStringList{QStringLiteral("Ana's task")});
    CHECK(titles(TaskRepository::list(*b.c, {TaskFilter::State::All, TaskFilter::Tenant::Any, {}})) ==
          QStringList{QStringLiteral("Ben's task")});
    CHECK(TaskRepository::list(*b.c, TaskFilter::forTenant(f.acme)).isEmpty());

    // Ben's changes of Ana's task change nothing and say so.
    OperatorTask hijack = mine;
    hijack.title = QStringLiteral("Hijacked");
    QString message;
    CHECK(stateOf([&] { TaskRepository::update(*b.c, hijack); }, &message) == TaskRepository::kNoSuchTask);
    CHECK(message.contains(QStringLiteral("nothing was changed")));
    CHECK(stateOf([&] { TaskRepository::setCompleted(*b.c, mine.id, true); }) == TaskRepository::kNoSuchTask);
    CHECK(stateOf([&] { TaskRepository::remove(*b.c, mine.id); }) == TaskRepository::kNoSuchTask);
    CHECK(stateOf([&] { TaskRepository::get(*b.c, mine.id); }) == TaskRepository::kNoSuchTask);
    CHECK(f.column(mine.id, QStringLiteral("title")) == QStringLiteral("Ana's task"));
    CHECK(f.column(mine.id, QStringLiteral("status")) == QStringLiteral("pending"));

    // Nor can he write a task in her name, or move his own to her.
    CHECK(
        sqlState(*b.c, QStringLiteral("INSERT INTO operator_tasks (title, created_by) VALUES ('Forged', %1)")
                           .arg(quoted(a.staffId))) == QStringLiteral("42501"));
    CHECK(sqlState(*b.c, QStringLiteral("UPDATE operator_tasks SET created_by = %1 WHERE id = %2")
                             .arg(quoted(a.staffId), quoted(his.id))) == QStringLiteral("42501"));
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM operator_tasks WHERE created_by = %1")
                       .arg(quoted(a.staffId))) == 1);
    CHECK(f.column(his.id, QStringLiteral("created_by")) == b.staffId);

    // A role without tasks.use is refused outright, not shown an empty list.
    CHECK(stateOf([&] { TaskRepository::list(*viewer.c); }) == QStringLiteral("42501"));
    CHECK(stateOf([&] { TaskRepository::add(*viewer.c, draft(QStringLiteral("Viewer's task"))); }) ==
          QStringLiteral("42501"));
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM operator_tasks WHERE title = 'Viewer''s task'")) ==
          0);
    CHECK(stateOf([&] { TaskRepository::setCompleted(*viewer.c, mine.id, true); }) ==
          QStringLiteral("42501"));
    CHECK(stateOf([&] { TaskRepository::remove(*viewer.c, mine.id); }) == QStringLiteral("42501"));
    CHECK(f.column(mine.id, QStringLiteral("status")) == QStringLiteral("pending"));
}

TEST_CASE("Notes are added and listed by tenant, private to their author and need notes.use",
          "[tasks][notes]")
{
    Fixture f;
    Login a = f.login(QStringLiteral("agent"), QStringLiteral("ana"));
    Login b = f.login(QStringLiteral("support"), QStringLiteral("sue"));
    Login viewer = f.login(QStringLiteral("viewer"), QStringLiteral("vic"));

    const notes::ConsultantNote first =
        NoteRepository::add(*a.c, f.acme, QStringLiteral("Prefers calls on Monday"), false);
    const notes::ConsultantNote pinned =
        NoteRepository::add(*a.c, f.acme, QStringLiteral("  Flagship account  "), true);
    NoteRepository::add(*a.c, f.bistro, QStringLiteral("Bistro note"), false);
    CHECK(pinned.pinned);
    CHECK(pinned.content == QStringLiteral("Flagship account"));
    CHECK(f.text(QStringLiteral("SELECT created_by FROM consultant_notes WHERE id = %1")
                     .arg(quoted(first.id))) == a.staffId);
    CHECK(f.text(QStringLiteral("SELECT is_pinned FROM consultant_notes WHERE id = %1")
                     .arg(quoted(pinned.id))) == QStringLiteral("true"));

    // Pinned first, then newest first; only the tenant's.
    const QList<notes::ConsultantNote> acmeNotes = NoteRepository::list(*a.c, f.acme);
    REQUIRE(acmeNotes.size() == 2);
    CHECK(acmeNotes.at(0).id == pinned.id);
    CHECK(acmeNotes.at(1).id == first.id);

    // Sue sees none of Ana's, cannot write in her name; the viewer is refused.
    CHECK(NoteRepository::list(*b.c, f.acme).isEmpty());
    CHECK(sqlState(*b.c,
                   QStringLiteral(
                       "INSERT INTO consultant_notes (tenant_id, content, created_by) VALUES (%1, 'x', %2)")
                       .arg(quoted(f.acme), quoted(a.staffId))) == QStringLiteral("42501"));
    CHECK(sqlState(*b.c, QStringLiteral("UPDATE consultant_notes SET content = 'changed'"))
              .isEmpty()); // matches none
    CHECK(
        f.text(QStringLiteral("SELECT content FROM consultant_notes WHERE id = %1").arg(quoted(first.id))) ==
        QStringLiteral("Prefers calls on Monday"));
    NoteRepository::add(*b.c, f.acme, QStringLiteral("Sue's own"), false);
    CHECK(NoteRepository::list(*b.c, f.acme).size() == 1);
    CHECK(NoteRepository::list(*a.c, f.acme).size() == 2);
    CHECK(stateOf([&] { NoteRepository::list(*viewer.c, f.acme); }) == QStringLiteral("42501"));
    CHECK(stateOf([&] { NoteRepository::add(*viewer.c, f.acme, QStringLiteral("x"), false); }) ==
          QStringLiteral("42501"));

    // Empty text and a bad tenant id are refused before anything is sent.
    QString message;
    CHECK(stateOf([&] { NoteRepository::add(*a.c, f.acme, QStringLiteral("  \n "), false); }, &message) ==
          QStringLiteral("23514"));
    CHECK(message == QStringLiteral("A note needs some text"));
    CHECK(stateOf([&] { NoteRepository::add(*a.c, QStringLiteral("acme"), QStringLiteral("x"), false); }) ==
          QStringLiteral("22P02"));
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM consultant_notes")) == 4);
}

TEST_CASE("The task list is ordered open first, by due date, then priority", "[tasks]")
{
    const QDate today(2026, 11, 21);
    auto task = [](const QString& id, const QString& priority, const QDate& due, bool completed = false,
                   const QDateTime& completedAt = {}) {
        OperatorTask t;
        t.id = id;
        t.title = id;
        t.priority = priority;
        t.dueDate = due;
        t.status = completed ? QStringLiteral("completed") : QStringLiteral("pending");
        t.completedAt = completedAt;
        return t;
    };
    QList<OperatorTask> tasks = {
        task(QStringLiteral("done-old"), QStringLiteral("high"), today, true,
             QDateTime(today.addDays(-3), QTime(9, 0))),
        task(QStringLiteral("no-due-high"), QStringLiteral("high"), {}),
        task(QStringLiteral("later-low"), QStringLiteral("low"), today.addDays(3)),
        task(QStringLiteral("done-new"), QStringLiteral("low"), {}, true,
             QDateTime(today.addDays(-1), QTime(9, 0))),
        task(QStringLiteral("today-low"), QStringLiteral("low"), today),
        task(QStringLiteral("overdue-1"), QStringLiteral("low"), today.addDays(-1)),
        task(QStringLiteral("today-high"), QStringLiteral("high"), today),
        task(QStringLiteral("overdue-3"), QStringLiteral("medium"), today.addDays(-3)),
        task(QStringLiteral("no-due-low"), QStringLiteral("low"), {}),
    };
    clients::sortTasks(tasks);
    CHECK(titles(tasks) ==
          QStringList{QStringLiteral("overdue-3"), QStringLiteral("overdue-1"), QStringLiteral("today-high"),
                      QStringLiteral("today-low"), QStringLiteral("later-low"), QStringLiteral("no-due-high"),
                      QStringLiteral("no-due-low"), QStringLiteral("done-new"), QStringLiteral("done-old")});

    CHECK(TaskModel::dueText(task(QStringLiteral("x"), QStringLiteral("low"), today), today) ==
          QStringLiteral("Due today"));
    CHECK(TaskModel::dueText(task(QStringLiteral("x"), QStringLiteral("low"), today.addDays(1)), today) ==
          QStringLiteral("Due tomorrow"));
    CHECK(TaskModel::dueText(task(QStringLiteral("x"), QStringLiteral("low"), today.addDays(-3)), today) ==
          QStringLiteral("Overdue by 3 days"));
    CHECK(TaskModel::dueText(task(QStringLiteral("x"), QStringLiteral("low"), today.addDays(-1)), today) ==
          QStringLiteral("Overdue by 1 day"));
    CHECK(TaskModel::dueText(task(QStringLiteral("x"), QStringLiteral("low"), QDate(2026, 11, 24)), today) ==
          QStringLiteral("Due 24 Nov"));
    CHECK(TaskModel::dueText(task(QStringLiteral("x"), QStringLiteral("low"), QDate(2027, 1, 5)), today) ==
          QStringLiteral("Due 5 Jan 2027"));
    CHECK(TaskModel::dueText(task(QStringLiteral("x"), QStringLiteral("low"), {}), today) ==
          QStringLiteral("No due date"));
}

TEST_CASE("TaskModel shows the stored tasks, flags overdue ones, updates in place and asks to complete",
          "[tasks][model]")
{
    Fixture f;
    Login a = f.login(QStringLiteral("agent"), QStringLiteral("ana"));
    const QDate today = QDate::currentDate();
    const OperatorTask overdue = TaskRepository::add(
        *a.c, draft(QStringLiteral("Chase the token"), f.acme, QStringLiteral("low"), today.addDays(-3)));
    const OperatorTask soon =
        TaskRepository::add(*a.c, draft(QStringLiteral("Send the deck"), {}, QStringLiteral("high"), today));
    const OperatorTask someday =
        TaskRepository::add(*a.c, draft(QStringLiteral("Someday"), f.bistro, QStringLiteral("medium")));

    TaskModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setToday(today);
    model.setOverdueColors(QColor(Qt::red), QColor(255, 0, 0, 30));
    const TaskFilter all{TaskFilter::State::All, TaskFilter::Tenant::Any, {}};
    model.setTasks(TaskRepository::list(*a.c, all));
    REQUIRE(model.rowCount() == 3);
    CHECK(model.columnCount() == TaskModel::ColumnCount);
    auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.data(model.index(row, column), role);
    };
    CHECK(cell(0, TaskModel::TitleColumn).toString() == QStringLiteral("Chase the token"));
    CHECK(cell(1, TaskModel::TitleColumn).toString() == QStringLiteral("Send the deck"));
    CHECK(cell(2, TaskModel::TitleColumn).toString() == QStringLiteral("Someday"));
    CHECK(cell(0, TaskModel::TenantColumn).toString() == QStringLiteral("Acme Plumbing"));
    CHECK(cell(1, TaskModel::TenantColumn).toString() == QStringLiteral("General"));
    CHECK(cell(1, TaskModel::PriorityColumn).toString() == QStringLiteral("High"));
    CHECK(cell(0, TaskModel::DueColumn).toString() == QStringLiteral("Overdue by 3 days"));
    CHECK(cell(1, TaskModel::DueColumn).toString() == QStringLiteral("Due today"));
    // Only the overdue row is flagged and coloured.
    CHECK(cell(0, 0, TaskModel::OverdueRole).toBool());
    CHECK(cell(0, 0, TaskModel::DaysOverdueRole).toLongLong() == 3);
    CHECK(cell(0, TaskModel::DueColumn, Qt::ForegroundRole).value<QColor>() == QColor(Qt::red));
    CHECK(cell(0, TaskModel::TitleColumn, Qt::BackgroundRole).value<QColor>() == QColor(255, 0, 0, 30));
    for (int row : {1, 2}) {
        CHECK_FALSE(cell(row, 0, TaskModel::OverdueRole).toBool());
        CHECK_FALSE(cell(row, TaskModel::DueColumn, Qt::ForegroundRole).isValid());
        CHECK_FALSE(cell(row, TaskModel::TitleColumn, Qt::BackgroundRole).isValid());
    }
    CHECK(cell(0, TaskModel::DoneColumn, Qt::CheckStateRole).toInt() == Qt::Unchecked);
    CHECK(model.flags(model.index(0, TaskModel::DoneColumn)).testFlag(Qt::ItemIsUserCheckable));
    CHECK_FALSE(model.flags(model.index(0, TaskModel::TitleColumn)).testFlag(Qt::ItemIsUserCheckable));

    // Ticking asks; it does not write. The box shows the request until the database answers.
    QSignalSpy requested(&model, &TaskModel::completionRequested);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    CHECK(model.setData(model.index(1, TaskModel::DoneColumn), Qt::Checked, Qt::CheckStateRole));
    REQUIRE(requested.size() == 1);
    CHECK(requested.at(0).at(0).toString() == soon.id);
    CHECK(requested.at(0).at(1).toBool());
    CHECK(changed.size() == 1);
    CHECK(cell(1, TaskModel::DoneColumn, Qt::CheckStateRole).toInt() == Qt::Checked);
    CHECK(f.column(soon.id, QStringLiteral("status")) == QStringLiteral("pending"));
    CHECK_FALSE(model.setData(model.index(1, TaskModel::TitleColumn), QStringLiteral("x"), Qt::EditRole));
    // A refusal puts the box back.
    model.cancelRequest(soon.id);
    CHECK(cell(1, TaskModel::DoneColumn, Qt::CheckStateRole).toInt() == Qt::Unchecked);

    // The owner writes it; the reload moves the row to the end in place, keeping the others.
    model.setData(model.index(1, TaskModel::DoneColumn), Qt::Checked, Qt::CheckStateRole);
    TaskRepository::setCompleted(*a.c, soon.id, true);
    const QPersistentModelIndex somedayIndex = model.index(2, TaskModel::TitleColumn);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    changed.clear();
    model.setTasks(TaskRepository::list(*a.c, all));
    CHECK(reset.isEmpty());
    CHECK(inserted.isEmpty());
    CHECK(removed.isEmpty());
    CHECK(moved.size() == 1);
    CHECK(changed.size() >= 1);
    CHECK(model.rowOf(soon.id) == 2);
    CHECK(cell(2, TaskModel::DoneColumn, Qt::CheckStateRole).toInt() == Qt::Checked);
    CHECK(cell(2, TaskModel::DueColumn).toString().startsWith(QStringLiteral("Completed ")));
    REQUIRE(somedayIndex.isValid());
    CHECK(somedayIndex.row() == 1);
    CHECK(somedayIndex.data(TaskModel::TaskIdRole).toString() == someday.id);

    // The open list drops it; a new task is inserted where it sorts; an unchanged reload emits nothing.
    TaskRepository::add(*a.c,
                        draft(QStringLiteral("Due tomorrow"), {}, QStringLiteral("low"), today.addDays(1)));
    moved.clear();
    changed.clear();
    model.setTasks(TaskRepository::list(*a.c));
    CHECK(removed.size() == 1);
    CHECK(inserted.size() == 1);
    CHECK(reset.isEmpty());
    CHECK(model.rowCount() == 3);
    CHECK(model.rowOf(soon.id) == -1);
    CHECK(cell(1, TaskModel::TitleColumn).toString() == QStringLiteral("Due tomorrow"));
    CHECK(somedayIndex.row() == 2);
    CHECK(model.rowOf(overdue.id) == 0);
    removed.clear();
    inserted.clear();
    changed.clear();
    model.setTasks(TaskRepository::list(*a.c));
    CHECK(removed.isEmpty());
    CHECK(inserted.isEmpty());
    CHECK(moved.isEmpty());
    CHECK(changed.isEmpty());

    // Another day: yesterday's "due today" is overdue now.
    model.setToday(today.addDays(1));
    CHECK(cell(model.rowOf(overdue.id), TaskModel::DueColumn).toString() ==
          QStringLiteral("Overdue by 4 days"));
    CHECK(cell(1, TaskModel::DueColumn).toString() == QStringLiteral("Due today"));
    model.setTasks({});
    CHECK(model.rowCount() == 0);
}
