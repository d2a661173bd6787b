#pragma once

#include "CommandLine.h"
#include "auth/SecretStore.h"
#include "auth/StaffIdentity.h"
#include "db/ConnectionProfile.h"
#include "db/DbPool.h"
#include "db/DbResult.h"
#include "demo/DemoWorkspace.h"
#include "login/SignInAttempt.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <memory>
#include <optional>

namespace opsdeck::session {
class Session;
}
namespace opsdeck::engine {
class EngineHost;
}

namespace opsdeck::widgets {
class DemoProgressWindow;
class LoginDialog;
class MainWindow;
} // namespace opsdeck::widgets

namespace opsdeck::app {

// The console's flows from start to quit:
//   normal:      LoginDialog → Session → MainWindow
//   --demo:      DemoWorkspace::prepare() off the GUI thread (progress window or log) → demo
//                passwords into the keychain → sign in as the demo super admin → MainWindow
//   headless:    with --screenshot-dir, sign in without a dialog (URI password, keychain or libpq's
//                own PGPASSWORD/.pgpass), write the screenshots, print them and exit.
// It owns the session and the window, and tears them down in order in shutdown().
class ConsoleApp : public QObject
{
    Q_OBJECT

public:
    explicit ConsoleApp(CommandLine options, QObject* parent = nullptr);
    ~ConsoleApp() override;

    // Call once the event loop runs (a queued call from main), so exit codes set here take effect.
    void start();
    // After the event loop: window, then session (joins the listener and pool threads), then the
    // demo cluster (pg_ctl stop). Blocking, which is acceptable only here, at quit.
    void shutdown();

private:
    void showLoginDialog();
    void signInHeadless();
    void signInWith(const db::ConnectionProfile& profile, const QString& password);
    void startDemo();
    void onDemoProgress(const QString& line);
    void onDemoPrepared(const db::DbResult<QList<demo::DemoLogin>>& result);
    void rememberDemoPasswords(const QList<demo::DemoLogin>& logins);
    void openSession(std::shared_ptr<db::DbPool> pool, const auth::StaffIdentity& identity,
                     const QString& password);
    // The outbound engine, when the staff member holds engines.run and this workstation runs engines.
    void startEngines(const QString& password);
    // The session was ended by an administrator: say so and show the sign-in dialog again.
    void signOutAfter(const QString& message);
    void runScreenshots();
    void notice(const QString& text);
    void fail(const QString& message);
    // The profile --db and the PG* variables describe, if they describe one.
    std::optional<db::ConnectionProfile> commandLineProfile(QString* password) const;

    CommandLine m_options;
    std::unique_ptr<auth::SecretStore> m_store;
    widgets::SignInAttempt m_signIn;
    QString m_signInPassword; // only between signInWith() and the answer
    QPointer<widgets::LoginDialog> m_login;
    std::unique_ptr<widgets::DemoProgressWindow> m_progress;
    std::unique_ptr<session::Session> m_session;
    std::unique_ptr<engine::EngineHost> m_engines;
    std::unique_ptr<widgets::MainWindow> m_window;
    std::unique_ptr<demo::DemoWorkspace> m_demo;
    QFuture<db::DbResult<QList<demo::DemoLogin>>> m_demoFuture;
    // Demo passwords the keychain would not take: kept for this session only, by keychain key.
    bool m_keychainNoticeGiven = false;
    QStringList m_pendingNotices;
};

} // namespace opsdeck::app
