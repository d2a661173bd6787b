#include "SecretsCommand.h"

#include "auth/SecretStore.h"
#include "db/Connection.h"

#include <QEventLoop>
#include <QSqlQuery>

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
        db::Transaction tx(c);
        QSqlQuery& q = c.run(QStringLiteral("SELECT c.id, c.app_name, c.secret_key_name FROM connections c "
                                            "LEFT JOIN tenants t ON t.id = c.tenant_id "
                                            "WHERE c.id::text = ? OR (t.slug || '/' || c.app_slug) = ? "
                                            "OR (c.tenant_id IS NULL AND c.app_slug = ?) FOR UPDATE OF c"),
                             {connection, connection, connection}, QStringLiteral("finding the connection"));
        int found = 0;
        while (q.next()) {
            ++found;
            id = q.value(0).toString();
            name = q.value(1).toString();
            keyName = q.value(2).toString();
        }
        q.finish();
        if (found != 1) {
            err << "opsdeck-worker: "
                << (found == 0 ? "no connection is called " : "several connections match ") << connection
                << " (give its id, tenant-slug/app-slug, or a company connection's app slug)\n";
            return 1;
        }
        if (keyName.isEmpty()) {
            keyName = QStringLiteral("connection/") + id;
            c.run(QStringLiteral("UPDATE connections SET secret_key_name = ? WHERE id = ?"), {keyName, id},
                  QStringLiteral("naming the connection's keychain entry"))
                .finish();
        }
        tx.commit();
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
