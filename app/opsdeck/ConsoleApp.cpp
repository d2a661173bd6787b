#include "ConsoleApp.h"

#include "common/Logging.h"
#include "common/MessageBox.h"
#include "common/Settings.h"
#include "engine/EngineHost.h"
#include "login/LoginDialog.h"
#include "outbound/OutboundEngine.h"
#include "session/Session.h"
#include "shell/DemoProgressWindow.h"
#include "shell/MainWindow.h"
#include "shell/ScreenshotWriter.h"
#include "shell/TabFactory.h"

#include <QApplication>
#include <QTextStream>
#include <QtConcurrent>

namespace opsdeck::app {
namespace {

// A readable name for a profile that came from the command line ("db.example.com/opsdeck").
QString nameFor(const db::ConnectionProfile& p)
{
    QString host = p.host.isEmpty() || p.host.startsWith(QLatin1Char('/')) ? QStringLiteral("local") : p.host;
    return p.database.isEmpty() ? host : host + QLatin1Char('/') + p.database;
}

} // namespace

ConsoleApp::ConsoleApp(CommandLine options, QObject* parent)
    : QObject(parent), m_options(std::move(options)),
      m_store(std::make_unique<auth::SessionSecretStore>(std::make_unique<auth::KeychainSecretStore>()))
{
    connect(&m_signIn, &widgets::SignInAttempt::succeeded, this,
            [this](std::shared_ptr<db::DbPool> pool, const auth::StaffIdentity& identity) {
                const QString password = std::exchange(m_signInPassword, QString());
                openSession(std::move(pool), identity, password);
            });
    connect(&m_signIn, &widgets::SignInAttempt::failed, this, [this](const db::DbError& error) {
        m_signInPassword.clear();
        fail(tr("Sign-in failed: %1\n(%2)").arg(widgets::describeSignInError(error), error.text()));
    });
}

ConsoleApp::~ConsoleApp()
{
    shutdown();
}

void ConsoleApp::start()
{
    qCInfo(lcApp).noquote() << "Opsdeck" << QCoreApplication::applicationVersion()
                            << "keychain:" << m_store->backendName();
    if (m_options.demo)
        startDemo();
    else if (m_options.screenshots())
        signInHeadless();
    else
        showLoginDialog();
}

std::optional<db::ConnectionProfile> ConsoleApp::commandLineProfile(QString* password) const
{
    const bool fromEnvironment =
        !qEnvironmentVariableIsEmpty("PGHOST") || !qEnvironmentVariableIsEmpty("PGDATABASE");
    if (m_options.db.isEmpty() && !fromEnvironment)
        return std::nullopt;
    QString error; // validated in main(): an unparsable --db never gets here
    db::ConnectionProfile p = db::ConnectionProfile::fromCommandLine(m_options.db, &error, password);
    // A saved profile for the same server keeps its name (and with it its keychain entries).
    for (const auto& saved : common::Settings::instance().profiles()) {
        if (saved.host == p.host && saved.port == p.port && saved.database == p.database) {
            const QString user = p.user;
            p.name = saved.name;
            p.user = user.isEmpty() ? saved.user : user;
            return p;
        }
    }
    p.name = nameFor(p);
    return p;
}

void ConsoleApp::showLoginDialog()
{
    auto* dialog = new widgets::LoginDialog(*m_store);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_login = dialog;
    QString password;
    if (auto p = commandLineProfile(&password)) {
        dialog->addProfile(*p);
        if (!p->user.isEmpty())
            dialog->setLogin(p->user);
        if (!password.isEmpty())
            dialog->setPassword(password);
    }
    if (!m_options.login.isEmpty())
        dialog->setLogin(m_options.login);
    connect(dialog, &widgets::LoginDialog::notice, this, &ConsoleApp::notice);
    connect(dialog, &widgets::LoginDialog::signedIn, this, &ConsoleApp::openSession);
    connect(dialog, &QDialog::rejected, qApp, &QCoreApplication::quit);
    dialog->show();
}

void ConsoleApp::signInHeadless()
{
    QString password;
    std::optional<db::ConnectionProfile> profile = commandLineProfile(&password);
    auto& settings = common::Settings::instance();
    if (!profile) {
        const QString last = settings.getString(common::Settings::Key::LastProfileName);
        for (const auto& p : settings.profiles()) {
            if (p.name == last)
                profile = p;
        }
        if (profile && !settings.getString(common::Settings::Key::LastLogin).isEmpty())
            profile->user = settings.getString(common::Settings::Key::LastLogin);
    }
    if (!profile) {
        fail(tr("No database to sign in to: give --db URI (or PGHOST/PGDATABASE), or use --demo."));
        return;
    }
    if (!m_options.login.isEmpty())
        profile->user = m_options.login;
    if (profile->user.isEmpty()) {
        fail(tr("No login to sign in with: give --login NAME or a user in the --db URI."));
        return;
    }
    if (!password.isEmpty()) {
        signInWith(*profile, password);
        return;
    }
    // No password on the command line: a remembered one, else libpq's own PGPASSWORD / ~/.pgpass.
    const db::ConnectionProfile p = *profile;
    m_store->read(auth::SecretStore::passwordKey(p.name, p.user))
        .then(this, [this, p](auth::SecretStore::Result r) {
            if (!r.ok() && r.status != auth::SecretStore::Status::NotFound)
                qCInfo(lcKeychain).noquote() << "no remembered password:" << r.message;
            signInWith(p, r.ok() ? r.secret : QString());
        });
}

void ConsoleApp::signInWith(const db::ConnectionProfile& profile, const QString& password)
{
    m_signInPassword = password;
    m_signIn.start(profile, password);
}

void ConsoleApp::startDemo()
{
    m_demo = std::make_unique<demo::DemoWorkspace>();
    if (!m_options.screenshots()) {
        m_progress = std::make_unique<widgets::DemoProgressWindow>();
        m_progress->show();
    }
    onDemoProgress(tr("Demo workspace in %1").arg(m_demo->cluster().baseDir()));
    // prepare() runs initdb, pg_ctl and the migrations: seconds to minutes, never on the GUI thread.
    // Its progress lines come back queued; `this` outlives the job (shutdown() waits for it).
    auto report = [this](const QString& line) {
        QMetaObject::invokeMethod(
            this, [this, line] { onDemoProgress(line); }, Qt::QueuedConnection);
    };
    demo::DemoWorkspace* workspace = m_demo.get();
    m_demoFuture = QtConcurrent::run([workspace, report]() -> db::DbResult<QList<demo::DemoLogin>> {
        try {
            return workspace->prepare(report);
        } catch (const db::DbError& e) {
            return e;
        } catch (const std::exception& e) {
            return db::DbError{db::DbError::Kind::Query,
                               QString::fromLocal8Bit(e.what()),
                               {},
                               QStringLiteral("preparing the demo workspace")};
        }
    });
    m_demoFuture.then(this, [this](db::DbResult<QList<demo::DemoLogin>> result) { onDemoPrepared(result); });
}

void ConsoleApp::onDemoProgress(const QString& line)
{
    qCInfo(lcDemo).noquote() << line;
    if (m_progress)
        m_progress->appendLine(line);
}

void ConsoleApp::onDemoPrepared(const db::DbResult<QList<demo::DemoLogin>>& result)
{
    if (!result.ok()) {
        const QString message = tr("The demo workspace could not start: %1").arg(result.error().text());
        if (m_progress)
            m_progress->showFailure(message);
        fail(message);
        return;
    }
    const QList<demo::DemoLogin>& logins = result.value();
    const QString signInLogin = QString::fromLatin1(demo::DemoWorkspace::kSignInLogin);
    db::ConnectionProfile profile = m_demo->profileFor(signInLogin);
    profile.name = demo::DemoWorkspace::profileName();

    // The login dialog can sign in as any demo role later: keep the profile (never a password).
    auto& settings = common::Settings::instance();
    QList<db::ConnectionProfile> profiles = settings.profiles();
    profiles.erase(std::remove_if(profiles.begin(), profiles.end(),
                                  [&profile](const auto& p) { return p.name == profile.name; }),
                   profiles.end());
    profiles.prepend(profile);
    settings.setProfiles(profiles);
    settings.set(common::Settings::Key::LastProfileName, profile.name);
    settings.set(common::Settings::Key::LastLogin, signInLogin);
    settings.sync();

    rememberDemoPasswords(logins);
    for (const auto& l : logins) {
        if (l.login == signInLogin) {
            onDemoProgress(tr("Signing in as %1 (%2)").arg(l.fullName, l.roleName));
            signInWith(profile, l.password);
            return;
        }
    }
    fail(tr("The demo data has no staff member %1 to sign in as.").arg(signInLogin));
}

void ConsoleApp::rememberDemoPasswords(const QList<demo::DemoLogin>& logins)
{
    // Fresh passwords on every start; each goes to the keychain under the profile's key, so the
    // login dialog fills it in for any demo role. No keychain: memory only, and we say so.
    for (const auto& l : logins) {
        const QString key = auth::SecretStore::passwordKey(demo::DemoWorkspace::profileName(), l.login);
        m_store->write(key, l.password).then(this, [this](auth::SecretStore::Result r) {
            if (r.ok())
                return; // refused writes stay in the SessionSecretStore's memory
            if (std::exchange(m_keychainNoticeGiven, true))
                return;
            notice(
                r.status == auth::SecretStore::Status::Unavailable
                    ? tr("No keychain is available: the demo passwords are kept for this session only.")
                    : tr("The keychain did not store the demo passwords (%1): they are kept for this session "
                         "only.")
                          .arg(r.message));
        });
    }
}

void ConsoleApp::openSession(std::shared_ptr<db::DbPool> pool, const auth::StaffIdentity& identity,
                             const QString& password)
{
    m_session = std::make_unique<session::Session>(std::move(pool), identity, password);
    m_session->setSecretStore(m_store.get()); // connection secrets: keychain, or this session only
    m_window = std::make_unique<widgets::MainWindow>(*m_session, widgets::makeStandardTab);
    if (m_options.screenshots())
        m_window->resize(1280, 800);
    m_window->show();
    // Queued: the session is deleted in the handler, never inside its own signal.
    connect(m_session.get(), &session::Session::endedElsewhere, this, &ConsoleApp::signOutAfter,
            Qt::QueuedConnection);
    for (const QString& n : std::exchange(m_pendingNotices, {}))
        m_window->showNotice(n);
    startEngines(password);
    if (m_progress) {
        m_progress->close();
        m_progress.reset();
    }
    qCInfo(lcApp).noquote() << "main window open for" << identity.login << "on" << m_session->serverName();
    if (m_options.screenshots())
        runScreenshots();
}

void ConsoleApp::startEngines(const QString& password)
{
    // Screenshots show the data as seeded: no engine changes it meanwhile.
    if (m_options.screenshots() || !m_session->staff().has(QStringLiteral("engines.run")))
        return;
    m_engines = std::make_unique<engine::EngineHost>(m_session->pool(), m_session->pool().profile(), password,
                                                     *m_store);
    connect(m_engines.get(), &engine::EngineHost::secretsLoaded, this,
            [this](int served, int total, const QString& problem) {
                if (!problem.isEmpty())
                    notice(tr("The outbound engine serves %1 of %2 connections: %3")
                               .arg(served)
                               .arg(total)
                               .arg(problem));
            });
    // Switched on and off from Operations → Engines; remembered per workstation.
    connect(m_session.get(), &session::Session::enginesRunningChanged, this, [this](bool running) {
        common::Settings::instance().set(common::Settings::Key::RunEngines, running);
        if (running) {
            m_engines->start();
            qCInfo(lcApp) << "outbound engine" << m_engines->outbound()->engineId()
                          << "running on this workstation";
        } else {
            m_engines->stop();
            qCInfo(lcApp) << "outbound engine stopping on this workstation";
        }
    });
    if (common::Settings::instance().getBool(common::Settings::Key::RunEngines))
        m_session->setEnginesRunning(true);
    else
        qCInfo(lcApp) << "the engines are switched off on this workstation";
}

void ConsoleApp::signOutAfter(const QString& message)
{
    if (!m_session)
        return;
    qCInfo(lcApp).noquote() << "signing out:" << message;
    if (m_options.screenshots()) {
        fail(message);
        return;
    }
    widgets::MessageBox::information(m_window.get(), tr("Signed out"),
                                     tr("%1 Sign in again to continue.").arg(message));
    showLoginDialog(); // a visible window before the main window goes, so the app keeps running
    m_engines.reset();
    m_window.reset();
    m_session.reset();
}

void ConsoleApp::runScreenshots()
{
    auto* writer = new widgets::ScreenshotWriter(*m_window, m_options.screenshotDir, this);
    connect(writer, &widgets::ScreenshotWriter::progress, this,
            [](const QString& message) { qCInfo(lcUi).noquote() << message; });
    connect(writer, &widgets::ScreenshotWriter::finished, this, [writer](bool ok, const QStringList& files) {
        QTextStream out(stdout);
        for (const QString& f : files)
            out << f << '\n';
        out.flush();
        if (!ok) {
            QTextStream err(stderr);
            err << "opsdeck: the screenshots are incomplete:\n";
            for (const QString& p : writer->problems())
                err << "  " << p << '\n';
        }
        writer->deleteLater();
        QCoreApplication::exit(ok ? 0 : 1);
    });
    writer->start();
}

void ConsoleApp::notice(const QString& text)
{
    qCInfo(lcApp).noquote() << text;
    if (m_window)
        m_window->showNotice(text);
    else
        m_pendingNotices << text;
}

void ConsoleApp::fail(const QString& message)
{
    qCCritical(lcApp).noquote() << message;
    if (m_options.screenshots()) {
        QTextStream(stderr) << "opsdeck: " << message << '\n';
    } else {
        widgets::MessageBox::critical(m_progress.get(), tr("Opsdeck"), message);
    }
    QCoreApplication::exit(1);
}

void ConsoleApp::shutdown()
{
    m_engines.reset(); // gives back what is in flight (bounded: the engine aborts after its grace)
    m_window.reset();
    m_session.reset();
    delete m_login.data();
    m_progress.reset();
    if (m_demo) {
        if (m_demoFuture.isRunning())
            m_demoFuture.waitForFinished(); // quit during the first start: let initdb/seeding end
        m_demo->stop();
        m_demo.reset();
    }
}

} // namespace opsdeck::app
