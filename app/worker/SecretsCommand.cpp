#include "SecretsCommand.h"

#include "auth/SecretStore.h"
#include "connections/ConnectionRepository.h"
#include "db/Connection.h"

#include <QEventLoop>

namespace opsdeck::worker {

int setConnectionSecret(const db::ConnectionProfile& profile, const QString& password,
                        const QString& connection, const QString& secret, QTextStream& out, QTextStream& err)
{
    if (secret.isEmpty()) {
        err << "opsdeck-worker: no secret on standard input\n";
        return 2;
    }
    QString id, name, keyName;
    try {
        db::Connection c(profile, password, QStringLiteral("opsdeck-worker-secrets"));
        connections::ConnectionRepository repo(c);
        const QList<connections::ConnectionRecord> found = repo.findByReference(connection);
        if (found.size() != 1) {
            err << "opsdeck-worker: "
                << (found.isEmpty() ? "no connection is called " : "several connections match ") << connection
                << " (give its id, tenant-slug/app-slug, or a company connection's app slug)\n";
            return 1;
        }
        id = found.first().id;
        name = found.first().appName;
        keyName = repo.ensureSecretKeyName(id);
    } catch (const db::DbError& e) {
        err << "opsdeck-worker: " << e.text() << '\n';
        return 1;
    }

    auth::KeychainSecretStore store;
    QEventLoop loop;
    auth::SecretStore::Result result;
    bool done = false;
    store.write(keyName, secret).then(&loop, [&](auth::SecretStore::Result r) {
        result = r;
        done = true;
        loop.quit();
    });
    if (!done) // an answer may come at once (no keychain)
        loop.exec();
    if (!result.ok()) {
        err << "opsdeck-worker: the keychain did not store the secret: " << result.message << '\n';
        return 1;
    }
    out << "Stored the secret of " << name << " (" << id << ") in this host's keychain as " << keyName
        << ".\n";
    return 0;
}

} // namespace opsdeck::worker
