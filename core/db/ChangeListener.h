#pragma once

#include "ChangeEvent.h"
#include "ConnectionProfile.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <deque>
#include <memory>

namespace opsdeck::db {

class Connection;

// Lives on its own thread with its own connection, LISTENs on `opsdeck_changes`, pings the
// server to notice a dropped connection, reconnects with backoff and jitter, and after a
// reconnect replays change_log rows it missed (NOTIFY is not replayed by PostgreSQL).
class ChangeListener : public QObject
{
    Q_OBJECT

public:
    static constexpr const char* kChannel = "opsdeck_changes";
    // More missed changes than this after a reconnect: ask panels to reload instead of replaying.
    static constexpr int kMaxReplay = 5000;
    // A transaction that took its seq before the disconnect may commit after it: replay this many
    // numbers below the highest one seen as well (duplicates are dropped).
    static constexpr int kReplayMargin = 500;
    static constexpr int kSeenWindow = 20000;

    ChangeListener(const ConnectionProfile& profile, const QString& password, int pingIntervalMs);
    ~ChangeListener() override;

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    void changed(const opsdeck::db::ChangeEvent& event);
    void connected(int backendPid);
    void disconnected(const QString& message);
    // After a reconnect: the replay is complete (or, when `reloadNeeded`, it was too large to replay).
    void caughtUp(int replayed, bool reloadNeeded);

private:
    void connectNow();
    void ping();
    void lost(const QString& message);
    void onNotification(const QString& name, int source, const QVariant& payload);
    void emitEvent(ChangeEvent e);
    void remember(qint64 seq);

    ConnectionProfile m_profile;
    QString m_password;
    int m_pingIntervalMs;
    std::unique_ptr<Connection> m_connection;
    QTimer* m_pingTimer = nullptr;
    QTimer* m_retryTimer = nullptr;
    qint64 m_lastSeq = -1; // highest seq seen; -1: never connected, start from the end of change_log
    // Transactions commit out of seq order, so duplicates are recognised by a window of recently
    // seen numbers rather than by "seq <= last".
    QSet<qint64> m_seen;
    std::deque<qint64> m_seenOrder;
    int m_attempts = 0;
    bool m_everConnected = false;
};

} // namespace opsdeck::db
