#include "LoginDialog.h"

#include "SignInAttempt.h"
#include "common/Logging.h"
#include "common/Settings.h"
#include "common/StatusColors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

namespace opsdeck::widgets {
namespace {

constexpr int kNewProfile = -1;

bool sameServer(const db::ConnectionProfile& a, const db::ConnectionProfile& b)
{
    return a.host == b.host && a.port == b.port && a.database == b.database && a.sslMode == b.sslMode &&
           a.sslRootCert == b.sslRootCert;
}

QString summaryOf(const db::ConnectionProfile& p)
{
    QString host = p.host.isEmpty() ? QObject::tr("local server") : p.host;
    if (host.startsWith(QLatin1Char('/')))
        host = QObject::tr("socket %1").arg(p.host);
    QString s = host;
    if (p.port)
        s += QLatin1Char(':') + QString::number(p.port);
    s += QStringLiteral(" / ") + (p.database.isEmpty() ? QObject::tr("default database") : p.database);
    static const QHash<QString, QString> tls = {
        {QString(), QObject::tr("TLS if offered")},
        {QStringLiteral("prefer"), QObject::tr("TLS if offered")},
        {QStringLiteral("allow"), QObject::tr("TLS if the server insists")},
        {QStringLiteral("disable"), QObject::tr("no TLS")},
        {QStringLiteral("require"), QObject::tr("TLS")},
        {QStringLiteral("verify-ca"), QObject::tr("TLS, certificate checked")},
        {QStringLiteral("verify-full"), QObject::tr("TLS, certificate and host checked")},
    };
    s += QStringLiteral(" · ") + tls.value(p.sslMode, QStringLiteral("sslmode=") + p.sslMode);
    return s;
}

// A field with a quieter line under it (a summary, an inline error).
QWidget* stacked(QWidget* parent, QWidget* field, QWidget* below)
{
    auto* box = new QWidget(parent);
    box->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed); // no share of spare height
    auto* l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(4);
    l->addWidget(field);
    l->addWidget(below);
    return box;
}

} // namespace

QString LoginDialog::noKeychainNotice()
{
    return tr("No keychain is available: the password is kept for this session only.");
}

