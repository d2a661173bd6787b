#pragma once

#include "ChangeEvent.h"
#include "ConnectionProfile.h"

#include <QObject>
#include <QSet>
#include <QStringList>
#include <QThread>
#include <QTimer>
#include <functional>

namespace opsdeck::db {

class ChangeListener;

// Delivers database changes on the GUI thread. The listener runs on its own thread; events arrive
// here queued. Panels usually want "something in my tables changed" rather than every row, so
// the bus also coalesces events per table (one tablesChanged per ~150 ms burst).
class EventBus : public QObject
{
    Q_OBJECT

public:
    EventBus(const ConnectionProfile& profile, const QString& password, QObject* parent = nullptr,
             int pingIntervalMs = 5000, int coalesceMs = 150);
    ~EventBus() override;

    void start();
    bool isListening() const { return m_listening; }

    // Calls `callback` (on the GUI thread, in `context`) when any of `tables` changed, coalesced,
    // and whenever a reconnect needs a full reload. The usual way a panel subscribes.
    void onTables(const QStringList& tables, QObject* context, std::function<void()> callback);

Q_SIGNALS:
    void changed(const opsdeck::db::ChangeEvent& event);
    void tablesChanged(const QSet<QString>& tables);
    // After a reconnect: replayed changes were delivered; `reloadNeeded` when too many were missed.
    void caughtUp(int replayed, bool reloadNeeded);
    void reloadRequired();
    void listenerConnected();
    void listenerDisconnected(const QString& message);

private:
    void onChanged(const ChangeEvent& event);

    QThread m_thread;
    ChangeListener* m_listener = nullptr;
    QTimer m_coalesce;
    QSet<QString> m_pendingTables;
    bool m_listening = false;
};

} // namespace opsdeck::db
