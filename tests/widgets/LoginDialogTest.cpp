#include "login/LoginDialog.h"

#include "WidgetTestSupport.h"
#include "common/Settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QTest>
#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

struct Outcome
{
    int signedIn = 0;
    auth::StaffIdentity identity;
    QString password;
    std::shared_ptr<db::DbPool> pool;
    QStringList notices;
};

void watch(widgets::LoginDialog& dialog, Outcome& out)
{
    QObject::connect(
        &dialog, &widgets::LoginDialog::signedIn,
        [&out](std::shared_ptr<db::DbPool> pool, const auth::StaffIdentity& id, const QString& pw) {
            ++out.signedIn;
            out.identity = id;
            out.password = pw;
            out.pool = std::move(pool);
        });
    QObject::connect(&dialog, &widgets::LoginDialog::notice, [&out](const QString& n) { out.notices << n; });
}

template <typename T> T* child(QWidget& parent, const char* name)
{
    T* w = parent.findChild<T*>(QString::fromLatin1(name));
    REQUIRE(w);
    return w;
}

// The test cluster may trust local connections (then any password is accepted); the wrong
// credential is then a login the server does not know, which fails the same way for the dialog.
bool serverChecksPasswords(test::TestDatabase& db)
{
    const QString method =
        db.scalar(
              QStringLiteral("SELECT auth_method FROM pg_hba_file_rules WHERE type = 'local' AND "
                             "'all' = ANY(database) AND 'all' = ANY(user_name) ORDER BY line_number LIMIT 1"))
            .toString();
    return method != QLatin1String("trust");
}

void fillAndSignIn(widgets::LoginDialog& dialog, const QString& login, const QString& password, bool remember)
{
    child<QLineEdit>(dialog, "login")->setText(login);
    child<QLineEdit>(dialog, "password")->setText(password);
    child<QCheckBox>(dialog, "rememberPassword")->setChecked(remember);
    child<QPushButton>(dialog, "signIn")->click();
}

} // namespace

TEST_CASE("The login dialog shows a wrong credential inline, stays usable, then signs in", "[widgets][login]")
{
    test::TestDatabase database;
    const auto staff = database.createStaff(QStringLiteral("agent"), QStringLiteral("Alex Agent"));
    test::MemorySecretStore store;
    widgets::LoginDialog dialog(store);
    Outcome out;
    watch(dialog, out);
    db::ConnectionProfile profile = staff.profile;
    profile.name = QStringLiteral("Test server");
    dialog.addProfile(profile);
    dialog.show();

    const bool checks = serverChecksPasswords(database);
    const QString badLogin = checks ? staff.login : staff.login + QStringLiteral("-nobody");
    fillAndSignIn(dialog, badLogin, QStringLiteral("not-the-password"), false);
    CHECK(dialog.isBusy());
    CHECK_FALSE(child<QPushButton>(dialog, "signIn")->isEnabled());
    REQUIRE(test::waitFor([&] { return !dialog.isBusy(); }, 20000));
    CHECK(out.signedIn == 0);
    CHECK(dialog.isVisible());
    auto* error = child<QLabel>(dialog, "signInError");
    CHECK(error->isVisible());
    CHECK(error->text() ==
          (checks ? QStringLiteral("Wrong login or password.")
                  : QStringLiteral("This server has no login of that name. Check the login, or ask "
                                   "an administrator to create it.")));
    CHECK(child<QLineEdit>(dialog, "password")->isEnabled());
    CHECK(child<QPushButton>(dialog, "signIn")->isEnabled());
    test::reviewShot(&dialog, QStringLiteral("login-error"));

    fillAndSignIn(dialog, staff.login, staff.password, false);
    REQUIRE(test::waitFor([&] { return out.signedIn == 1; }, 20000));
    CHECK(out.identity.login == staff.login);
    CHECK(out.identity.fullName == QStringLiteral("Alex Agent"));
    CHECK(out.identity.roleName == QStringLiteral("agent"));
    CHECK(out.password == staff.password);
    REQUIRE(out.pool);
    CHECK(out.pool->profile().user == staff.login);
    CHECK(child<QLineEdit>(dialog, "password")->text().isEmpty()); // not kept after handing it on
    CHECK(dialog.result() == QDialog::Accepted);
    // Remember unticked: an older remembered password is removed, nothing written.
    CHECK(store.writes.isEmpty());
    CHECK(store.removals ==
          QStringList{auth::SecretStore::passwordKey(QStringLiteral("Test server"), staff.login)});
    auto& settings = common::Settings::instance();
    CHECK(settings.getString(common::Settings::Key::LastProfileName) == QStringLiteral("Test server"));
    CHECK(settings.getString(common::Settings::Key::LastLogin) == staff.login);
}