LoginDialog::LoginDialog(auth::SecretStore& store, QWidget* parent)
    : QDialog(parent), m_store(store), m_attempt(std::make_unique<SignInAttempt>())
{
    setWindowTitle(tr("Sign in — Opsdeck"));
    setObjectName(QStringLiteral("loginDialog"));

    auto* layout = new QVBoxLayout(this);
    // The dialog is always exactly as tall as what it shows: rows and messages come and go.
    layout->setSizeConstraint(QLayout::SetFixedSize);
    layout->setContentsMargins(24, 20, 24, 18);
    layout->setSpacing(12);

    auto* title = new QLabel(tr("Sign in to Opsdeck"), this);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.4);
    tf.setBold(true);
    title->setFont(tf);
    m_subtitle = new QLabel(tr("Each staff member signs in with their own database login."), this);
    m_subtitle->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(m_subtitle);

    // One form for everything, so every field starts in the same column whatever rows show.
    m_form = new QFormLayout();
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_form->setHorizontalSpacing(12);
    m_form->setVerticalSpacing(8);
    m_profileCombo = new QComboBox(this);
    m_profileCombo->setObjectName(QStringLiteral("profile"));
    m_profileCombo->setMinimumWidth(380); // sets the dialog's width (its size is fixed to the layout's)
    m_profileSummary = new QLabel(this);
    m_profileSummary->setObjectName(QStringLiteral("profileSummary"));
    // One line, clipped rather than widening the dialog (a socket path can be long); the tooltip
    // has it all. Not word-wrapped: a wrapped label inside a form row keeps stale heights.
    m_profileSummary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    // Sub-lines (summary, URI error, messages) live inside their row's field: QFormLayout leaves a
    // gap for a hidden row that has no label.
    m_form->addRow(tr("Profile"), stacked(this, m_profileCombo, m_profileSummary));
    addNewProfileRows();

    m_loginEdit = new QLineEdit(this);
    m_loginEdit->setObjectName(QStringLiteral("login"));
    m_loginEdit->setPlaceholderText(tr("Your PostgreSQL login"));
    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("password"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_rememberCheck = new QCheckBox(tr("Remember password in the system keychain"), this);
    m_rememberCheck->setObjectName(QStringLiteral("rememberPassword"));
    m_rememberCheck->setChecked(
        common::Settings::instance().getBool(common::Settings::Key::RememberPassword));
    m_form->addRow(tr("Login"), m_loginEdit);
    m_form->addRow(tr("Password"), m_passwordEdit);
    m_form->addRow(QString(), m_rememberCheck);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("signInError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_noticeLabel = new QLabel(this);
    m_noticeLabel->setObjectName(QStringLiteral("signInNotice"));
    m_noticeLabel->setWordWrap(true);
    m_busyRow = new QWidget(this);
    auto* busy = new QHBoxLayout(m_busyRow);
    busy->setContentsMargins(0, 0, 0, 0);
    auto* progress = new QProgressBar(m_busyRow);
    progress->setRange(0, 0);
    progress->setTextVisible(false);
    progress->setMaximumWidth(120);
    progress->setMaximumHeight(8);
    m_busyLabel = new QLabel(m_busyRow);
    m_busyLabel->setWordWrap(true);
    busy->addWidget(progress);
    busy->addWidget(m_busyLabel, 1);
    auto* messages = new QWidget(this);
    auto* messageLayout = new QVBoxLayout(messages);
    messageLayout->setContentsMargins(0, 0, 0, 0);
    messageLayout->setSpacing(6);
    messageLayout->addWidget(m_errorLabel);
    messageLayout->addWidget(m_noticeLabel);
    messageLayout->addWidget(m_busyRow);
    m_errorLabel->hide();
    m_noticeLabel->hide();
    m_busyRow->hide();
    m_form->addRow(QString(), messages);
    layout->addLayout(m_form);

    layout->addStretch(1);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_signInButton = m_buttons->addButton(tr("Sign in"), QDialogButtonBox::AcceptRole);
    m_signInButton->setObjectName(QStringLiteral("signIn"));
    m_signInButton->setDefault(true);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::signIn);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);
    connect(m_profileCombo, &QComboBox::currentIndexChanged, this, &LoginDialog::onProfileChanged);
    connect(m_loginEdit, &QLineEdit::editingFinished, this, &LoginDialog::readRememberedPassword);
    connect(m_attempt.get(), &SignInAttempt::succeeded, this, &LoginDialog::onSignedIn);
    connect(m_attempt.get(), &SignInAttempt::failed, this, &LoginDialog::onSignInFailed);

    setProfiles(common::Settings::instance().profiles());
    applyTones();
}

LoginDialog::~LoginDialog() = default;

void LoginDialog::addNewProfileRows()
{
    m_uriEdit = new QLineEdit(this);
    m_uriEdit->setObjectName(QStringLiteral("uri"));
    m_uriEdit->setPlaceholderText(
        QStringLiteral("postgresql://login@host:5432/database?sslmode=verify-full"));
    m_uriEdit->setClearButtonEnabled(true);
    m_uriError = new QLabel(this);
    m_uriError->setObjectName(QStringLiteral("uriError"));
    m_uriError->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("profileName"));
    m_nameEdit->setPlaceholderText(tr("e.g. Production"));
    m_hostEdit = new QLineEdit(this);
    m_hostEdit->setObjectName(QStringLiteral("host"));
    m_hostEdit->setPlaceholderText(tr("db.example.com (empty: local socket)"));
    m_portSpin = new QSpinBox(this);
    m_portSpin->setObjectName(QStringLiteral("port"));
    m_portSpin->setRange(0, 65535);
    m_portSpin->setSpecialValueText(tr("default (5432)"));
    m_databaseEdit = new QLineEdit(this);
    m_databaseEdit->setObjectName(QStringLiteral("database"));
    m_databaseEdit->setPlaceholderText(tr("opsdeck"));
    m_sslCombo = new QComboBox(this);
    m_sslCombo->setObjectName(QStringLiteral("sslMode"));
    m_sslCombo->addItem(tr("TLS if offered (prefer)"), QString());
    for (const char* mode : {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
        m_sslCombo->addItem(QString::fromLatin1(mode), QString::fromLatin1(mode));
    m_uriError->hide();
    QWidget* uriRow = stacked(this, m_uriEdit, m_uriError);
    m_form->addRow(tr("Paste a URI"), uriRow);
    m_form->addRow(tr("Name"), m_nameEdit);
    m_form->addRow(tr("Host"), m_hostEdit);
    m_form->addRow(tr("Port"), m_portSpin);
    m_form->addRow(tr("Database"), m_databaseEdit);
    m_form->addRow(tr("TLS"), m_sslCombo);
    m_newProfileFields = {uriRow, m_nameEdit, m_hostEdit, m_portSpin, m_databaseEdit, m_sslCombo};

    connect(m_uriEdit, &QLineEdit::textEdited, this, &LoginDialog::onUriEdited);
}

void LoginDialog::setProfiles(const QList<db::ConnectionProfile>& profiles)
{
    m_profiles = profiles;
    const QString last = common::Settings::instance().getString(common::Settings::Key::LastProfileName);
    int select = m_profiles.isEmpty() ? kNewProfile : 0;
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles[i].name == last)
            select = i;
    }
    rebuildProfileCombo(select);
}

