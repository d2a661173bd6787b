// Clients → My tasks and the cards' "Add note", driven offscreen with real logins: a task added
// through the dialog, ticked complete (it leaves Open and shows under Completed), reopened, edited
// (button and double-click), deleted after the confirmation (declined first); overdue rows
// highlighted in the palette's colours; the tenant filter and the window's tenant scope; a card's
// addTaskFor() preselecting its tenant; a save the database refuses keeps the dialog open with the
// database's words; a note added and refused the same way; a role without tasks.use.
#include "clients/tasks/TaskListPanel.h"

#include "WidgetTestSupport.h"
#include "clients/TaskModel.h"
#include "clients/notes/NoteDialog.h"
#include "clients/tasks/TaskDialog.h"
#include "common/MessageBox.h"
#include "common/StatusColors.h"
#include "common/Theme.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace opsdeck;
using opsdeck::clients::OperatorTask;
using opsdeck::clients::TaskFilter;
using opsdeck::clients::TaskModel;
using widgets::clients::NoteDialog;
using widgets::clients::TaskDialog;
using widgets::clients::TaskListPanel;

namespace {

struct AnswerBoxes
{
    AnswerBoxes()
    {
        widgets::MessageBox::setTestMode(true);
        widgets::MessageBox::clearRecorded();
    }
    ~AnswerBoxes() { widgets::MessageBox::setTestMode(false); }
};

QString quoted(const QString& s)
{
    return QLatin1Char('\'') + QString(s).replace(QLatin1Char('\''), QStringLiteral("''")) +
           QLatin1Char('\'');
}

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
    QString staffId(const test::TestDatabase::Staff& s)
    {
        return text(QStringLiteral("SELECT id FROM staff WHERE login = %1").arg(quoted(s.login)));
    }
    // A task written as superuser in `staffId`'s name.
    QString task(const QString& staffId, const QString& title, const QString& tenant, const QString& priority,
                 const QDate& due)
    {
        return text(
            QStringLiteral("INSERT INTO operator_tasks (title, tenant_id, priority, due_date, created_by) "
                           "VALUES (%1, %2, %3, %4, %5) RETURNING id")
                .arg(quoted(title), tenant.isEmpty() ? QStringLiteral("NULL") : quoted(tenant),
                     quoted(priority),
                     due.isValid() ? quoted(due.toString(Qt::ISODate)) : QStringLiteral("NULL"),
                     quoted(staffId)));
    }
};

bool settled(TaskListPanel& panel, int timeoutMs = 15000)
{
    return test::waitFor([&] { return panel.isLoaded() && !panel.isBusy(); }, timeoutMs);
}

QString cell(const TaskListPanel& panel, int row, int column, int role = Qt::DisplayRole)
{
    return panel.model()->data(panel.model()->index(row, column), role).toString();
}

QStringList titles(const TaskListPanel& panel)
{
    QStringList l;
    for (const OperatorTask& t : panel.model()->tasks())
        l << t.title;
    return l;
}

} // namespace

