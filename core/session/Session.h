#pragma once

#include "auth/StaffIdentity.h"
#include "db/ConnectionMonitor.h"
#include "db/DbPool.h"
#include "db/DbResult.h"
#include "db/EventBus.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>

namespace opsdeck::auth {
class SecretStore;
}

namespace opsdeck::session {

struct SessionRecord;

struct TenantRef
{
    QString id;
    QString name;
    QString slug;
    bool active = true;
};

// Everything a signed-in window shares: the staff member, the database pool, live change events,
// the connection state, the tenant scope ("All tenants" or one) and the auto-refresh interval.
// Lives on the GUI thread; panels take a reference and never run SQL themselves.
// The session is recorded in the database (staff_sessions): the constructor starts session_begin on
// the pool without waiting, the destructor ends it with a short best-effort job.
class Session : public QObject
{
    Q_OBJECT

public:
    Session(std::shared_ptr<db::DbPool> pool, auth::StaffIdentity staff, const QString& password,
            QObject* parent = nullptr);
    ~Session() override;

    const auth::StaffIdentity& staff() const { return m_staff; }
    db::DbPool& pool() { return *m_pool; }
    db::EventBus& events() { return *m_events; }
    db::ConnectionMonitor& monitor() { return m_monitor; }
    // "user@host:port/database" of the server this session talks to.
    QString serverName() const;

    // Empty: all tenants.
    QString tenantScope() const { return m_tenantScope; }
    void setTenantScope(const QString& tenantId);

    // 0: off. Live events refresh sooner; this is the fallback timer (seed 000: 30 s).
    int autoRefreshSeconds() const { return m_autoRefreshSeconds; }
    void setAutoRefreshSeconds(int seconds);
    static QList<int> autoRefreshChoices() { return {0, 10, 30, 60}; }

    // The keychain this window keeps secrets in (connection keys). The app sets its
    // SessionSecretStore; null when none was given (panels then say that no keychain is available).
    auth::SecretStore* secretStore() const { return m_secretStore; }
    void setSecretStore(auth::SecretStore* store) { m_secretStore = store; }

    // Tenants for the scope selector, by name.
    QFuture<db::DbResult<QList<TenantRef>>> loadTenants();

    // Whether this workstation runs its engines for the signed-in staff member (Settings; the
    // console starts or stops them when this changes).
    bool enginesRunning() const { return m_enginesRunning; }
    void setEnginesRunning(bool running)
    {
        if (running == m_enginesRunning)
            return;
        m_enginesRunning = running;
        Q_EMIT enginesRunningChanged(running);
    }

    // The id of this session's staff_sessions row; empty until session_begin has returned (or when
    // recording failed, which is logged and otherwise ignored). Thread-safe.
    QString recordedSessionId() const;

Q_SIGNALS:
    void tenantScopeChanged(const QString& tenantId);
    void autoRefreshChanged(int seconds);
    // This session's staff_sessions row was ended by someone else (an administrator terminated it
    // or disabled the staff member). Emitted once; the console signs out.
    void endedElsewhere(const QString& message);
    void enginesRunningChanged(bool running);

private:
    void checkEndedElsewhere();

    std::shared_ptr<db::DbPool> m_pool;
    auth::StaffIdentity m_staff;
    std::unique_ptr<db::EventBus> m_events;
    db::ConnectionMonitor m_monitor;
    QString m_tenantScope;
    int m_autoRefreshSeconds = 30;
    std::shared_ptr<SessionRecord> m_record;
    bool m_endedElsewhere = false;
    bool m_enginesRunning = false;
    auth::SecretStore* m_secretStore = nullptr;
};

} // namespace opsdeck::session
