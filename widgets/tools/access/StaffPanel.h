#pragma once

#include "auth/StaffAdmin.h"
#include "common/Panel.h"

#include <QList>
#include <QPointer>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace opsdeck::widgets::tools {

class StaffEditDialog;

// Tools → Staff & access → Staff: every staff member with role, status and lockout; holders of
// ops.staff.edit add staff, assign roles, reset passwords and lift lockouts, holders of
// ops.staff.delete disable and enable logins. Each change runs on the pool through
// auth::StaffAdmin; the database checks the permission and the level rule and may refuse, in which
// case a message says why and the list stays as it was.
class StaffPanel : public Panel
{
    Q_OBJECT

public:
    enum Column
    {
        LoginColumn,
        NameColumn,
        EmailColumn,
        RoleColumn,
        StatusColumn,
        LockedColumn,
        LastSignInColumn,
        ColumnCount,
    };

    explicit StaffPanel(session::Session& session, QWidget* parent = nullptr);

    QStandardItemModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    const QList<auth::StaffMember>& members() const { return m_members; }
    // The row of `login`, or -1.
    int rowOf(const QString& login) const;
    // Selects the row of `login`; false when it is not listed.
    bool selectLogin(const QString& login);
    // The selected staff member, if any.
    const auth::StaffMember* selected() const;

    QPushButton* addButton() const { return m_add; }
    QPushButton* roleButton() const { return m_role; }
    QPushButton* passwordButton() const { return m_password; }
    QPushButton* disableButton() const { return m_disable; }
    QPushButton* enableButton() const { return m_enable; }
    QPushButton* unlockButton() const { return m_unlock; }

    // The dialogs behind the buttons (non-modal; null when not permitted or nothing is selected).
    StaffEditDialog* openAddDialog();
    StaffEditDialog* openRoleDialog();
    StaffEditDialog* openPasswordDialog();

public Q_SLOTS:
    void disableSelected(); // asks first
    void enableSelected();
    void unlockSelected();

Q_SIGNALS:
    // A change the database accepted (`what`: "create", "role", "password", "disable", "enable",
    // "unlock") for `login`.
    void changeApplied(const QString& what, const QString& login);
    void changeRefused(const QString& what, const QString& message);

protected:
    void fetch() override;

private:
    // Runs `job` on the pool; on success closes `dialog` (if any) and refreshes, on refusal warns.
    template <typename Job>
    void apply(const QString& what, const QString& login, const QString& failTitle, Job job,
               StaffEditDialog* dialog = nullptr);
    void updateButtons();
    StaffEditDialog* openDialog(int mode);

    QList<auth::StaffMember> m_members;
    QStandardItemModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_role = nullptr;
    QPushButton* m_password = nullptr;
    QPushButton* m_disable = nullptr;
    QPushButton* m_enable = nullptr;
    QPushButton* m_unlock = nullptr;
    bool m_working = false;
};

} // namespace opsdeck::widgets::tools