int LoginDialog::addProfile(const db::ConnectionProfile& profile)
{
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (sameServer(m_profiles[i], profile)) {
            rebuildProfileCombo(i);
            return i;
        }
    }
    db::ConnectionProfile p = profile;
    QString base = p.name.isEmpty() ? p.displayName() : p.name;
    p.name = base;
    for (int n = 2;
         std::any_of(m_profiles.begin(), m_profiles.end(), [&p](const auto& o) { return o.name == p.name; });
         ++n)
        p.name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    m_profiles.append(p);
    rebuildProfileCombo(int(m_profiles.size()) - 1);
    return int(m_profiles.size()) - 1;
}

bool LoginDialog::selectProfile(const QString& name)
{
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles[i].name == name) {
            rebuildProfileCombo(i);
            return true;
        }
    }
    return false;
}

void LoginDialog::setLogin(const QString& login)
{
    m_loginEdit->setText(login);
}

void LoginDialog::setPassword(const QString& password)
{
    m_passwordEdit->setText(password);
}

QString LoginDialog::errorText() const
{
    return m_errorLabel->isVisibleTo(this) ? m_errorLabel->text() : QString();
}

void LoginDialog::rebuildProfileCombo(int select)
{
    const QSignalBlocker blocker(m_profileCombo);
    m_profileCombo->clear();
    for (int i = 0; i < m_profiles.size(); ++i)
        m_profileCombo->addItem(m_profiles[i].name, i);
    m_profileCombo->addItem(tr("New profile…"), kNewProfile);
    m_profileCombo->setCurrentIndex(select == kNewProfile ? m_profileCombo->count() - 1 : select);
    onProfileChanged();
}

bool LoginDialog::isNewProfile() const
{
    return m_profileCombo->currentData().toInt() == kNewProfile;
}

void LoginDialog::onProfileChanged()
{
    ++m_token;
    const bool isNew = isNewProfile();
    for (QWidget* w : m_newProfileFields)
        m_form->setRowVisible(w, isNew);
    m_profileSummary->setVisible(!isNew);
    m_errorLabel->hide();
    if (!isNew) {
        const auto& p = m_profiles.at(m_profileCombo->currentData().toInt());
        m_profileSummary->setText(summaryOf(p));
        m_profileSummary->setToolTip(summaryOf(p));
        const auto& settings = common::Settings::instance();
        const QString lastLogin = settings.getString(common::Settings::Key::LastLogin);
        const bool wasLast = settings.getString(common::Settings::Key::LastProfileName) == p.name;
        m_loginEdit->setText(wasLast && !lastLogin.isEmpty() ? lastLogin : p.user);
        m_passwordEdit->clear();
        if (m_shownOnce)
            readRememberedPassword();
    }
    fitHeight();
}

void LoginDialog::onUriEdited(const QString& text)
{
    m_errorLabel->hide(); // it was about the old text
    QString error, password;
    const db::ConnectionProfile p = text.trimmed().isEmpty()
                                        ? db::ConnectionProfile()
                                        : db::ConnectionProfile::parse(text.trimmed(), &error, &password);
    // Qt's URL errors go on to quote the whole input; the first clause is the useful part.
    m_uriError->setText(error.isEmpty()
                            ? QString()
                            : tr("Cannot read this URI: %1").arg(error.section(QStringLiteral("; "), 0, 0)));
    m_uriError->setToolTip(error);
    m_uriError->setVisible(!error.isEmpty());
    fitHeight();
    if (!error.isEmpty() || text.trimmed().isEmpty())
        return;
    m_hostEdit->setText(p.host);
    m_portSpin->setValue(p.port);
    m_databaseEdit->setText(p.database);
    const int ssl = m_sslCombo->findData(p.sslMode);
    m_sslCombo->setCurrentIndex(ssl < 0 ? 0 : ssl);
    if (!p.user.isEmpty())
        m_loginEdit->setText(p.user);
    if (!password.isEmpty())
        m_passwordEdit->setText(password); // only into the field: never saved with the profile
    // Suggest a name until the person types their own (the URI is parsed on every keystroke, so
    // the suggestion follows it).
    if (m_nameEdit->text().isEmpty() || m_nameEdit->text() == m_suggestedName) {
        m_suggestedName = p.host.isEmpty() || p.host.startsWith(QLatin1Char('/'))
                              ? (p.database.isEmpty() ? tr("Local server") : p.database)
                              : (p.database.isEmpty() ? p.host : p.host + QLatin1Char('/') + p.database);
        m_nameEdit->setText(m_suggestedName);
    }
}

