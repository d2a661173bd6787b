#include "Session.h"

#include <QSqlQuery>

namespace opsdeck::session {

Session::Session(std::shared_ptr<db::DbPool> pool, auth::StaffIdentity staff, const QString& password,
                 QObject* parent)
    : QObject(parent), m_pool(std::move(pool)), m_staff(std::move(staff))
{
    m_events = std::make_unique<db::EventBus>(m_pool->profile(), password, this);
    m_monitor.watch(m_pool.get());
    m_monitor.watch(m_events.get());
    m_events->start();
}

Session::~Session() = default;

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
