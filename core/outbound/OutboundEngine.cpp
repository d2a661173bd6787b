#include "OutboundEngine.h"

#include "outbound/EngineWorker.h"

#include <QUuid>

namespace opsdeck::outbound {

QJsonObject EngineStats::toJson() const
{
    return {{QStringLiteral("claimed"), claimed},       {QStringLiteral("delivered"), delivered},
            {QStringLiteral("retried"), retried},       {QStringLiteral("failed"), failed},
            {QStringLiteral("released"), released},     {QStringLiteral("swept"), swept},
            {QStringLiteral("statements"), statements}, {QStringLiteral("in_flight"), inFlight},
            {QStringLiteral("waiting"), waiting}};
}

OutboundEngine::OutboundEngine(const db::ConnectionProfile& profile, const QString& password,
                               EngineOptions options, QObject* parent)
    : QObject(parent), m_engineId(QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_shared(std::make_shared<EngineShared>()), m_graceMs(options.stopGraceMs)
{
    m_worker = new EngineWorker(this, m_shared, profile, password, options, m_engineId);
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("outbound-engine"));
    connect(&m_thread, &QThread::started, m_worker, [this] {
        m_worker->start();
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT started(); }, Qt::QueuedConnection);
    });
}

OutboundEngine::~OutboundEngine()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker] { w->stop(0); }, Qt::QueuedConnection);
        m_thread.wait();
    } else if (!m_started) {
        delete m_worker; // never ran; otherwise it deleted itself as its thread ended
    }
}

void OutboundEngine::start()
{
    if (std::exchange(m_started, true))
        return;
    m_thread.start();
}

void OutboundEngine::stop()
{
    if (!m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT stopped(); }, Qt::QueuedConnection);
        return;
    }
    if (std::exchange(m_stopRequested, true))
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, grace = m_graceMs] { w->stop(grace); }, Qt::QueuedConnection);
}

void OutboundEngine::setSecrets(const QHash<QString, QString>& secrets)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->secrets = secrets;
}

EngineStats OutboundEngine::stats() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->stats;
}

} // namespace opsdeck::outbound
