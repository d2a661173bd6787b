#include "Session.h"

#include "auth/StaffAdmin.h"
#include "common/Logging.h"

#include <QHostInfo>
#include <QMutex>
#include <QSemaphore>
#include <QSqlQuery>
#include <utility>

namespace opsdeck::session {

// The staff_sessions row of one console session, shared with the pool jobs that begin and end it.
// They may run on different pool threads, and the end may be asked for before the begin returned:
// whichever comes second ends the session, exactly once.
struct SessionRecord
{
    mutable QMutex mutex;
    QString id;                // staff_sessions.id once session_begin returned
    bool beginSettled = false; // session_begin returned, failed or never ran
    bool endRequested = false;
    bool endSettled = false;
    QSemaphore ended; // released once the end is settled (done, failed or not needed)

    // Records the outcome of session_begin; true when the end was requested meanwhile, so the
    // caller ends the session now.
    bool settleBegin(const QString& sessionId)
    {
        QMutexLocker lock(&mutex);
        if (beginSettled)
            return false;
        beginSettled = true;
        id = sessionId;
        return endRequested;
    }
    void settleEnd()
    {
        QMutexLocker lock(&mutex);
        if (std::exchange(endSettled, true))
            return;
        lock.unlock();
        ended.release();
    }
    QString sessionId() const
    {
        QMutexLocker lock(&mutex);
        return id;
    }
    // Ends the recorded session on `c` (a connection of the same login), best effort.
    void end(db::Connection& c, const QString& sessionId)
    {
        if (!sessionId.isEmpty()) {
            try {
                auth::StaffAdmin::endSession(c, sessionId);
            } catch (const db::DbError& e) {
                qCWarning(lcAuth).noquote() << "could not record the end of the session:" << e.text();
            }
        }
        settleEnd();
    }
};

namespace {

// How long closing a session waits for its end to be recorded before giving up; a session whose
// connection is gone counts as ended anyway (active_sessions()).
constexpr int kEndWaitMs = 1500;

} // namespace

Session::Session(std::shared_ptr<db::DbPool> pool, auth::StaffIdentity staff, const QString& password,
                 QObject* parent)
    : QObject(parent), m_pool(std::move(pool)), m_staff(std::move(staff)),
      m_record(std::make_shared<SessionRecord>())
{
    m_events = std::make_unique<db::EventBus>(m_pool->profile(), password, this);
    m_monitor.watch(m_pool.get());
    m_monitor.watch(m_events.get());
    m_events->start();

    // Recorded on the pool; nothing here waits for it.
    auto record = m_record;
    m_pool
        ->run([record, host = QHostInfo::localHostName()](db::Connection& c) {
            QString id;
            try {
                id = auth::StaffAdmin::beginSession(c, host, QStringLiteral(OPSDECK_VERSION));
            } catch (const db::DbError& e) {
                qCWarning(lcAuth).noquote() << "could not record the session:" << e.text();
                if (record->settleBegin({}))
                    record->settleEnd();
                throw; // the pool notes a broken connection
            }
            if (record->settleBegin(id))
                record->end(c, id);
            return true;
        })
        .then([record](const db::DbResult<bool>& r) {
            // The job never ran (no connection, pool shut down): nothing to end.
            if (!r.ok() && record->settleBegin({}))
                record->settleEnd();
        });

    // An administrator may end this session (session_terminate, staff_disable): that kills one
    // connection, and the console must notice and sign out instead of quietly reconnecting.
    // Only a change of this session's own row is looked at (another console's sign-in is not).
    connect(m_events.get(), &db::EventBus::changed, this, [this](const db::ChangeEvent& e) {
        if (e.table == QLatin1String("staff_sessions") && !e.rowId.isEmpty() &&
            e.rowId == recordedSessionId())
            checkEndedElsewhere();
    });
    // Too many changes missed while disconnected: look once.
    connect(m_events.get(), &db::EventBus::reloadRequired, this, &Session::checkEndedElsewhere);
}

void Session::checkEndedElsewhere()
{
    const QString id = recordedSessionId();
    if (id.isEmpty() || m_endedElsewhere)
        return;
    m_pool
        ->run([id](db::Connection& c) {
            QSqlQuery& q =
                c.run(QStringLiteral("SELECT end_reason FROM staff_sessions WHERE id = ? AND ended_at "
                                     "IS NOT NULL"),
                      {id}, QStringLiteral("checking this session"));
            const QString reason = q.next() ? q.value(0).toString() : QString();
            q.finish();
            return reason;
        })
        .then(this, [this](const db::DbResult<QString>& r) {
            if (!r.ok() || r.value() != QStringLiteral("terminated") || std::exchange(m_endedElsewhere, true))
                return;
            qCInfo(lcAuth) << "this session was ended by an administrator";
            Q_EMIT endedElsewhere(tr("An administrator ended this session."));
        });
}

Session::~Session()
{
    auto record = m_record;
    m_pool
        ->run([record](db::Connection& c) {
            QString id;
            {
                QMutexLocker lock(&record->mutex);
                record->endRequested = true;
                if (!record->beginSettled)
                    return false; // the begin job ends it when it returns
                id = record->id;
            }
            record->end(c, id);
            return true;
        })
        .then([record](const db::DbResult<bool>& r) {
            // The job never ran (no connection): a begin still under way ends it, nobody waits.
            if (!r.ok()) {
                {
                    QMutexLocker lock(&record->mutex);
                    record->endRequested = true;
                }
                record->settleEnd();
            }
        });
    // Short and bounded: the pool may go away with this session, which would cancel the job.
    if (!record->ended.tryAcquire(1, kEndWaitMs))
        qCInfo(lcAuth) << "the end of the session was not recorded within" << kEndWaitMs << "ms";
}

QString Session::recordedSessionId() const
{
    return m_record->sessionId();
}

QString Session::serverName() const
{
    return m_pool->profile().displayName();
}

void Session::setTenantScope(const QString& tenantId)
{
    if (tenantId == m_tenantScope)
        return;
    m_tenantScope = tenantId;
    Q_EMIT tenantScopeChanged(tenantId);
}

void Session::setAutoRefreshSeconds(int seconds)
{
    if (seconds == m_autoRefreshSeconds)
        return;
    m_autoRefreshSeconds = seconds;
    Q_EMIT autoRefreshChanged(seconds);
}

QFuture<db::DbResult<QList<TenantRef>>> Session::loadTenants()
{
    return m_pool->run([](db::Connection& c) {
        QSqlQuery& q =
            c.run(QStringLiteral("SELECT id, name, slug, status = 'active' FROM tenants ORDER BY name, id"),
                  {}, QStringLiteral("loading tenants"));
        QList<TenantRef> tenants;
        while (q.next())
            tenants.append(
                {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toBool()});
        q.finish();
        return tenants;
    });
}

} // namespace opsdeck::session