TEST_CASE("The task panel adds, completes, reopens, edits and deletes tasks through its dialogs",
          "[widgets][tasks]")
{
    AnswerBoxes boxes;
    Fixture f;
    const auto staff =
        f.db.createStaff(QStringLiteral("agent"), QStringLiteral("Ana Agent"), QStringLiteral("ana"));
    const QString ana = f.staffId(staff);
    auto s = test::openSession(staff);
    TaskListPanel panel(*s.session);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.resize(1000, 500);
    panel.show();
    REQUIRE(settled(panel));
    CHECK(panel.panelId() == QStringLiteral("tasks"));
    CHECK(panel.title() == QStringLiteral("My tasks"));
    CHECK(panel.model()->rowCount() == 0);
    CHECK(panel.emptyHintText() == QStringLiteral("No open tasks"));
    REQUIRE(test::waitFor([&] { return panel.tenantCombo()->findData(f.acme) >= 0; }));

    // Add: the title is checked before anything is sent.
    TaskDialog* dialog = panel.addTask();
    REQUIRE(dialog);
    CHECK_FALSE(dialog->isEditing());
    CHECK_FALSE(dialog->saveButton()->isEnabled());
    CHECK_FALSE(dialog->submit());
    CHECK(dialog->problemText() == QStringLiteral("A task needs a title"));
    const QDate due = QDate::currentDate().addDays(2);
    dialog->fill(QStringLiteral("Call Acme about the booking flow"), f.acme, QStringLiteral("high"), due,
                 QStringLiteral("Deposits at booking time"));
    QSignalSpy saved(dialog, &TaskDialog::saved);
    QSignalSpy changed(&panel, &TaskListPanel::taskChanged);
    REQUIRE(dialog->submit());
    CHECK(dialog->isSaving());
    REQUIRE(test::waitFor([&] { return saved.size() == 1; }));
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == 1 && !panel.isBusy(); }));
    REQUIRE(test::waitFor([&] { return panel.dialog() == nullptr; })); // closed once the database agreed
    CHECK(changed.size() == 1);
    const QString id = panel.model()->task(0).id;
    CHECK(f.text(QStringLiteral("SELECT created_by FROM operator_tasks WHERE id = %1").arg(quoted(id))) ==
          ana);
    CHECK(f.text(QStringLiteral("SELECT description FROM operator_tasks WHERE id = %1").arg(quoted(id))) ==
          QStringLiteral("Deposits at booking time"));
    CHECK(cell(panel, 0, TaskModel::TitleColumn) == QStringLiteral("Call Acme about the booking flow"));
    CHECK(cell(panel, 0, TaskModel::TenantColumn) == QStringLiteral("Acme Plumbing"));
    CHECK(cell(panel, 0, TaskModel::PriorityColumn) == QStringLiteral("High"));
    CHECK(cell(panel, 0, TaskModel::DueColumn) ==
          TaskModel::dueText(panel.model()->task(0), QDate::currentDate()));
    CHECK(panel.noticeText().contains(QStringLiteral("Added")));
    test::reviewShot(&panel, QStringLiteral("tasks-one-open"));

    // Tick: completed in the database; it leaves Open and shows under Completed, ticked.
    REQUIRE(panel.model()->setData(panel.model()->index(0, TaskModel::DoneColumn), Qt::Checked,
                                   Qt::CheckStateRole));
    REQUIRE(test::waitFor([&] {
        return f.text(QStringLiteral("SELECT status FROM operator_tasks WHERE id = %1").arg(quoted(id))) ==
               QStringLiteral("completed");
    }));
    CHECK(f.number(
              QStringLiteral("SELECT count(*) FROM operator_tasks WHERE id = %1 AND completed_at IS NOT NULL")
                  .arg(quoted(id))) == 1);
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == 0 && !panel.isBusy(); }));
    CHECK(panel.emptyHintText() == QStringLiteral("No open tasks"));
    panel.stateButton(TaskFilter::State::Completed)->click();
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == 1 && !panel.isBusy(); }));
    CHECK(panel.filter().state == TaskFilter::State::Completed);
    CHECK(panel.model()->data(panel.model()->index(0, TaskModel::DoneColumn), Qt::CheckStateRole).toInt() ==
          Qt::Checked);
    CHECK(cell(panel, 0, TaskModel::DueColumn).startsWith(QStringLiteral("Completed ")));

    // Untick under Completed: reopened, completed_at cleared, back under Open.
    panel.model()->setData(panel.model()->index(0, TaskModel::DoneColumn), Qt::Unchecked, Qt::CheckStateRole);
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == 0 && !panel.isBusy(); }));
    CHECK(panel.emptyHintText() == QStringLiteral("No completed tasks"));
    CHECK(f.number(
              QStringLiteral("SELECT count(*) FROM operator_tasks WHERE id = %1 AND status = 'pending' AND "
                             "completed_at IS NULL")
                  .arg(quoted(id))) == 1);
    panel.setStateFilter(TaskFilter::State::Open);
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == 1 && !panel.isBusy(); }));

    // Edit through the button: the form holds the task; moved to no tenant.
    REQUIRE(panel.selectTask(id));
    CHECK(panel.editButton()->isEnabled());
    panel.editButton()->click();
    dialog = panel.dialog();
    REQUIRE(dialog);
    CHECK(dialog->isEditing());
    CHECK(dialog->titleEdit()->text() == QStringLiteral("Call Acme about the booking flow"));
    CHECK(dialog->selectedTenantId() == f.acme);
    CHECK(dialog->dueCheck()->isChecked());
    dialog->fill(QStringLiteral("Call Acme back"), QString(), QStringLiteral("low"), QDate());
    QSignalSpy editSaved(dialog, &TaskDialog::saved);
    REQUIRE(dialog->submit());
    REQUIRE(test::waitFor([&] { return editSaved.size() == 1; }));
    REQUIRE(test::waitFor(
        [&] { return cell(panel, 0, TaskModel::TitleColumn) == QStringLiteral("Call Acme back"); }));
    CHECK(cell(panel, 0, TaskModel::TenantColumn) == QStringLiteral("General"));
    CHECK(cell(panel, 0, TaskModel::DueColumn) == QStringLiteral("No due date"));
    CHECK(
        f.number(QStringLiteral("SELECT count(*) FROM operator_tasks WHERE id = %1 AND tenant_id IS NULL AND "
                                "due_date IS NULL AND priority = 'low'")
                     .arg(quoted(id))) == 1);

    // A double-click on the title opens the same form.
    const QRect titleCell = panel.view()->visualRect(panel.model()->index(0, TaskModel::TitleColumn));
    QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {},
                      titleCell.center()); // the press it pairs with
    QTest::mouseDClick(panel.view()->viewport(), Qt::LeftButton, {}, titleCell.center());
    REQUIRE(panel.dialog());
    CHECK(panel.dialog()->isEditing());
    CHECK(panel.dialog()->titleEdit()->text() == QStringLiteral("Call Acme back"));
    panel.dialog()->reject();
    REQUIRE(test::waitFor([&] { return panel.dialog() == nullptr; }));

    // Delete asks first: "No" keeps the task, "Yes" (the Delete key) deletes it.
    REQUIRE(panel.selectTask(id));
    widgets::MessageBox::setNextAnswer(QMessageBox::No);
    panel.deleteButton()->click();
    CHECK(widgets::MessageBox::lastRecorded().title == QStringLiteral("Delete task"));
    CHECK(widgets::MessageBox::lastRecorded().text.contains(QStringLiteral("Call Acme back")));
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM operator_tasks WHERE id = %1").arg(quoted(id))) == 1);
    widgets::MessageBox::setNextAnswer(QMessageBox::Yes);
    panel.view()->setFocus();
    QTest::keyClick(panel.view(), Qt::Key_Delete);
    REQUIRE(test::waitFor([&] {
        return f.number(
                   QStringLiteral("SELECT count(*) FROM operator_tasks WHERE id = %1").arg(quoted(id))) == 0;
    }));
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == 0 && !panel.isBusy(); }));
    CHECK(panel.noticeText().contains(QStringLiteral("Deleted")));
}

