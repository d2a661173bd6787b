// Tools → Staff & access → Staff and Sessions, driven offscreen with real logins: the staff list,
// adding and disabling a login through the database (and the database's refusal), what a role
// without the staff permissions sees, the inline password check, and ending another console.
#include "tools/access/StaffPanel.h"

#include "WidgetTestSupport.h"
#include "common/MessageBox.h"
#include "db/Connection.h"
#include "session/Session.h"
#include "tools/access/SessionsPanel.h"
#include "tools/access/StaffEditDialog.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>

using namespace opsdeck;
using widgets::tools::SessionsPanel;
using widgets::tools::StaffEditDialog;
using widgets::tools::StaffPanel;

namespace {

// Login roles are cluster-wide and TestDatabase drops only those it created: one created through
// the panel is dropped here, after the test database (declare it before the TestDatabase).
struct DropLoginAtEnd
{
    QString login;
    ~DropLoginAtEnd()
    {
        if (login.isEmpty())
            return;
        try {
            db::Connection root(test::TestDatabase::clusterProfile(QStringLiteral("postgres")), QString(),
                                QStringLiteral("drop-") + login);
            root.execRaw(QStringLiteral("DROP ROLE IF EXISTS \"%1\"").arg(login),
                         QStringLiteral("dropping a test login"));
        } catch (const db::DbError& e) {
            qWarning("could not drop the test login %s: %s", qPrintable(login), qPrintable(e.text()));
        }
    }
};

// Every message box answered with its default (Yes for a question, Ok for a warning) while alive.
struct AnswerBoxes
{
    AnswerBoxes()
    {
        widgets::MessageBox::setTestMode(true);
        widgets::MessageBox::clearRecorded();
    }
    ~AnswerBoxes() { widgets::MessageBox::setTestMode(false); }
};

bool canConnect(const db::ConnectionProfile& base, const QString& login, const QString& password,
                const QString& name)
{
    db::ConnectionProfile profile = base;
    profile.user = login;
    try {
        db::Connection c(profile, password, name);
        c.ensureOpen();
        return true;
    } catch (const db::DbError&) {
        return false;
    }
}

QString cell(const QStandardItemModel* model, int row, int column)
{
    const QStandardItem* item = model->item(row, column);
    return item ? item->text() : QString();
}

QString staffCell(const StaffPanel& panel, const QString& login, int column)
{
    return cell(panel.model(), panel.rowOf(login), column);
}

// Reloads `panel` (when idle) until `condition` holds.
template <typename P>
bool refreshUntil(P& panel, const std::function<bool()>& condition, int timeoutMs = 15000)
{
    return test::waitFor(
        [&] {
            if (condition())
                return true;
            if (!panel.isBusy())
                panel.refresh();
            return false;
        },
        timeoutMs);
}

} // namespace

