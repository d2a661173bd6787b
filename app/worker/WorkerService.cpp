#include "WorkerService.h"

#include "common/Logging.h"
#include "db/MigrationRunner.h"

namespace opsdeck::worker {

WorkerService::WorkerService(const db::ConnectionProfile& profile, const QString& password, int heartbeatMs)
    : m_connection(std::make_unique<db::Connection>(profile, password, QStringLiteral("opsdeck-worker"))),
      m_info(engine::HeartbeatInfo::forThisProcess(QStringLiteral("worker"), {})), m_heartbeatMs(heartbeatMs)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &WorkerService::beat);
}

WorkerService::~WorkerService() = default;

void WorkerService::start()
{
    qCInfo(lcWorker) << "engine" << m_info.engineId << "starting on" << m_info.host << "for"
                     << m_connection->profile().displayName();
    beat();
}

void WorkerService::beat()
{
    int next = m_heartbeatMs;
    try {
        m_connection->ensureOpen();
        if (!m_schemaChecked) {
            db::MigrationRunner().requireUpToDate(*m_connection);
            m_schemaChecked = true;
            qCInfo(lcWorker) << "schema is at version" << db::MigrationRunner().latestVersion();
        }
        engine::writeHeartbeat(*m_connection, m_info);
        if (!m_lastPrune.isValid() || m_lastPrune.hasExpired(kPruneIntervalMs)) {
            const int removed = engine::pruneChangeLog(*m_connection);
            m_lastPrune.start();
            if (removed > 0)
                qCInfo(lcWorker) << "pruned" << removed << "old change events";
        }
    } catch (db::DbError& e) {
        if (e.kind == db::DbError::Kind::Schema) {
            qCCritical(lcWorker).noquote() << e.text();
            Q_EMIT finished(1);
            return;
        }
        m_connection->noteFailure(e);
        next = qMin(m_heartbeatMs, db::Connection::backoffMs(2));
        qCWarning(lcWorker).noquote() << e.text();
    }
    m_timer.start(next);
}

void WorkerService::stop()
{
    m_timer.stop();
    try {
        if (m_connection->isOpen() && m_schemaChecked)
            engine::writeStopped(*m_connection, m_info);
    } catch (const db::DbError& e) {
        qCWarning(lcWorker).noquote() << "could not record the shutdown:" << e.text();
    }
    qCInfo(lcWorker) << "engine" << m_info.engineId << "stopped";
    Q_EMIT finished(0);
}

} // namespace opsdeck::worker
