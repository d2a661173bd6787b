#include "StaffEditDialog.h"

#include "auth/Password.h"
#include "common/StatusColors.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace opsdeck::widgets::tools {

const QList<AppRole>& appRoles()
{
    static const QList<AppRole> roles{
        {QStringLiteral("super_admin"), QStringLiteral("Super Admin"), 1},
        {QStringLiteral("admin"), QStringLiteral("Admin"), 2},
        {QStringLiteral("manager"), QStringLiteral("Manager"), 3},
        {QStringLiteral("senior_agent"), QStringLiteral("Senior Agent"), 4},
        {QStringLiteral("agent"), QStringLiteral("Agent"), 5},
        {QStringLiteral("support"), QStringLiteral("Support"), 6},
        {QStringLiteral("analyst"), QStringLiteral("Analyst"), 7},
        {QStringLiteral("viewer"), QStringLiteral("Viewer"), 8},
    };
    return roles;
}

QString roleDisplayName(const QString& roleName)
{
    for (const AppRole& r : appRoles()) {
        if (r.name == roleName)
            return r.displayName;
    }
    return roleName;
}

StaffEditDialog::StaffEditDialog(Mode mode, int ownLevel, QWidget* parent) : QDialog(parent), m_mode(mode)
{
    setObjectName(QStringLiteral("staffEditDialog"));
    switch (mode) {
    case Mode::Create:
        setWindowTitle(tr("Add staff member"));
        break;
    case Mode::AssignRole:
        setWindowTitle(tr("Assign role"));
        break;
    case Mode::ResetPassword:
        setWindowTitle(tr("Reset password"));
        break;
    }

    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout();
    layout->addLayout(form);

    m_login = new QLineEdit(this);
    m_login->setObjectName(QStringLiteral("staffLogin"));
    m_login->setPlaceholderText(tr("e.g. jane.doe"));
    m_login->setReadOnly(mode != Mode::Create);
    form->addRow(tr("Login"), m_login);

    m_fullName = new QLineEdit(this);
    m_fullName->setObjectName(QStringLiteral("staffFullName"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("staffEmail"));
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("staffRole"));
    for (const AppRole& r : appRoles()) {
        if (r.level >= ownLevel)
            m_role->addItem(r.displayName, r.name);
    }
    // The lowest role is the safe default for a new login.
    m_role->setCurrentIndex(m_role->count() - 1);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("staffPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("staffPasswordConfirm"));
    m_confirm->setEchoMode(QLineEdit::Password);

    if (mode == Mode::Create) {
        form->addRow(tr("Full name"), m_fullName);
        form->addRow(tr("Email"), m_email);
    } else {
        m_fullName->hide();
        m_email->hide();
    }
    if (mode != Mode::ResetPassword)
        form->addRow(tr("Role"), m_role);
    else
        m_role->hide();
    if (mode != Mode::AssignRole) {
        m_password->setPlaceholderText(tr("at least %1 characters").arg(auth::kMinimumPasswordLength));
        form->addRow(tr("Password"), m_password);
        form->addRow(tr("Confirm"), m_confirm);
    } else {
        m_password->hide();
        m_confirm->hide();
    }

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("staffProblem"));
    m_problem->setWordWrap(true);
    applyTone(m_problem, Tone::Bad);
    layout->addWidget(m_problem);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_submit =
        buttons->addButton(mode == Mode::Create ? tr("Add") : tr("Apply"), QDialogButtonBox::AcceptRole);
    m_submit->setObjectName(QStringLiteral("staffSubmit"));
    // The panel closes the dialog once the database agreed; Add only asks.
    connect(buttons, &QDialogButtonBox::accepted, this, &StaffEditDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    for (QLineEdit* e : {m_login, m_fullName, m_email, m_password, m_confirm})
        connect(e, &QLineEdit::textChanged, this, &StaffEditDialog::revalidate);
    connect(m_role, &QComboBox::currentIndexChanged, this, &StaffEditDialog::revalidate);
    revalidate();
}

void StaffEditDialog::setTarget(const QString& login, const QString& roleName)
{
    m_login->setText(login);
    if (!roleName.isEmpty()) {
        const int i = m_role->findData(roleName);
        if (i >= 0)
            m_role->setCurrentIndex(i);
    }
    setWindowTitle(windowTitle() + QStringLiteral(" — ") + login);
    revalidate();
}

QString StaffEditDialog::login() const
{
    return m_login->text().trimmed();
}

QString StaffEditDialog::fullName() const
{
    return m_fullName->text().trimmed();
}

QString StaffEditDialog::email() const
{
    return m_email->text().trimmed();
}

QString StaffEditDialog::roleName() const
{
    return m_role->currentData().toString();
}

QString StaffEditDialog::password() const
{
    return m_password->text();
}

QString StaffEditDialog::problem() const
{
    if (m_mode == Mode::Create) {
        if (const QString p = auth::loginProblem(login()); !p.isEmpty())
            return p;
        if (fullName().isEmpty())
            return tr("Enter the full name.");
    }
    if (m_mode != Mode::ResetPassword && roleName().isEmpty())
        return tr("Choose a role.");
    if (m_mode != Mode::AssignRole) {
        if (const QString p = auth::passwordProblem(login(), password()); !p.isEmpty())
            return p;
        if (m_confirm->text() != password())
            return tr("The two passwords differ.");
    }
    return {};
}

QString StaffEditDialog::problemText() const
{
    return m_problem->text();
}

void StaffEditDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget* w : std::initializer_list<QWidget*>{m_fullName, m_email, m_role, m_password, m_confirm})
        w->setEnabled(!busy);
    if (m_mode == Mode::Create)
        m_login->setEnabled(!busy);
    revalidate();
}

bool StaffEditDialog::submit()
{
    const QString p = problem();
    m_problem->setText(p);
    if (!p.isEmpty() || m_busy)
        return false;
    Q_EMIT submitted();
    return true;
}

void StaffEditDialog::revalidate()
{
    const QString p = problem();
    // Nothing typed yet: no red text, only a disabled button.
    const bool untouched = (m_mode != Mode::Create || m_login->text().isEmpty()) &&
                           (m_mode == Mode::AssignRole || m_password->text().isEmpty());
    m_problem->setText(untouched ? QString() : p);
    m_submit->setEnabled(p.isEmpty() && !m_busy);
}

} // namespace opsdeck::widgets::tools
