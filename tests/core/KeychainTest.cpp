#include "TestDatabase.h"
#include "auth/SecretStore.h"
#include "common/Settings.h"
#include "demo/DemoWorkspace.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

auth::SecretStore::Result await(QFuture<auth::SecretStore::Result> f)
{
    REQUIRE(test::waitFor([&] { return f.isFinished(); }, 15000));
    return f.result();
}

// What the Secret Service itself holds, asked with secret-tool (QtKeychain's libsecret schema).
QString secretToolLookup(const QString& service, const QString& key)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
            {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    p.waitForFinished(10000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

TEST_CASE("Secrets round-trip through the real Secret Service and nowhere else", "[keychain]")
{
    REQUIRE_FALSE(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")); // scripts/test.sh provides one
    const QString service = QStringLiteral("OpsdeckTest-") + demo::randomPassword(8);
    auth::KeychainSecretStore store(service);
    const QString key =
        auth::SecretStore::passwordKey(QStringLiteral("Production"), QStringLiteral("dana.okafor"));
    const QString secret = demo::randomPassword(32);

    auto missing = await(store.read(key));
    CHECK(missing.status == auth::SecretStore::Status::NotFound);

    auto written = await(store.write(key, secret));
    INFO(written.message.toStdString());
    REQUIRE(written.ok());
    auto read = await(store.read(key));
    REQUIRE(read.ok());
    CHECK(read.secret == secret);
    // The keychain daemon itself has it (not a copy inside Opsdeck).
    if (!QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
        CHECK(secretToolLookup(service, key) == secret);

    // Settings written alongside hold no trace of it.
    QTemporaryDir dir;
    common::Settings::createTemporary(dir.filePath(QStringLiteral("s.ini")));
    auto& settings = common::Settings::instance();
    db::ConnectionProfile profile;
    profile.name = QStringLiteral("Production");
    profile.host = QStringLiteral("db.example.com");
    profile.user = QStringLiteral("dana.okafor");
    settings.setProfiles({profile});
    settings.set(common::Settings::Key::RememberPassword, true);
    settings.set(common::Settings::Key::LastLogin, QStringLiteral("dana.okafor"));
    settings.sync();
    QFile f(settings.fileName());
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QByteArray ini = f.readAll();
    CHECK(ini.contains("db.example.com"));
    CHECK_FALSE(ini.contains(secret.toUtf8()));
    CHECK(settings.profiles().first().host == QStringLiteral("db.example.com"));

    auto removed = await(store.remove(key));
    CHECK(removed.ok());
    CHECK(await(store.read(key)).status == auth::SecretStore::Status::NotFound);
}

TEST_CASE("Without a keychain the store says so instead of falling back", "[keychain]")
{
    auth::UnavailableSecretStore store(QStringLiteral("No Secret Service on this session bus"));
    auto w = await(store.write(QStringLiteral("k"), QStringLiteral("secret")));
    CHECK(w.status == auth::SecretStore::Status::Unavailable);
    CHECK(w.message.contains(QStringLiteral("Secret Service")));
    CHECK(await(store.read(QStringLiteral("k"))).status == auth::SecretStore::Status::Unavailable);
}

TEST_CASE("Without a keychain a secret is kept for this session only, in memory", "[keychain]")
{
    auth::SessionSecretStore store(
        std::make_unique<auth::UnavailableSecretStore>(QStringLiteral("no keychain")));
    const QString key =
        auth::SecretStore::passwordKey(QStringLiteral("Demo workspace"), QStringLiteral("mia.chen"));
    auto w = await(store.write(key, QStringLiteral("pw-for-now")));
    CHECK(w.status == auth::SecretStore::Status::Unavailable); // the caller still learns there is no keychain
    CHECK(store.holdsInMemory(key));
    auto r = await(store.read(key));
    REQUIRE(r.ok());
    CHECK(r.secret == QStringLiteral("pw-for-now"));
    CHECK(await(store.remove(key)).ok());
    CHECK(await(store.read(key)).status == auth::SecretStore::Status::Unavailable);
}