TEST_CASE("The staff panel lists the staff, adds a login and disables it through the database",
          "[widgets][access]")
{
    DropLoginAtEnd cleanup; // destroyed after the database
    test::TestDatabase db;
    const auto bossStaff = db.createStaff(QStringLiteral("super_admin"), QStringLiteral("Bo Boss"));
    const auto viewerStaff = db.createStaff(QStringLiteral("viewer"), QStringLiteral("Vera Viewer"));
    const auto boss = test::openSession(bossStaff);

    StaffPanel panel(*boss.session);
    panel.resize(1200, 600);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    REQUIRE(panel.rowOf(viewerStaff.login) >= 0);
    CHECK(staffCell(panel, viewerStaff.login, StaffPanel::NameColumn) == QStringLiteral("Vera Viewer"));
    CHECK(staffCell(panel, viewerStaff.login, StaffPanel::RoleColumn) == QStringLiteral("Viewer"));
    CHECK(staffCell(panel, viewerStaff.login, StaffPanel::StatusColumn) == QStringLiteral("Active"));
    CHECK(staffCell(panel, viewerStaff.login, StaffPanel::LockedColumn) == QStringLiteral("—"));
    CHECK(staffCell(panel, viewerStaff.login, StaffPanel::LastSignInColumn) == QStringLiteral("—"));
    CHECK(panel.rowOf(bossStaff.login) >= 0);
    for (QPushButton* b : {panel.addButton(), panel.roleButton(), panel.passwordButton(),
                           panel.disableButton(), panel.enableButton(), panel.unlockButton()})
        CHECK(b->isVisibleTo(&panel));
    CHECK(panel.addButton()->isEnabled());
    CHECK_FALSE(panel.disableButton()->isEnabled()); // nothing selected
    REQUIRE(panel.selectLogin(bossStaff.login));
    CHECK_FALSE(panel.disableButton()->isEnabled()); // not oneself
    CHECK_FALSE(panel.unlockButton()->isEnabled());  // not locked

    // Add an agent through the dialog, as a person would fill it.
    const QString login = db.name().toLower() + QStringLiteral(".newagent");
    const QString password = QStringLiteral("correct horse battery");
    cleanup.login = login;
    QPointer<StaffEditDialog> dialog = panel.openAddDialog();
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    CHECK(dialog->roleCombo()->count() == 8); // a super admin may give any role
    dialog->loginEdit()->setText(login);
    dialog->fullNameEdit()->setText(QStringLiteral("Nina New"));
    dialog->emailEdit()->setText(QStringLiteral("nina@test.example"));
    dialog->roleCombo()->setCurrentIndex(dialog->roleCombo()->findData(QStringLiteral("agent")));
    dialog->passwordEdit()->setText(password);
    dialog->confirmEdit()->setText(password);
    CHECK(dialog->problem().isEmpty());
    CHECK(dialog->submitButton()->isEnabled());
    QSignalSpy applied(&panel, &StaffPanel::changeApplied);
    QSignalSpy refused(&panel, &StaffPanel::changeRefused);
    CHECK(dialog->submit());
    REQUIRE(test::waitFor([&] { return applied.count() + refused.count() == 1; }, 15000));
    INFO((refused.isEmpty() ? QString() : refused.first().at(1).toString()).toStdString());
    REQUIRE(applied.count() == 1);
    CHECK(applied.first().at(0).toString() == QStringLiteral("create"));
    CHECK(test::waitFor([&] { return dialog.isNull(); })); // closed (and deleted) once the database agreed
    REQUIRE(test::waitFor([&] { return panel.rowOf(login) >= 0; }, 10000));
    CHECK(staffCell(panel, login, StaffPanel::RoleColumn) == QStringLiteral("Agent"));
    CHECK(staffCell(panel, login, StaffPanel::StatusColumn) == QStringLiteral("Active"));
    CHECK(canConnect(bossStaff.profile, login, password, QStringLiteral("newagent-1")));

    // Disable it: the question is answered Yes, the login can no longer connect.
    REQUIRE(panel.selectLogin(login));
    CHECK(panel.disableButton()->isEnabled());
    CHECK_FALSE(panel.enableButton()->isEnabled());
    {
        AnswerBoxes answers;
        panel.disableButton()->click();
        REQUIRE(test::waitFor([&] { return applied.count() + refused.count() == 2; }, 15000));
        REQUIRE(widgets::MessageBox::recorded().size() == 1);
        CHECK(widgets::MessageBox::recorded().first().icon == QMessageBox::Question);
        CHECK(widgets::MessageBox::recorded().first().answer == QMessageBox::Yes);
    }
    REQUIRE(applied.count() == 2);
    CHECK(applied.last().at(0).toString() == QStringLiteral("disable"));
    REQUIRE(test::waitFor(
        [&] { return staffCell(panel, login, StaffPanel::StatusColumn) == QStringLiteral("Disabled"); },
        10000));
    CHECK_FALSE(canConnect(bossStaff.profile, login, password, QStringLiteral("newagent-2")));
    CHECK(panel.enableButton()->isEnabled()); // the selection survived the reload

    // The database has the last word: take ops.staff.delete away behind the panel's back.
    db.exec(QStringLiteral("DELETE FROM role_permissions WHERE permission_id = (SELECT id FROM permissions "
                           "WHERE code = 'ops.staff.delete')"));
    REQUIRE(panel.selectLogin(viewerStaff.login));
    {
        AnswerBoxes answers;
        panel.disableButton()->click();
        REQUIRE(test::waitFor([&] { return refused.count() == 1; }, 15000));
        CHECK(widgets::MessageBox::lastRecorded().icon == QMessageBox::Warning);
        CHECK(widgets::MessageBox::lastRecorded().title == QStringLiteral("Staff member not disabled"));
        CHECK(widgets::MessageBox::lastRecorded().text.contains(QStringLiteral("ops.staff.delete")));
    }
    CHECK(applied.count() == 2);
    CHECK(staffCell(panel, viewerStaff.login, StaffPanel::StatusColumn) == QStringLiteral("Active"));
    CHECK(
        canConnect(viewerStaff.profile, viewerStaff.login, viewerStaff.password, QStringLiteral("viewer-1")));
}