db::ConnectionProfile LoginDialog::formProfile(QString* error) const
{
    error->clear();
    if (!isNewProfile())
        return m_profiles.at(m_profileCombo->currentData().toInt());
    if (!m_uriError->text().isEmpty()) {
        *error = m_uriError->text();
        return {};
    }
    db::ConnectionProfile p;
    p.name = m_nameEdit->text().trimmed();
    p.host = m_hostEdit->text().trimmed();
    p.port = m_portSpin->value();
    p.database = m_databaseEdit->text().trimmed();
    p.sslMode = m_sslCombo->currentData().toString();
    if (p.name.isEmpty())
        *error = tr("Give the new profile a name.");
    else if (std::any_of(m_profiles.begin(), m_profiles.end(),
                         [&p](const auto& o) { return o.name == p.name; }))
        *error = tr("A profile named “%1” exists already; choose another name.").arg(p.name);
    return p;
}

void LoginDialog::signIn()
{
    if (m_busy)
        return;
    QString error;
    db::ConnectionProfile profile = formProfile(&error);
    const QString login = m_loginEdit->text().trimmed();
    if (error.isEmpty() && login.isEmpty())
        error = tr("Enter your login.");
    if (!error.isEmpty()) {
        showError(error);
        return;
    }
    profile.user = login;
    m_usedProfile = profile;
    m_errorLabel->hide();
    setBusy(true, tr("Signing in to %1…").arg(profile.displayName()));
    m_attempt->start(profile, m_passwordEdit->text());
}

void LoginDialog::onSignInFailed(const db::DbError& error)
{
    setBusy(false);
    showError(describeSignInError(error), error.text());
    m_passwordEdit->setFocus();
    m_passwordEdit->selectAll();
}

void LoginDialog::onSignedIn(std::shared_ptr<db::DbPool> pool, const auth::StaffIdentity& identity)
{
    m_pool = std::move(pool);
    m_identity = identity;
    saveSettings(m_usedProfile);
    const QString key = auth::SecretStore::passwordKey(m_usedProfile.name, m_usedProfile.user);
    const quint64 token = ++m_token;
    if (!m_rememberCheck->isChecked()) {
        // Unticked means "do not keep it": drop an older one. Nobody waits for the answer.
        (void)m_store.remove(key);
        finish(false, QString());
        return;
    }
    setBusy(true, tr("Saving the password in the keychain…"));
    m_store.write(key, m_passwordEdit->text()).then(this, [this, token](auth::SecretStore::Result r) {
        if (token != m_token)
            return; // cancelled meanwhile
        if (r.ok())
            finish(false, QString());
        else if (r.status == auth::SecretStore::Status::Unavailable)
            finish(true, noKeychainNotice());
        else
            finish(true,
                   tr("The keychain could not save the password (%1): it is kept for this session only.")
                       .arg(r.message));
    });
}

void LoginDialog::saveSettings(const db::ConnectionProfile& used)
{
    auto& settings = common::Settings::instance();
    db::ConnectionProfile saved = used; // user: the login last used with this profile
    bool found = false;
    for (auto& p : m_profiles) {
        if (p.name == saved.name) {
            p = saved;
            found = true;
        }
    }
    if (!found)
        m_profiles.append(saved);
    settings.setProfiles(m_profiles);
    settings.set(common::Settings::Key::LastProfileName, used.name);
    settings.set(common::Settings::Key::LastLogin, used.user);
    settings.set(common::Settings::Key::RememberPassword, m_rememberCheck->isChecked());
    settings.sync();
}