TEST_CASE("The task panel highlights overdue tasks, filters by tenant and follows the tenant scope",
          "[widgets][tasks]")
{
    AnswerBoxes boxes;
    Fixture f;
    const auto staff =
        f.db.createStaff(QStringLiteral("agent"), QStringLiteral("Ana Agent"), QStringLiteral("ana"));
    const auto other =
        f.db.createStaff(QStringLiteral("manager"), QStringLiteral("Ben Boss"), QStringLiteral("ben"));
    const QString ana = f.staffId(staff);
    const QDate today = QDate::currentDate();
    f.task(ana, QStringLiteral("Chase the API token"), f.acme, QStringLiteral("medium"), today.addDays(-3));
    f.task(ana, QStringLiteral("Send the deck"), QString(), QStringLiteral("high"), today);
    f.task(ana, QStringLiteral("Menu review"), f.bistro, QStringLiteral("low"), today.addDays(9));
    f.task(f.staffId(other), QStringLiteral("Ben's private task"), f.acme, QStringLiteral("high"), today);

    auto s = test::openSession(staff);
    TaskListPanel panel(*s.session);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.resize(1000, 500);
    panel.show();
    REQUIRE(settled(panel));
    // Only her own, overdue first; the overdue row in the palette's "bad" colour.
    CHECK(titles(panel) == QStringList{QStringLiteral("Chase the API token"), QStringLiteral("Send the deck"),
                                       QStringLiteral("Menu review")});
    const QModelIndex overdueDue = panel.model()->index(0, TaskModel::DueColumn);
    CHECK(overdueDue.data(TaskModel::OverdueRole).toBool());
    CHECK(overdueDue.data().toString() == QStringLiteral("Overdue by 3 days"));
    CHECK(overdueDue.data(Qt::ForegroundRole).value<QColor>() ==
          widgets::StatusColors::forPalette(panel.palette()).bad);
    CHECK(panel.model()->index(0, TaskModel::TitleColumn).data(Qt::BackgroundRole).value<QColor>().isValid());
    CHECK(cell(panel, 1, TaskModel::DueColumn) == QStringLiteral("Due today"));
    CHECK_FALSE(panel.model()->index(1, TaskModel::DueColumn).data(TaskModel::OverdueRole).toBool());
    CHECK_FALSE(panel.model()->index(1, TaskModel::TitleColumn).data(Qt::BackgroundRole).isValid());
    test::reviewShot(&panel, QStringLiteral("tasks-overdue"));
    // A dark palette gets the dark variant of the status colour.
    panel.setPalette(widgets::Theme::darkPalette());
    CHECK(overdueDue.data(Qt::ForegroundRole).value<QColor>() ==
          widgets::StatusColors::forPalette(widgets::Theme::darkPalette()).bad);
    CHECK(overdueDue.data(Qt::ForegroundRole).value<QColor>() !=
          widgets::StatusColors::forPalette(widgets::Theme::lightPalette()).bad);
    test::reviewShot(&panel, QStringLiteral("tasks-overdue-dark"));
    panel.setPalette(QPalette());

    // The tenant filter: one tenant, then tasks without a tenant.
    REQUIRE(test::waitFor([&] { return panel.tenantCombo()->findData(f.acme) >= 0; }));
    panel.tenantCombo()->setCurrentIndex(panel.tenantCombo()->findData(f.acme));
    REQUIRE(test::waitFor([&] {
        return titles(panel) == QStringList{QStringLiteral("Chase the API token")} && !panel.isBusy();
    }));
    panel.tenantCombo()->setCurrentIndex(panel.tenantCombo()->findData(QStringLiteral("general")));
    REQUIRE(test::waitFor(
        [&] { return titles(panel) == QStringList{QStringLiteral("Send the deck")} && !panel.isBusy(); }));
    // "Add task" preselects the filtered tenant; none for general.
    TaskDialog* dialog = panel.addTask();
    REQUIRE(dialog);
    CHECK(dialog->selectedTenantId().isEmpty());
    dialog->reject();

    // The window's tenant scope moves the filter.
    s.session->setTenantScope(f.bistro);
    REQUIRE(test::waitFor(
        [&] { return titles(panel) == QStringList{QStringLiteral("Menu review")} && !panel.isBusy(); }));
    CHECK(panel.tenantCombo()->currentData().toString() == f.bistro);
    CHECK(panel.filter().tenant == TaskFilter::Tenant::One);
    s.session->setTenantScope(QString());
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == 3 && !panel.isBusy(); }));

    // Live: a task written elsewhere (another console of hers) appears without a refresh click.
    REQUIRE(test::waitFor([&] { return s.session->events().isListening(); }, 15000));
    f.task(ana, QStringLiteral("Written elsewhere"), QString(), QStringLiteral("low"), QDate());
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == 4; }, 15000));

    // A card's "Add task": its tenant preselected, named.
    dialog = panel.addTaskFor(f.acme);
    REQUIRE(dialog);
    CHECK(dialog->selectedTenantId() == f.acme);
    CHECK(dialog->tenantCombo()->currentText() == QStringLiteral("Acme Plumbing"));

    // The database refuses (tasks.use taken from her role meanwhile): the form stays open, as typed,
    // with the database's words.
    f.db.exec(QStringLiteral(
        "DELETE FROM role_permissions WHERE role_id = (SELECT id FROM roles WHERE name = 'agent') "
        "AND permission_id = (SELECT id FROM permissions WHERE code = 'tasks.use')"));
    dialog->fill(QStringLiteral("Refused task"), f.acme, QStringLiteral("high"), today);
    QSignalSpy refused(dialog, &TaskDialog::refused);
    REQUIRE(dialog->submit());
    REQUIRE(test::waitFor([&] { return refused.size() == 1; }));
    CHECK(dialog->isVisible());
    CHECK(panel.dialog() == dialog);
    CHECK(dialog->problemText().contains(QStringLiteral("tasks.use")));
    CHECK(dialog->titleEdit()->text() == QStringLiteral("Refused task"));
    CHECK(dialog->saveButton()->isEnabled());
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM operator_tasks WHERE title = 'Refused task'")) == 0);
    dialog->reject();
}