TEST_CASE("Staff actions need the staff permissions, and a weak password is refused before anything is sent",
          "[widgets][access]")
{
    test::TestDatabase db;
    const auto agentStaff = db.createStaff(QStringLiteral("agent"));
    const auto agent = test::openSession(agentStaff);
    StaffPanel agentPanel(*agent.session);
    agentPanel.show();
    REQUIRE(test::waitFor([&] { return agentPanel.isLoaded(); }, 15000));
    for (QPushButton* b : {agentPanel.addButton(), agentPanel.roleButton(), agentPanel.passwordButton(),
                           agentPanel.disableButton(), agentPanel.enableButton(), agentPanel.unlockButton()})
        CHECK_FALSE(b->isVisibleTo(&agentPanel));
    CHECK(agentPanel.openAddDialog() == nullptr);
    CHECK(agentPanel.rowOf(agentStaff.login) >= 0); // one's own row

    // An admin (level 2) may not hand out super_admin.
    const auto admin = test::openSession(db.createStaff(QStringLiteral("admin")));
    StaffPanel panel(*admin.session);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    QPointer<StaffEditDialog> dialog = panel.openAddDialog();
    REQUIRE(dialog);
    CHECK(dialog->roleCombo()->count() == 7);
    CHECK(dialog->roleCombo()->findData(QStringLiteral("super_admin")) == -1);
    CHECK(dialog->roleCombo()->findData(QStringLiteral("admin")) >= 0);
    CHECK(dialog->problemText().isEmpty()); // nothing typed yet: no red text
    CHECK_FALSE(dialog->submitButton()->isEnabled());

    const QString login = db.name().toLower() + QStringLiteral(".weak");
    dialog->loginEdit()->setText(login);
    dialog->fullNameEdit()->setText(QStringLiteral("Wes Weak"));
    dialog->passwordEdit()->setText(QStringLiteral("short1"));
    dialog->confirmEdit()->setText(QStringLiteral("short1"));
    CHECK(dialog->problemText().contains(QStringLiteral("at least 12")));
    CHECK_FALSE(dialog->submitButton()->isEnabled());
    QSignalSpy applied(&panel, &StaffPanel::changeApplied);
    QSignalSpy submitted(dialog.data(), &StaffEditDialog::submitted);
    CHECK_FALSE(dialog->submit());

    dialog->passwordEdit()->setText(QStringLiteral("long enough password"));
    CHECK(dialog->problemText().contains(QStringLiteral("differ")));
    CHECK_FALSE(dialog->submit());
    dialog->loginEdit()->setText(QStringLiteral("Bad Login"));
    dialog->confirmEdit()->setText(QStringLiteral("long enough password"));
    CHECK(dialog->problemText().contains(QStringLiteral("Invalid login")));
    CHECK_FALSE(dialog->submit());

    test::waitFor([] { return false; }, 200);
    CHECK(submitted.isEmpty());
    CHECK(applied.isEmpty());
    CHECK(dialog->isVisible());
    CHECK(
        db.scalar(QStringLiteral("SELECT count(*) FROM staff WHERE login IN ('%1', 'bad login')").arg(login))
            .toInt() == 0);
}

