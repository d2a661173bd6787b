#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace opsdeck::db {

class DbPool;
class EventBus;

enum class ConnectionState
{
    Connected,
    Reconnecting, // lost, retrying with backoff
    Offline,      // still failing after kOfflineAfterMs; retries continue
};

QString connectionStateName(ConnectionState state);

// One connection state for the UI, from the pool's workers and the listener: connected while
// every source is; reconnecting when one lost its connection; offline when that lasts.
class ConnectionMonitor : public QObject
{
    Q_OBJECT

public:
    static constexpr int kOfflineAfterMs = 15000;

    explicit ConnectionMonitor(QObject* parent = nullptr);
    void watch(DbPool* pool);
    void watch(EventBus* bus);

    ConnectionState state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    // When the current state began.
    QDateTime since() const { return m_since; }

    // Sources report here (public so tests and other engines can feed it).
    void reportLost(const QString& source, const QString& message);
    void reportRestored(const QString& source);

Q_SIGNALS:
    void stateChanged(opsdeck::db::ConnectionState state, const QString& message);

private:
    void setState(ConnectionState state);

    ConnectionState m_state = ConnectionState::Connected;
    QSet<QString> m_failing;
    QString m_lastError;
    QDateTime m_since = QDateTime::currentDateTimeUtc();
    QTimer m_offlineTimer;
};

} // namespace opsdeck::db
