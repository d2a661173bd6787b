#include "StaffPanel.h"

#include "StaffEditDialog.h"
#include "common/MessageBox.h"
#include "common/Plural.h"
#include "common/RowSelection.h"
#include "db/Connection.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <type_traits>

namespace opsdeck::widgets::tools {
namespace {

const QString kEditPermission = QStringLiteral("ops.staff.edit");
const QString kDeletePermission = QStringLiteral("ops.staff.delete");

QString localTime(const QDateTime& t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("—");
}

} // namespace

StaffPanel::StaffPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("staff"), tr("Staff"), parent)
{
    setFollowsTenantScope(false); // staff are not per tenant
    watchTables({QStringLiteral("staff")});

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    auto* toolbar = new QHBoxLayout();
    toolbar->setSpacing(6);
    auto button = [content, toolbar](const QString& text, const QString& name, bool permitted) {
        auto* b = new QPushButton(text, content);
        b->setObjectName(name);
        b->setVisible(permitted);
        toolbar->addWidget(b);
        return b;
    };
    const bool mayEdit = session.staff().has(kEditPermission);
    const bool mayDelete = session.staff().has(kDeletePermission);
    m_add = button(tr("Add…"), QStringLiteral("staffAdd"), mayEdit);
    m_role = button(tr("Assign role…"), QStringLiteral("staffAssignRole"), mayEdit);
    m_password = button(tr("Reset password…"), QStringLiteral("staffResetPassword"), mayEdit);
    m_unlock = button(tr("Unlock"), QStringLiteral("staffUnlock"), mayEdit);
    m_disable = button(tr("Disable"), QStringLiteral("staffDisable"), mayDelete);
    m_enable = button(tr("Enable"), QStringLiteral("staffEnable"), mayDelete);
    m_unlock->setToolTip(tr("Lifts a sign-in lockout after too many failed attempts"));
    m_disable->setToolTip(tr("Stops the login from signing in and ends its connections"));
    toolbar->addStretch(1);
    m_status = new QLabel(content);
    m_status->setObjectName(QStringLiteral("staffStatus"));
    toolbar->addWidget(m_status);
    layout->addLayout(toolbar);

    connect(m_add, &QPushButton::clicked, this, &StaffPanel::openAddDialog);
    connect(m_role, &QPushButton::clicked, this, &StaffPanel::openRoleDialog);
    connect(m_password, &QPushButton::clicked, this, &StaffPanel::openPasswordDialog);
    connect(m_unlock, &QPushButton::clicked, this, &StaffPanel::unlockSelected);
    connect(m_disable, &QPushButton::clicked, this, &StaffPanel::disableSelected);
    connect(m_enable, &QPushButton::clicked, this, &StaffPanel::enableSelected);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Login"), tr("Name"), tr("Email"), tr("Role"), tr("Status"),
                                        tr("Locked until"), tr("Last sign-in")});
    m_view = new QTableView(content);
    m_view->setObjectName(QStringLiteral("staffTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &StaffPanel::updateButtons);

    setContentWidget(content);
    updateButtons();
}

void StaffPanel::fetch()
{
    load(session().pool().run([](db::Connection& c) { return auth::StaffAdmin::listStaff(c); }),
         [this](const QList<auth::StaffMember>& list) {
             const auth::StaffMember* current = selected();
             const QString keep = current ? current->login : QString();
             m_members = list;
             m_model->removeRows(0, m_model->rowCount());
             const QDateTime now = QDateTime::currentDateTimeUtc();
             for (const auth::StaffMember& m : list) {
                 QList<QStandardItem*> row;
                 for (const QString& text : {m.login, m.fullName, m.email, m.roleDisplayName,
                                             m.isActive() ? tr("Active") : tr("Disabled"),
                                             m.isLocked(now) ? localTime(m.lockedUntil) : QStringLiteral("—"),
                                             localTime(m.lastLoginAt)})
                     row << new QStandardItem(text);
                 m_model->appendRow(row);
             }
             m_view->resizeColumnsToContents();
             m_status->setText(countOf(list.size(), tr("staff member"), tr("staff members")));
             if (!keep.isEmpty())
                 selectLogin(keep);
             updateButtons();
         });
}

int StaffPanel::rowOf(const QString& login) const
{
    return rowWhere(m_members, &auth::StaffMember::login, login);
}

bool StaffPanel::selectLogin(const QString& login)
{
    if (!selectRowIfAny(m_view, rowOf(login)))
        return false;
    updateButtons();
    return true;
}

const auth::StaffMember* StaffPanel::selected() const
{
    return selectedItem(m_view, m_members);
}

void StaffPanel::updateButtons()
{
    const auth::StaffMember* s = selected();
    m_add->setEnabled(!m_working);
    m_role->setEnabled(!m_working && s);
    m_password->setEnabled(!m_working && s);
    m_unlock->setEnabled(!m_working && s && s->isLocked());
    m_disable->setEnabled(!m_working && s && s->isActive() && s->login != session().staff().login);
    m_enable->setEnabled(!m_working && s && !s->isActive());
}

template <typename Job>
void StaffPanel::apply(const QString& what, const QString& login, const QString& failTitle, Job job,
                       StaffEditDialog* dialog)
{
    m_working = true;
    updateButtons();
    if (dialog)
        dialog->setBusy(true);
    QPointer<StaffEditDialog> guard(dialog);
    using Result = db::DbResult<std::invoke_result_t<Job, db::Connection&>>;
    session().pool().run(std::move(job)).then(this, [this, what, login, failTitle, guard](const Result& r) {
        m_working = false;
        updateButtons();
        if (guard)
            guard->setBusy(false);
        if (r.ok()) {
            if (guard)
                guard->accept();
            Q_EMIT changeApplied(what, login);
            refresh();
            return;
        }
        const QString message = r.error().text();
        Q_EMIT changeRefused(what, message);
        MessageBox::warning(guard ? static_cast<QWidget*>(guard.data()) : this, failTitle, message);
    });
}

StaffEditDialog* StaffPanel::openAddDialog()
{
    return openDialog(int(StaffEditDialog::Mode::Create));
}

StaffEditDialog* StaffPanel::openRoleDialog()
{
    return openDialog(int(StaffEditDialog::Mode::AssignRole));
}

StaffEditDialog* StaffPanel::openPasswordDialog()
{
    return openDialog(int(StaffEditDialog::Mode::ResetPassword));
}

StaffEditDialog* StaffPanel::openDialog(int modeValue)
{
    const auto mode = StaffEditDialog::Mode(modeValue);
    if (!session().staff().has(kEditPermission))
        return nullptr;
    const auth::StaffMember* target = selected();
    if (mode != StaffEditDialog::Mode::Create && !target)
        return nullptr;

    auto* dialog = new StaffEditDialog(mode, session().staff().roleLevel, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (target && mode != StaffEditDialog::Mode::Create)
        dialog->setTarget(target->login, target->roleName);
    connect(dialog, &StaffEditDialog::submitted, this, [this, dialog] {
        const QString login = dialog->login();
        switch (dialog->mode()) {
        case StaffEditDialog::Mode::Create: {
            const auth::NewStaffMember member{login, dialog->fullName(), dialog->email(), dialog->roleName()};
            const QString password = dialog->password();
            apply(
                QStringLiteral("create"), login, tr("Staff member not added"),
                [member, password](db::Connection& c) {
                    auth::StaffAdmin::createStaff(c, member, password);
                    return true;
                },
                dialog);
            break;
        }
        case StaffEditDialog::Mode::AssignRole: {
            const QString role = dialog->roleName();
            apply(
                QStringLiteral("role"), login, tr("Role not changed"),
                [login, role](db::Connection& c) {
                    auth::StaffAdmin::setRole(c, login, role);
                    return true;
                },
                dialog);
            break;
        }
        case StaffEditDialog::Mode::ResetPassword: {
            const QString password = dialog->password();
            apply(
                QStringLiteral("password"), login, tr("Password not changed"),
                [login, password](db::Connection& c) {
                    auth::StaffAdmin::setPassword(c, login, password);
                    return true;
                },
                dialog);
            break;
        }
        }
    });
    dialog->open();
    return dialog;
}

void StaffPanel::disableSelected()
{
    const auth::StaffMember* s = selected();
    if (!s || !session().staff().has(kDeletePermission))
        return;
    const QString login = s->login;
    const auto answer = MessageBox::question(
        this, tr("Disable staff member"),
        tr("Disable %1 (%2)? They can no longer sign in, and their open connections end now.")
            .arg(s->fullName, login));
    if (answer != QMessageBox::Yes)
        return;
    apply(QStringLiteral("disable"), login, tr("Staff member not disabled"), [login](db::Connection& c) {
        auth::StaffAdmin::disable(c, login);
        return true;
    });
}

void StaffPanel::enableSelected()
{
    const auth::StaffMember* s = selected();
    if (!s || !session().staff().has(kDeletePermission))
        return;
    const QString login = s->login;
    apply(QStringLiteral("enable"), login, tr("Staff member not enabled"), [login](db::Connection& c) {
        auth::StaffAdmin::enable(c, login);
        return true;
    });
}

void StaffPanel::unlockSelected()
{
    const auth::StaffMember* s = selected();
    if (!s || !session().staff().has(kEditPermission))
        return;
    const QString login = s->login;
    apply(QStringLiteral("unlock"), login, tr("Login not unlocked"),
          [login](db::Connection& c) { return auth::StaffAdmin::unlock(c, login); });
}

} // namespace opsdeck::widgets::tools
