#pragma once

#include "auth/SecretStore.h"
#include "auth/StaffIdentity.h"
#include "db/ConnectionProfile.h"
#include "db/DbPool.h"

#include <QDialog>
#include <QList>
#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace opsdeck::widgets {

class SignInAttempt;

// Sign in with a saved connection profile (or a new one typed in or pasted as a postgresql://
// URI), a PostgreSQL login and its password. The server is asked through SignInAttempt, never on
// the GUI thread; the dialog stays usable and Cancel stops waiting. A remembered password lives in
// the SecretStore only; Settings get the profiles and the last profile and login, never a password.
class LoginDialog : public QDialog
{
    Q_OBJECT

public:
    static QString noKeychainNotice();

    explicit LoginDialog(auth::SecretStore& store, QWidget* parent = nullptr);
    ~LoginDialog() override;

    // The saved profiles are read from Settings in the constructor; these adjust the choice.
    void setProfiles(const QList<db::ConnectionProfile>& profiles);
    QList<db::ConnectionProfile> profiles() const { return m_profiles; }
    // Adds `profile` unless a saved one points at the same server and database; selects it either
    // way and returns its index. Saved with the list after the next successful sign-in.
    int addProfile(const db::ConnectionProfile& profile);
    bool selectProfile(const QString& name);
    void setLogin(const QString& login);
    void setPassword(const QString& password);

    bool isBusy() const { return m_busy; }
    QString errorText() const;
    // The last notice shown ("Password filled from the keychain", "No keychain is available: …").
    QString lastNotice() const { return m_lastNotice; }

public Q_SLOTS:
    // Cancel and Escape: while waiting for the server, stop waiting (the dialog stays open);
    // otherwise close.
    void reject() override;

Q_SIGNALS:
    // The password is handed on once, for session::Session's own listener connection; the dialog
    // forgets it right after.
    void signedIn(std::shared_ptr<opsdeck::db::DbPool> pool, const opsdeck::auth::StaffIdentity& identity,
                  const QString& password);
    // Non-blocking information for the main window's status bar (keychain unavailable, …).
    void notice(const QString& text);

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void addNewProfileRows();
    void rebuildProfileCombo(int select);
    void onProfileChanged();
    void onUriEdited(const QString& text);
    bool isNewProfile() const;
    // The profile the form describes, without user; empty `error` on success.
    db::ConnectionProfile formProfile(QString* error) const;
    void signIn();
    void onSignedIn(std::shared_ptr<db::DbPool> pool, const auth::StaffIdentity& identity);
    void onSignInFailed(const db::DbError& error);
    void saveSettings(const db::ConnectionProfile& used);
    void finish(bool keptForSessionOnly, const QString& keychainMessage);
    void readRememberedPassword();
    void setBusy(bool busy, const QString& what = {});
    void showError(const QString& text, const QString& details = {});
    void showNotice(const QString& text);
    void applyTones();
    void fitHeight();

    auth::SecretStore& m_store;
    QList<db::ConnectionProfile> m_profiles;
    std::unique_ptr<SignInAttempt> m_attempt;
    bool m_busy = false;
    bool m_shownOnce = false;
    quint64 m_token = 0; // invalidates keychain answers that arrive after a change or cancel
    QString m_lastNotice;
    QString m_suggestedName; // the profile name we derived from the URI, replaced while it is unedited

    // Between a successful sign-in and the keychain's answer.
    std::shared_ptr<db::DbPool> m_pool;
    auth::StaffIdentity m_identity;
    db::ConnectionProfile m_usedProfile;

    QComboBox* m_profileCombo = nullptr;
    QLabel* m_profileSummary = nullptr;
    QFormLayout* m_form = nullptr;
    QList<QWidget*> m_newProfileFields; // rows shown for "New profile…"
    QLineEdit* m_uriEdit = nullptr;
    QLabel* m_uriError = nullptr;
    QLineEdit* m_nameEdit = nullptr;
    QLineEdit* m_hostEdit = nullptr;
    QSpinBox* m_portSpin = nullptr;
    QLineEdit* m_databaseEdit = nullptr;
    QComboBox* m_sslCombo = nullptr;
    QLineEdit* m_loginEdit = nullptr;
    QLineEdit* m_passwordEdit = nullptr;
    QCheckBox* m_rememberCheck = nullptr;
    QLabel* m_errorLabel = nullptr;
    QLabel* m_noticeLabel = nullptr;
    QWidget* m_busyRow = nullptr;
    QLabel* m_busyLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_signInButton = nullptr;
    QLabel* m_subtitle = nullptr;
};

} // namespace opsdeck::widgets
