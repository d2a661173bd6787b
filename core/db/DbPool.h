#pragma once

#include "Connection.h"
#include "ConnectionProfile.h"
#include "DbResult.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <functional>
#include <memory>
#include <type_traits>

namespace opsdeck::db {

class DbPoolPrivate;

// A small pool of database threads, each owning its own Connection. Work is handed over as a job
// and comes back as a QFuture<DbResult<T>>, so widgets continue with `.then(this, ...)` on the GUI
// thread and never wait. Jobs throw DbError on failure; a job that fails because the connection
// broke marks it for reconnect (backoff with jitter) and the pool reports the state change.
class DbPool : public QObject
{
    Q_OBJECT

public:
    DbPool(const ConnectionProfile& profile, const QString& password, int threadCount = 2,
           QObject* parent = nullptr);
    ~DbPool() override;

    const ConnectionProfile& profile() const;
    int threadCount() const;

    template <typename F> auto run(F&& job) -> QFuture<DbResult<std::invoke_result_t<F, Connection&>>>
    {
        using T = std::invoke_result_t<F, Connection&>;
        auto promise = std::make_shared<QPromise<DbResult<T>>>();
        QFuture<DbResult<T>> future = promise->future();
        promise->start();
        enqueue([promise, job = std::forward<F>(job)](Connection* c) mutable {
            DbResult<T> result;
            if (!c) {
                result = DbError{
                    DbError::Kind::Cancelled, QStringLiteral("The database pool was shut down"), {}, {}};
            } else {
                try {
                    c->ensureOpen();
                    result = DbResult<T>(job(*c));
                } catch (DbError& e) {
                    c->noteFailure(e);
                    result = DbResult<T>(e);
                }
            }
            promise->addResult(std::move(result));
            promise->finish();
        });
        return future;
    }

Q_SIGNALS:
    // Emitted (queued, on the pool's thread of affinity) when a worker loses or regains its connection.
    void connectionLost(const QString& message);
    void connectionRestored();

private:
    void enqueue(std::function<void(Connection*)> task);
    std::unique_ptr<DbPoolPrivate> d;
};

} // namespace opsdeck::db