TEST_CASE("The sessions panel lists the open consoles and terminates another one", "[widgets][access]")
{
    test::TestDatabase db;
    const auto boss = test::openSession(db.createStaff(QStringLiteral("super_admin")));
    // session_begin runs on the pool without waiting.
    REQUIRE(test::waitFor([&] { return !boss.session->recordedSessionId().isEmpty(); }, 15000));
    const QString ownId = boss.session->recordedSessionId();

    SessionsPanel panel(*boss.session);
    panel.resize(1000, 500);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    REQUIRE(refreshUntil(panel, [&] { return panel.rowOf(ownId) >= 0; }));
    CHECK(cell(panel.model(), panel.rowOf(ownId), SessionsPanel::ConsoleColumn) ==
          QStringLiteral("this console"));
    CHECK(cell(panel.model(), panel.rowOf(ownId), SessionsPanel::RoleColumn) ==
          QStringLiteral("Super Admin"));
    CHECK(panel.terminateButton()->isVisibleTo(&panel));
    REQUIRE(panel.selectSession(ownId));
    CHECK_FALSE(panel.terminateButton()->isEnabled()); // one's own: sign out instead

    // A second console, of an agent.
    const auto agent =
        test::openSession(db.createStaff(QStringLiteral("agent"), QStringLiteral("Andy Agent")));
    REQUIRE(test::waitFor([&] { return !agent.session->recordedSessionId().isEmpty(); }, 15000));
    const QString agentId = agent.session->recordedSessionId();
    REQUIRE(refreshUntil(panel, [&] { return panel.rowOf(agentId) >= 0; }));
    CHECK(cell(panel.model(), panel.rowOf(agentId), SessionsPanel::RoleColumn) == QStringLiteral("Agent"));
    CHECK(cell(panel.model(), panel.rowOf(agentId), SessionsPanel::StaffColumn)
              .contains(QStringLiteral("Andy Agent")));
    CHECK(cell(panel.model(), panel.rowOf(agentId), SessionsPanel::ConsoleColumn).isEmpty());
    REQUIRE(panel.selectSession(agentId));
    CHECK(panel.terminateButton()->isEnabled());

    QSignalSpy terminated(&panel, &SessionsPanel::terminated);
    QSignalSpy refused(&panel, &SessionsPanel::terminateRefused);
    QSignalSpy agentEnded(agent.session.get(), &session::Session::endedElsewhere);
    QSignalSpy bossEnded(boss.session.get(), &session::Session::endedElsewhere);
    {
        AnswerBoxes answers;
        panel.terminateButton()->click();
        REQUIRE(test::waitFor([&] { return terminated.count() + refused.count() == 1; }, 15000));
        INFO((refused.isEmpty() ? QString() : refused.first().first().toString()).toStdString());
        REQUIRE(terminated.count() == 1);
        REQUIRE(widgets::MessageBox::recorded().size() == 1);
        CHECK(widgets::MessageBox::recorded().first().icon == QMessageBox::Question);
    }
    CHECK(terminated.first().first().toString() == agentId);
    REQUIRE(test::waitFor([&] { return panel.rowOf(agentId) < 0; }, 10000)); // the panel reloaded
    CHECK(panel.rowOf(ownId) >= 0);
    CHECK(db.scalar(QStringLiteral("SELECT end_reason FROM staff_sessions WHERE id = '%1'").arg(agentId))
              .toString() == QStringLiteral("terminated"));
    // The agent's console hears of it (live, through its own session row) and signs out; the
    // boss's console is not affected.
    REQUIRE(test::waitFor([&] { return agentEnded.count() == 1; }, 15000));
    CHECK(agentEnded.first().first().toString().contains(QStringLiteral("administrator")));
    CHECK(bossEnded.isEmpty());
}

