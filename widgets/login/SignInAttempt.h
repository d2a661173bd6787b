#pragma once

#include "auth/StaffIdentity.h"
#include "db/ConnectionProfile.h"
#include "db/DbError.h"
#include "db/DbPool.h"
#include "db/DbResult.h"

#include <QFuture>
#include <QObject>
#include <memory>

namespace opsdeck::widgets {

// One sign-in: a database pool for the profile and password, then auth::loadIdentity on it, with
// the answer delivered on the GUI thread. The login dialog and the demo start both use it, so
// there is one way into a session.
//
// Cancelling (or destroying the attempt) while the server has not answered hands the pool to a
// watcher that frees it when its job is done: a pool's destructor joins its threads, which must
// not happen on the GUI thread while one still waits for a connect time-out, nor on the pool's
// own thread.
class SignInAttempt : public QObject
{
    Q_OBJECT

public:
    static constexpr int kPoolThreads = 3;

    explicit SignInAttempt(QObject* parent = nullptr);
    ~SignInAttempt() override;

    // `profile.user` is the login. Cancels an attempt that is still running.
    void start(const db::ConnectionProfile& profile, const QString& password);
    void cancel();
    bool isRunning() const { return m_pool != nullptr; }

Q_SIGNALS:
    void succeeded(std::shared_ptr<opsdeck::db::DbPool> pool, const opsdeck::auth::StaffIdentity& identity);
    void failed(const opsdeck::db::DbError& error);

private:
    void abandon();

    std::shared_ptr<db::DbPool> m_pool;
    QFuture<db::DbResult<auth::StaffIdentity>> m_future;
    quint64 m_attempt = 0;
};

// A sign-in failure in words an operator can act on: wrong password, server unreachable, not a
// staff member, schema mismatch. Falls back to DbError::text().
QString describeSignInError(const db::DbError& error);

} // namespace opsdeck::widgets
