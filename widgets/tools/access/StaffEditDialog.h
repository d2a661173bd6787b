#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace opsdeck::widgets::tools {

// The eight app roles of the RBAC seed (migration 0002), highest first.
struct AppRole
{
    QString name;        // super_admin … viewer
    QString displayName; // Super Admin … Viewer
    int level = 0;       // 1 (highest) … 8
};
const QList<AppRole>& appRoles();
// "Super Admin" for "super_admin"; the name itself when it is not an app role.
QString roleDisplayName(const QString& roleName);

// Tools → Staff & access → Staff: the small form behind "Add…", "Assign role…" and "Reset password…".
// Non-modal (open it with open()): it validates as one types and emits submitted() with valid
// fields; the panel runs the change on the pool and closes the dialog once the database agreed.
class StaffEditDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Mode
    {
        Create,        // login, name, email, role, password
        AssignRole,    // the role of an existing login
        ResetPassword, // the password of an existing login
    };
    Q_ENUM(Mode)

    // `ownLevel`: the signed-in staff member's role level; roles above it are not offered.
    StaffEditDialog(Mode mode, int ownLevel, QWidget* parent = nullptr);

    Mode mode() const { return m_mode; }
    // For AssignRole / ResetPassword: the login being changed (read-only) and its current role.
    void setTarget(const QString& login, const QString& roleName = QString());

    QString login() const;
    QString fullName() const;
    QString email() const;
    QString roleName() const;
    QString password() const;

    QLineEdit* loginEdit() const { return m_login; }
    QLineEdit* fullNameEdit() const { return m_fullName; }
    QLineEdit* emailEdit() const { return m_email; }
    QComboBox* roleCombo() const { return m_role; }
    QLineEdit* passwordEdit() const { return m_password; }
    QLineEdit* confirmEdit() const { return m_confirm; }
    QPushButton* submitButton() const { return m_submit; }

    // Why the form cannot be submitted as it is; empty when it can.
    QString problem() const;
    // The problem as shown under the fields (empty until something was typed).
    QString problemText() const;
    // While the panel waits for the database the form is read-only.
    void setBusy(bool busy);

public Q_SLOTS:
    // Emits submitted() when the form is valid; otherwise shows why. Returns whether it emitted.
    bool submit();

Q_SIGNALS:
    void submitted();

private:
    void revalidate();

    Mode m_mode;
    bool m_busy = false;
    QLineEdit* m_login = nullptr;
    QLineEdit* m_fullName = nullptr;
    QLineEdit* m_email = nullptr;
    QComboBox* m_role = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_confirm = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_submit = nullptr;
};

} // namespace opsdeck::widgets::tools