void LoginDialog::finish(bool keptForSessionOnly, const QString& keychainMessage)
{
    setBusy(false);
    if (keptForSessionOnly) {
        qCWarning(lcKeychain).noquote() << keychainMessage;
        showNotice(keychainMessage);
        Q_EMIT notice(keychainMessage);
    }
    std::shared_ptr<db::DbPool> pool = std::move(m_pool);
    const QString password = m_passwordEdit->text();
    m_passwordEdit->clear();
    qCInfo(lcAuth).noquote() << "signed in as" << m_identity.login << "(" + m_identity.roleName + ")";
    Q_EMIT signedIn(pool, m_identity, password);
    m_identity = {};
    accept();
}

void LoginDialog::readRememberedPassword()
{
    // Asked whatever the checkbox says: the demo start stores its passwords without it.
    if (!m_passwordEdit->text().isEmpty() || m_busy)
        return;
    QString error;
    const db::ConnectionProfile p = formProfile(&error);
    const QString login = m_loginEdit->text().trimmed();
    if (!error.isEmpty() || login.isEmpty() || isNewProfile())
        return;
    const quint64 token = ++m_token;
    m_store.read(auth::SecretStore::passwordKey(p.name, login))
        .then(this, [this, token](auth::SecretStore::Result r) {
            if (token != m_token || !m_passwordEdit->text().isEmpty())
                return; // the person moved on or typed meanwhile
            if (r.ok()) {
                m_passwordEdit->setText(r.secret);
                m_rememberCheck->setChecked(true); // it is remembered; unticking it forgets it at sign-in
                showNotice(tr("Password filled in from the %1.").arg(m_store.backendName()));
            } else if (r.status == auth::SecretStore::Status::Unavailable && m_rememberCheck->isChecked()) {
                showNotice(tr("No keychain is available: a password can only be kept for this session."));
            }
        });
}

void LoginDialog::setBusy(bool busy, const QString& what)
{
    m_busy = busy;
    m_busyRow->setVisible(busy);
    m_busyLabel->setText(what);
    m_busyLabel->setToolTip(what);
    fitHeight();
    for (QWidget* w : std::initializer_list<QWidget*>{m_profileCombo, m_loginEdit, m_passwordEdit,
                                                      m_rememberCheck, m_signInButton})
        w->setEnabled(!busy);
    for (QWidget* w : m_newProfileFields)
        w->setEnabled(!busy);
}

void LoginDialog::showError(const QString& text, const QString& details)
{
    m_errorLabel->setText(text);
    m_errorLabel->setToolTip(details);
    m_errorLabel->show();
    fitHeight();
}

void LoginDialog::showNotice(const QString& text)
{
    m_lastNotice = text;
    m_noticeLabel->setText(text);
    m_noticeLabel->show();
    fitHeight();
}

void LoginDialog::fitHeight()
{
    // A line shown or hidden inside a row's field reaches neither that field's cached size hint
    // nor QFormLayout's cached row heights before the next event-loop pass, and only partly then;
    // refresh both, so SetFixedSize fits the dialog to what shows right now.
    for (QWidget* box :
         {m_profileSummary->parentWidget(), m_uriError->parentWidget(), m_errorLabel->parentWidget()}) {
        box->layout()->invalidate();
        box->updateGeometry();
    }
    m_form->invalidate();
    layout()->activate();
}

void LoginDialog::showEvent(QShowEvent* event)
{
    QDialog::showEvent(event);
    if (!m_shownOnce) {
        m_shownOnce = true;
        if (m_loginEdit->text().isEmpty())
            m_loginEdit->setFocus();
        else
            m_passwordEdit->setFocus();
        readRememberedPassword();
    }
}

void LoginDialog::reject()
{
    if (m_busy) {
        // Cancel while waiting means "stop waiting", not "close": the person may fix a typo.
        ++m_token;
        m_attempt->cancel();
        m_pool.reset(); // only set while the keychain answers; its job is done, so this is quick
        setBusy(false);
        showNotice(tr("Sign-in cancelled."));
        return;
    }
    QDialog::reject();
}

void LoginDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTones();
}

void LoginDialog::applyTones()
{
    applyTone(m_subtitle, Tone::Neutral);
    applyTone(m_profileSummary, Tone::Neutral);
    applyTone(m_noticeLabel, Tone::Neutral);
    applyTone(m_busyLabel, Tone::Neutral);
    applyTone(m_errorLabel, Tone::Bad);
    applyTone(m_uriError, Tone::Bad);
}

} // namespace opsdeck::widgets