TEST_CASE("Without a keychain, Remember still signs in, says so, and the settings hold no password",
          "[widgets][login]")
{
    test::TestDatabase database;
    const auto staff = database.createStaff(QStringLiteral("support"), QStringLiteral("Sam Support"));
    auth::UnavailableSecretStore store(QStringLiteral("no Secret Service on this test machine"));
    widgets::LoginDialog dialog(store);
    Outcome out;
    watch(dialog, out);
    db::ConnectionProfile profile = staff.profile;
    profile.name = QStringLiteral("No keychain server");
    dialog.addProfile(profile);
    dialog.show();

    fillAndSignIn(dialog, staff.login, staff.password, true);
    REQUIRE(test::waitFor([&] { return out.signedIn == 1; }, 20000));
    CHECK(out.identity.roleName == QStringLiteral("support"));
    REQUIRE(out.notices.size() == 1);
    CHECK(out.notices.constFirst().contains(QStringLiteral("kept for this session only")));
    CHECK(dialog.lastNotice() == widgets::LoginDialog::noKeychainNotice());
    CHECK(child<QLabel>(dialog, "signInNotice")->text().contains(QStringLiteral("No keychain is available")));
    test::reviewShot(&dialog, QStringLiteral("login-no-keychain"));

    auto& settings = common::Settings::instance();
    settings.sync();
    QFile file(settings.fileName());
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    CHECK(content.contains(staff.login.toUtf8())); // the file is the one written to
    CHECK(content.contains("No keychain server"));
    CHECK_FALSE(content.contains(staff.password.toUtf8())); // and holds no password
    CHECK(settings.getBool(common::Settings::Key::RememberPassword));
}

TEST_CASE("A remembered password goes to the keychain and is filled in next time", "[widgets][login]")
{
    test::TestDatabase database;
    const auto staff = database.createStaff(QStringLiteral("analyst"), QStringLiteral("Ana Lyst"));
    test::MemorySecretStore store;
    db::ConnectionProfile profile = staff.profile;
    profile.name = QStringLiteral("Keychain server");
    const QString key = auth::SecretStore::passwordKey(profile.name, staff.login);
    {
        widgets::LoginDialog dialog(store);
        Outcome out;
        watch(dialog, out);
        dialog.addProfile(profile);
        dialog.show();
        fillAndSignIn(dialog, staff.login, staff.password, true);
        REQUIRE(test::waitFor([&] { return out.signedIn == 1; }, 20000));
        CHECK(out.notices.isEmpty());
        REQUIRE(store.writes.size() == 1);
        CHECK(store.writes.constFirst().first == key);
        CHECK(store.writes.constFirst().second == staff.password);
    }
    // Next start: the saved profile and login come from Settings, the password from the keychain,
    // even when the box was left unticked (the demo start stores passwords without it).
    common::Settings::instance().set(common::Settings::Key::RememberPassword, false);
    widgets::LoginDialog again(store);
    CHECK_FALSE(child<QCheckBox>(again, "rememberPassword")->isChecked());
    again.show();
    CHECK(child<QComboBox>(again, "profile")->currentText() == QStringLiteral("Keychain server"));
    CHECK(child<QLineEdit>(again, "login")->text() == staff.login);
    REQUIRE(test::waitFor([&] { return !child<QLineEdit>(again, "password")->text().isEmpty(); }));
    CHECK(child<QLineEdit>(again, "password")->text() == staff.password);
    CHECK(child<QCheckBox>(again, "rememberPassword")->isChecked());
    CHECK(store.reads.contains(key));
    test::reviewShot(&again, QStringLiteral("login-remembered"));
}

