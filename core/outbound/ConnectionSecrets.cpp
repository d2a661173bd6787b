#include "ConnectionSecrets.h"

#include "auth/SecretStore.h"
#include "db/Connection.h"

#include <QPromise>
#include <QSqlQuery>
#include <memory>

namespace opsdeck::outbound {

QList<ConnectionKey> connectionKeys(db::Connection& connection)
{
    QSqlQuery& q =
        connection.run(QStringLiteral("SELECT connection_id, secret_key_name FROM engine_connection_keys()"),
                       {}, QStringLiteral("listing the connections' keychain entries"));
    QList<ConnectionKey> keys;
    while (q.next())
        keys.append({q.value(0).toString(), q.value(1).toString()});
    q.finish();
    return keys;
}

QFuture<SecretsLoad> readConnectionSecrets(auth::SecretStore& store, const QList<ConnectionKey>& keys)
{
    struct State
    {
        QPromise<SecretsLoad> promise;
        SecretsLoad load;
        int pending = 0;
    };
    auto state = std::make_shared<State>();
    QFuture<SecretsLoad> future = state->promise.future();
    state->promise.start();
    state->pending = int(keys.size());
    if (keys.isEmpty()) {
        state->promise.addResult(state->load);
        state->promise.finish();
        return future;
    }
    for (const ConnectionKey& key : keys) {
        store.read(key.secretKeyName)
            .then(&store, [state, id = key.connectionId](auth::SecretStore::Result r) {
                if (r.ok() && !r.secret.isEmpty())
                    state->load.secrets.insert(id, r.secret);
                else if (r.status == auth::SecretStore::Status::NotFound)
                    ++state->load.missing;
                else if (state->load.problem.isEmpty())
                    state->load.problem =
                        r.message.isEmpty() ? QStringLiteral("the keychain did not answer") : r.message;
                if (--state->pending == 0) {
                    state->promise.addResult(state->load);
                    state->promise.finish();
                }
            });
    }
    return future;
}

} // namespace opsdeck::outbound
