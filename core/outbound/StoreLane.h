#pragma once

#include "db/ConnectionProfile.h"

#include <QString>
#include <QThread>
#include <functional>
#include <memory>

class QObject;

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::outbound {

class OutboundStore;

// One database connection of an outbound engine, on a thread of its own. Jobs run there one after
// another, in the order they were posted, so the engine's HTTP thread never waits on the database:
// a claim or a batch of results takes milliseconds, and replies and NOTIFYs arriving meanwhile
// would otherwise wait behind it.
//
// A job owns its errors: it catches db::DbError itself and reports back to the engine's thread
// with QMetaObject::invokeMethod.
class StoreLane
{
public:
    StoreLane(const db::ConnectionProfile& profile, const QString& password, const QString& connectionName);
    // Runs the jobs already posted, closes the connection and ends the thread (waits for it).
    ~StoreLane();
    StoreLane(const StoreLane&) = delete;
    StoreLane& operator=(const StoreLane&) = delete;

    void post(std::function<void()> job);

    // Inside a job only (the lane's thread).
    db::Connection& connection() { return *m_connection; }
    OutboundStore& store() { return *m_store; }
    // The object jobs run on: the context for connections to the driver's signals.
    QObject* context() const { return m_context; }

private:
    QThread m_thread;
    QObject* m_context;
    // Created and destroyed on m_thread (Qt's rule for QSqlDatabase).
    std::unique_ptr<db::Connection> m_connection;
    std::unique_ptr<OutboundStore> m_store;
};

} // namespace opsdeck::outbound
