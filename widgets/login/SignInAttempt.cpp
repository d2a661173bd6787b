#include "SignInAttempt.h"

#include "auth/SignIn.h"
#include "common/Logging.h"

#include <QCoreApplication>
#include <QFutureWatcher>

namespace opsdeck::widgets {

SignInAttempt::SignInAttempt(QObject* parent) : QObject(parent) {}

SignInAttempt::~SignInAttempt()
{
    abandon();
}

void SignInAttempt::start(const db::ConnectionProfile& profile, const QString& password)
{
    abandon();
    const quint64 attempt = ++m_attempt;
    m_pool = std::make_shared<db::DbPool>(profile, password, kPoolThreads);
    m_future = auth::loadIdentity(*m_pool);
    qCInfo(lcAuth).noquote() << "signing in to" << profile.displayName();
    // The continuation captures no pool (see the class comment); the pool stays in m_pool.
    m_future.then(this, [this, attempt](db::DbResult<auth::StaffIdentity> result) {
        if (attempt != m_attempt || !m_pool)
            return; // cancelled meanwhile
        std::shared_ptr<db::DbPool> pool = std::move(m_pool);
        m_future = {};
        if (result.ok()) {
            Q_EMIT succeeded(pool, result.value());
        } else {
            qCWarning(lcAuth).noquote() << "sign-in failed:" << result.error().text();
            Q_EMIT failed(result.error());
        }
        // A failed pool is released here, on the GUI thread, with its job done: joining is instant.
    });
}

void SignInAttempt::cancel()
{
    abandon();
}

void SignInAttempt::abandon()
{
    ++m_attempt;
    if (!m_pool)
        return;
    std::shared_ptr<db::DbPool> pool = std::move(m_pool);
    QFuture<db::DbResult<auth::StaffIdentity>> future = std::move(m_future);
    m_future = {};
    if (future.isFinished())
        return; // idle pool: released right here
    // Parented to the application: it outlives this attempt and its dialog. At shutdown Qt deletes
    // it with the application, which may wait for the connect time-out; only then is that acceptable.
    auto* watcher = new QFutureWatcher<db::DbResult<auth::StaffIdentity>>(QCoreApplication::instance());
    connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, pool]() mutable {
        pool.reset();
        watcher->deleteLater();
    });
    watcher->setFuture(future);
}

QString describeSignInError(const db::DbError& error)
{
    const QString m = error.message;
    auto has = [&m](const char* s) {
        return m.contains(QLatin1String(s), Qt::CaseInsensitive);
    };
    if (has("password authentication failed") || has("authentication failed for user"))
        return QObject::tr("Wrong login or password.");
    if (has("no password supplied"))
        return QObject::tr("This server needs a password.");
    if (has("role \"") && has("does not exist"))
        return QObject::tr(
            "This server has no login of that name. Check the login, or ask an administrator to "
            "create it.");
    if (has("database \"") && has("does not exist"))
        return QObject::tr("The database of this profile does not exist on the server.");
    if (has("is not registered as Opsdeck staff") || has("is disabled"))
        return m;
    switch (error.kind) {
    case db::DbError::Kind::Schema:
        return QObject::tr("The database does not match this version of Opsdeck: %1").arg(m);
    case db::DbError::Kind::Connection: {
        // libpq's first line names the server and the reason; the rest is hints.
        QString first = m.section(QLatin1Char('\n'), 0, 0).trimmed();
        return QObject::tr("Cannot reach the server: %1").arg(first);
    }
    default:
        break;
    }
    return error.text();
}

} // namespace opsdeck::widgets
