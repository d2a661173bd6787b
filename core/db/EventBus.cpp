#include "EventBus.h"

#include "ChangeListener.h"

namespace opsdeck::db {

EventBus::EventBus(const ConnectionProfile& profile, const QString& password, QObject* parent,
                   int pingIntervalMs, int coalesceMs)
    : QObject(parent)
{
    qRegisterMetaType<ChangeEvent>();
    m_thread.setObjectName(QStringLiteral("db-listener"));
    m_listener = new ChangeListener(profile, password, pingIntervalMs);
    m_listener->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_listener, &QObject::deleteLater);
    connect(m_listener, &ChangeListener::changed, this, &EventBus::onChanged);
    connect(m_listener, &ChangeListener::connected, this, [this] {
        m_listening = true;
        Q_EMIT listenerConnected();
    });
    connect(m_listener, &ChangeListener::disconnected, this, [this](const QString& message) {
        m_listening = false;
        Q_EMIT listenerDisconnected(message);
    });
    connect(m_listener, &ChangeListener::caughtUp, this, [this](int replayed, bool reloadNeeded) {
        Q_EMIT caughtUp(replayed, reloadNeeded);
        if (reloadNeeded)
            Q_EMIT reloadRequired();
    });
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(coalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, [this] {
        QSet<QString> tables;
        tables.swap(m_pendingTables);
        if (!tables.isEmpty())
            Q_EMIT tablesChanged(tables);
    });
}

EventBus::~EventBus()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_listener, &ChangeListener::stop, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_listener;
    }
}

void EventBus::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    QMetaObject::invokeMethod(m_listener, &ChangeListener::start, Qt::QueuedConnection);
}

void EventBus::onTables(const QStringList& tables, QObject* context, std::function<void()> callback)
{
    const QSet<QString> wanted(tables.begin(), tables.end());
    connect(this, &EventBus::tablesChanged, context, [wanted, callback](const QSet<QString>& changed) {
        if (changed.intersects(wanted))
            callback();
    });
    connect(this, &EventBus::reloadRequired, context, [callback] { callback(); });
}

void EventBus::onChanged(const ChangeEvent& event)
{
    Q_EMIT changed(event);
    m_pendingTables.insert(event.table);
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

} // namespace opsdeck::db
