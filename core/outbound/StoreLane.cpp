#include "StoreLane.h"

#include "db/Connection.h"
#include "outbound/OutboundStore.h"

#include <QObject>

namespace opsdeck::outbound {

StoreLane::StoreLane(const db::ConnectionProfile& profile, const QString& password,
                     const QString& connectionName)
    : m_context(new QObject)
{
    m_context->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("outbound-db"));
    m_thread.start();
    post([this, profile, password, connectionName] {
        m_connection = std::make_unique<db::Connection>(profile, password, connectionName);
        m_store = std::make_unique<OutboundStore>(*m_connection);
    });
}

StoreLane::~StoreLane()
{
    // A job of its own, so that the jobs posted before it still run (quit() would drop them).
    post([this] {
        m_store.reset();
        m_connection->close();
        m_connection.reset();
        QThread::currentThread()->quit();
    });
    m_thread.wait();
    delete m_context; // its thread has ended: no event can reach it any more
}

void StoreLane::post(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_context, std::move(job), Qt::QueuedConnection);
}

} // namespace opsdeck::outbound