TEST_CASE("A card's Add note stores a private note, and a refusal keeps the note open",
          "[widgets][tasks][notes]")
{
    Fixture f;
    const auto staff =
        f.db.createStaff(QStringLiteral("support"), QStringLiteral("Sue Support"), QStringLiteral("sue"));
    const auto viewer =
        f.db.createStaff(QStringLiteral("viewer"), QStringLiteral("Vic Viewer"), QStringLiteral("vic"));
    auto s = test::openSession(staff);

    NoteDialog* dialog =
        widgets::clients::addNoteFor(*s.session, f.acme, QStringLiteral("Acme Plumbing"), nullptr);
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    CHECK(dialog->windowTitle().contains(QStringLiteral("Acme Plumbing")));
    CHECK_FALSE(dialog->saveButton()->isEnabled());
    CHECK_FALSE(dialog->submit());
    CHECK(dialog->problemText() == QStringLiteral("A note needs some text"));
    dialog->fill(QStringLiteral("Prefers a call on Monday mornings"), true);
    CHECK(dialog->saveButton()->isEnabled());
    QSignalSpy saved(dialog, &NoteDialog::saved);
    QPointer<NoteDialog> guard(dialog);
    REQUIRE(dialog->submit());
    REQUIRE(test::waitFor([&] { return saved.size() == 1; }));
    CHECK(f.number(
              QStringLiteral("SELECT count(*) FROM consultant_notes WHERE tenant_id = %1 AND is_pinned AND "
                             "content = 'Prefers a call on Monday mornings' AND created_by = %2")
                  .arg(quoted(f.acme), quoted(f.staffId(staff)))) == 1);
    REQUIRE(test::waitFor([&] { return guard.isNull(); })); // closed and deleted

    // A role without notes.use: the database refuses; the note stays as typed with its words.
    auto v = test::openSession(viewer);
    dialog = widgets::clients::addNoteFor(*v.session, f.acme, QStringLiteral("Acme Plumbing"), nullptr);
    dialog->fill(QStringLiteral("Viewer's note"));
    QSignalSpy refused(dialog, &NoteDialog::refused);
    REQUIRE(dialog->submit());
    REQUIRE(test::waitFor([&] { return refused.size() == 1; }));
    CHECK(dialog->isVisible());
    CHECK(dialog->problemText().contains(QStringLiteral("notes.use")));
    CHECK(dialog->contentEdit()->toPlainText() == QStringLiteral("Viewer's note"));
    CHECK(f.number(QStringLiteral("SELECT count(*) FROM consultant_notes")) == 1);
    delete dialog;

    // Nor does the viewer get a task list.
    TaskListPanel panel(*v.session);
    panel.show();
    REQUIRE(settled(panel));
    CHECK(panel.state() == widgets::Panel::State::Empty);
    CHECK(panel.emptyMessage().contains(QStringLiteral("tasks.use")));
    CHECK(panel.addTaskFor(f.acme) == nullptr);
}
