#pragma once

#include <QFuture>
#include <QHash>
#include <QList>
#include <QString>

namespace opsdeck::db {
class Connection;
}
namespace opsdeck::auth {
class SecretStore;
}

namespace opsdeck::outbound {

struct ConnectionKey
{
    QString connectionId;
    QString secretKeyName; // the keychain entry's name; the secret itself is never in the database
};

// The enabled connections that have a secret (engine_connection_keys(), needs engines.run).
// Throws db::DbError.
QList<ConnectionKey> connectionKeys(db::Connection& connection);

// What this workstation's keychain holds for `keys`: connection id → secret. Keys the keychain
// does not have are left out (another engine serves those connections); with no keychain at all
// the result is empty and `problem` (when given) says why. Runs on the calling thread's event loop.
struct SecretsLoad
{
    QHash<QString, QString> secrets;
    int missing = 0;
    QString problem; // the keychain is unavailable or failed; empty when it answered
};
QFuture<SecretsLoad> readConnectionSecrets(auth::SecretStore& store, const QList<ConnectionKey>& keys);

} // namespace opsdeck::outbound