TEST_CASE("Assigning a role, resetting a password, unlocking and enabling go through the database",
          "[widgets][access]")
{
    test::TestDatabase db;
    const auto bossStaff = db.createStaff(QStringLiteral("super_admin"), QStringLiteral("Bo Boss"));
    const auto target =
        db.createStaff(QStringLiteral("agent"), QStringLiteral("Tara Target"), QStringLiteral("tara"));
    const auto boss = test::openSession(bossStaff);
    StaffPanel panel(*boss.session);
    panel.resize(1200, 600);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    REQUIRE(panel.selectLogin(target.login));
    QSignalSpy applied(&panel, &StaffPanel::changeApplied);
    QSignalSpy refused(&panel, &StaffPanel::changeRefused);
    auto waitApplied = [&](int n) {
        REQUIRE(test::waitFor([&] { return applied.count() + refused.count() == n; }, 15000));
        INFO((refused.isEmpty() ? QString() : refused.last().at(1).toString()).toStdString());
        REQUIRE(applied.count() == n);
    };

    // Assign role: agent → manager, in the table and in PostgreSQL's role membership.
    QPointer<StaffEditDialog> roleDialog = panel.openRoleDialog();
    REQUIRE(roleDialog);
    roleDialog->roleCombo()->setCurrentIndex(roleDialog->roleCombo()->findData(QStringLiteral("manager")));
    CHECK(roleDialog->submit());
    waitApplied(1);
    CHECK(applied.last().at(0).toString() == QStringLiteral("role"));
    REQUIRE(refreshUntil(panel, [&] {
        return staffCell(panel, target.login, StaffPanel::RoleColumn) == QStringLiteral("Manager");
    }));
    CHECK(db.scalar(QStringLiteral("SELECT pg_has_role('%1', staff_role_group('manager'), 'MEMBER')")
                        .arg(target.login))
              .toBool());

    // Reset password: the new one signs in, the old one no longer does.
    const QString newPassword = QStringLiteral("a brand new passphrase 7");
    REQUIRE(panel.selectLogin(target.login));
    QPointer<StaffEditDialog> passwordDialog = panel.openPasswordDialog();
    REQUIRE(passwordDialog);
    passwordDialog->passwordEdit()->setText(newPassword);
    passwordDialog->confirmEdit()->setText(newPassword);
    CHECK(passwordDialog->submit());
    waitApplied(2);
    CHECK(applied.last().at(0).toString() == QStringLiteral("password"));
    CHECK(canConnect(bossStaff.profile, target.login, newPassword, QStringLiteral("tara-new")));
    CHECK_FALSE(canConnect(bossStaff.profile, target.login, target.password, QStringLiteral("tara-old")));

    // Unlock: ten failures reported by the monitor lock the login; the button lifts the lock.
    for (int i = 0; i < 10; ++i)
        db.exec(QStringLiteral("SELECT record_auth_failure('%1', now() + interval '%2 seconds', '10.1.2.3', "
                               "'password')")
                    .arg(target.login)
                    .arg(i));
    REQUIRE(refreshUntil(panel, [&] {
        return staffCell(panel, target.login, StaffPanel::LockedColumn) != QStringLiteral("—");
    }));
    CHECK_FALSE(canConnect(bossStaff.profile, target.login, newPassword, QStringLiteral("tara-locked")));
    REQUIRE(panel.selectLogin(target.login));
    REQUIRE(panel.unlockButton()->isEnabled());
    panel.unlockButton()->click();
    waitApplied(3);
    CHECK(applied.last().at(0).toString() == QStringLiteral("unlock"));
    REQUIRE(refreshUntil(panel, [&] {
        return staffCell(panel, target.login, StaffPanel::LockedColumn) == QStringLiteral("—");
    }));
    CHECK(canConnect(bossStaff.profile, target.login, newPassword, QStringLiteral("tara-unlocked")));

    // Enable: disabled behind the panel's back, enabled with the button.
    db.exec(QStringLiteral("SELECT staff_disable('%1')").arg(target.login));
    REQUIRE(refreshUntil(panel, [&] {
        return staffCell(panel, target.login, StaffPanel::StatusColumn) == QStringLiteral("Disabled");
    }));
    REQUIRE(panel.selectLogin(target.login));
    REQUIRE(panel.enableButton()->isEnabled());
    panel.enableButton()->click();
    waitApplied(4);
    CHECK(applied.last().at(0).toString() == QStringLiteral("enable"));
    REQUIRE(refreshUntil(panel, [&] {
        return staffCell(panel, target.login, StaffPanel::StatusColumn) == QStringLiteral("Active");
    }));
    CHECK(canConnect(bossStaff.profile, target.login, newPassword, QStringLiteral("tara-enabled")));
}