TEST_CASE("A new profile can be pasted as a URI, and parse errors show inline", "[widgets][login]")
{
    test::MemorySecretStore store;
    widgets::LoginDialog dialog(store);
    dialog.show();
    auto* profiles = child<QComboBox>(dialog, "profile");
    profiles->setCurrentIndex(profiles->count() - 1); // "New profile…"
    CHECK(profiles->currentText() == QStringLiteral("New profile…"));
    auto* uri = child<QLineEdit>(dialog, "uri");
    REQUIRE(uri->isVisible());

    QTest::keyClicks(uri, QStringLiteral("postgresql://db.example.com:notaport/ops"));
    auto* uriError = child<QLabel>(dialog, "uriError");
    CHECK(uriError->isVisible());
    CHECK(uriError->text().startsWith(QStringLiteral("Cannot read this URI")));
    child<QPushButton>(dialog, "signIn")->click();
    CHECK_FALSE(dialog.isBusy()); // refused before asking any server
    CHECK(child<QLabel>(dialog, "signInError")->isVisible());

    uri->clear();
    QTest::keyClicks(uri,
                     QStringLiteral("postgresql://alice@db.example.com:6432/opsdeck?sslmode=verify-full"));
    CHECK_FALSE(uriError->isVisible());
    CHECK(child<QLineEdit>(dialog, "host")->text() == QStringLiteral("db.example.com"));
    CHECK(child<QSpinBox>(dialog, "port")->value() == 6432);
    CHECK(child<QLineEdit>(dialog, "database")->text() == QStringLiteral("opsdeck"));
    CHECK(child<QComboBox>(dialog, "sslMode")->currentData().toString() == QStringLiteral("verify-full"));
    CHECK(child<QLineEdit>(dialog, "login")->text() == QStringLiteral("alice"));
    CHECK(child<QLineEdit>(dialog, "profileName")->text() == QStringLiteral("db.example.com/opsdeck"));
    test::reviewShot(&dialog, QStringLiteral("login-new-profile"));
}

TEST_CASE("Cancel while the server does not answer stops waiting and keeps the dialog open",
          "[widgets][login]")
{
    // A listener on loopback that accepts and never speaks: libpq waits for its connect time-out.
    QTcpServer silent;
    REQUIRE(silent.listen(QHostAddress::LocalHost));
    test::MemorySecretStore store;
    widgets::LoginDialog dialog(store);
    Outcome out;
    watch(dialog, out);
    db::ConnectionProfile profile;
    profile.name = QStringLiteral("Silent server");
    profile.host = QStringLiteral("127.0.0.1");
    profile.port = silent.serverPort();
    profile.database = QStringLiteral("opsdeck");
    profile.sslMode = QStringLiteral("disable");
    dialog.addProfile(profile);
    dialog.show();
    fillAndSignIn(dialog, QStringLiteral("someone"), QStringLiteral("secret"), false);
    REQUIRE(dialog.isBusy());
    test::reviewShot(&dialog, QStringLiteral("login-busy"));
    test::waitFor([] { return false; }, 200); // the GUI thread keeps running meanwhile
    CHECK(dialog.isBusy());
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    REQUIRE(buttons);
    REQUIRE(buttons->button(QDialogButtonBox::Cancel)->isEnabled());
    buttons->button(QDialogButtonBox::Cancel)->click();
    CHECK_FALSE(dialog.isBusy());
    CHECK(dialog.isVisible());
    CHECK(child<QLineEdit>(dialog, "login")->isEnabled());
    CHECK(dialog.lastNotice() == QStringLiteral("Sign-in cancelled."));
    test::waitFor([] { return false; }, 300);
    CHECK(out.signedIn == 0);
    dialog.reject(); // now it closes
    CHECK_FALSE(dialog.isVisible());
}
