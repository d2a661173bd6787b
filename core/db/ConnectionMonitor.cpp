#include "ConnectionMonitor.h"

#include "DbPool.h"
#include "EventBus.h"

namespace opsdeck::db {

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Connected:
        return QStringLiteral("Connected");
    case ConnectionState::Reconnecting:
        return QStringLiteral("Reconnecting");
    case ConnectionState::Offline:
        return QStringLiteral("Offline");
    }
    return {};
}

ConnectionMonitor::ConnectionMonitor(QObject* parent) : QObject(parent)
{
    m_offlineTimer.setSingleShot(true);
    m_offlineTimer.setInterval(kOfflineAfterMs);
    connect(&m_offlineTimer, &QTimer::timeout, this, [this] {
        if (!m_failing.isEmpty())
            setState(ConnectionState::Offline);
    });
}

void ConnectionMonitor::watch(DbPool* pool)
{
    connect(pool, &DbPool::connectionLost, this,
            [this](const QString& message) { reportLost(QStringLiteral("pool"), message); });
    connect(pool, &DbPool::connectionRestored, this, [this] { reportRestored(QStringLiteral("pool")); });
}

void ConnectionMonitor::watch(EventBus* bus)
{
    connect(bus, &EventBus::listenerDisconnected, this,
            [this](const QString& message) { reportLost(QStringLiteral("listener"), message); });
    connect(bus, &EventBus::listenerConnected, this, [this] { reportRestored(QStringLiteral("listener")); });
}

void ConnectionMonitor::reportLost(const QString& source, const QString& message)
{
    m_failing.insert(source);
    m_lastError = message;
    if (m_state == ConnectionState::Connected) {
        setState(ConnectionState::Reconnecting);
        m_offlineTimer.start();
    } else {
        Q_EMIT stateChanged(m_state, m_lastError);
    }
}

void ConnectionMonitor::reportRestored(const QString& source)
{
    m_failing.remove(source);
    if (m_failing.isEmpty() && m_state != ConnectionState::Connected) {
        m_offlineTimer.stop();
        m_lastError.clear();
        setState(ConnectionState::Connected);
    }
}

void ConnectionMonitor::setState(ConnectionState state)
{
    if (state == m_state)
        return;
    m_state = state;
    m_since = QDateTime::currentDateTimeUtc();
    Q_EMIT stateChanged(m_state, m_lastError);
}

} // namespace opsdeck::db
