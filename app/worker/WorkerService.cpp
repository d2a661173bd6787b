#include "WorkerService.h"

#include "alerts/AlertEvaluator.h"
#include "auth/AuthMonitor.h"
#include "auth/SecretStore.h"
#include "common/Logging.h"
#include "db/MigrationRunner.h"
#include "outbound/ConnectionSecrets.h"
#include "outbound/OutboundEngine.h"

namespace opsdeck::worker {

WorkerService::WorkerService(const db::ConnectionProfile& profile, const QString& password, int heartbeatMs,
                             std::optional<AuthMonitorOptions> authMonitor, EngineSelection engines,
                             std::unique_ptr<auth::SecretStore> secrets)
    : m_connection(std::make_unique<db::Connection>(profile, password, QStringLiteral("opsdeck-worker"))),
      m_info(engine::HeartbeatInfo::forThisProcess(
          QStringLiteral("worker"),
          (authMonitor ? QStringList{QStringLiteral("auth-monitor")} : QStringList{}) +
              (engines.alerts ? QStringList{QStringLiteral("alerts")} : QStringList{}))),
      m_heartbeatMs(heartbeatMs), m_profile(profile), m_password(password), m_selection(engines),
      m_secretStore(std::move(secrets)), m_authOptions(std::move(authMonitor))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &WorkerService::beat);
    if (m_authOptions) {
        db::ConnectionProfile authProfile = profile;
        authProfile.applicationName = QStringLiteral("opsdeck-worker auth-monitor");
        m_authConnection =
            std::make_unique<db::Connection>(authProfile, password, QStringLiteral("opsdeck-worker-auth"));
        m_authMonitor =
            std::make_unique<auth::AuthMonitor>(m_authOptions->pgLogDir, m_authOptions->stateFile);
        m_authTimer.setSingleShot(true);
        connect(&m_authTimer, &QTimer::timeout, this, &WorkerService::watchAuthLog);
    }
}

WorkerService::~WorkerService() = default;

void WorkerService::start()
{
    qCInfo(lcWorker) << "engine" << m_info.engineId << "starting on" << m_info.host << "for"
                     << m_connection->profile().displayName();
    if (m_authMonitor)
        qCInfo(lcWorker) << "auth monitor following" << m_authOptions->pgLogDir << "from"
                         << (m_authMonitor->currentFile().isEmpty() ? QStringLiteral("the newest file")
                                                                    : m_authMonitor->currentFile())
                         << "; position kept in" << m_authOptions->stateFile;
    beat();
    if (m_authMonitor)
        m_authTimer.start(0);
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
        if (m_evaluator)
            m_evaluator->applyTo(m_info);
        engine::writeHeartbeat(*m_connection, m_info);
        if (!m_enginesStarted)
            startEngines();
        else if (m_lastSecrets.isValid() && m_lastSecrets.hasExpired(kSecretsIntervalMs))
            loadSecrets();
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

void WorkerService::watchAuthLog()
{
    const int pollMs = m_authOptions->pollMs;
    if (!m_schemaChecked) { // the heartbeat checks the schema first
        m_authTimer.start(pollMs);
        return;
    }
    int next = pollMs;
    try {
        m_authConnection->ensureOpen();
        const auth::AuthMonitor::Pass pass = m_authMonitor->poll([this](const auth::AuthFailureEvent& e) {
            return auth::recordAuthFailure(*m_authConnection, e);
        });
        if (pass.more)
            next = 0;
        if (!m_lastRelease.isValid() || m_lastRelease.hasExpired(kReleaseIntervalMs)) {
            const int released = auth::releaseExpiredLocks(*m_authConnection);
            m_lastRelease.start();
            if (released > 0)
                qCInfo(lcWorker) << "auth monitor: lifted" << released << "expired sign-in lock(s)";
        }
        reportAuthProblem(pass.problem);
    } catch (db::DbError& e) {
        m_authConnection->noteFailure(e);
        reportAuthProblem(e.text());
        next = qMax(pollMs, db::Connection::backoffMs(2));
    }
    const auto& t = m_authMonitor->totals();
    m_info.counts.insert(QStringLiteral("auth_failures_reported"), double(t.failures));
    m_info.counts.insert(QStringLiteral("auth_locks"), double(t.locks));
    m_info.counts.insert(QStringLiteral("auth_log_lines_skipped"), double(t.malformed + t.rejected));
    m_authTimer.start(next);
}

void WorkerService::reportAuthProblem(const QString& message)
{
    if (message.isEmpty()) {
        if (!m_authProblem.isEmpty())
            qCInfo(lcWorker) << "auth monitor: working again";
        m_authProblem.clear();
        return;
    }
    if (message == m_authProblem && m_authProblemLogged.isValid() &&
        !m_authProblemLogged.hasExpired(kProblemRepeatMs))
        return;
    m_authProblem = message;
    m_authProblemLogged.start();
    qCWarning(lcWorker).noquote() << "auth monitor:" << message;
}

void WorkerService::startEngines()
{
    m_enginesStarted = true;
    if (m_selection.alerts) {
        // After this process's first heartbeat: alerts_evaluate needs a live one of this login.
        m_evaluator = std::make_unique<alerts::AlertEvaluator>(m_profile, m_password, m_info.engineId);
        m_evaluator->start();
        qCInfo(lcWorker) << "alert evaluator started";
    }
    for (int i = 0; i < m_selection.outboundThreads; ++i) {
        outbound::EngineOptions o;
        o.kind = QStringLiteral("worker");
        auto e = std::make_unique<outbound::OutboundEngine>(m_profile, m_password, o);
        connect(e.get(), &outbound::OutboundEngine::stopped, this, [this] {
            if (--m_enginesRunning == 0 && m_stopping)
                finishStop();
        });
        connect(e.get(), &outbound::OutboundEngine::problemChanged, this, [](const QString& problem) {
            if (problem.isEmpty())
                qCInfo(lcWorker) << "outbound engine: working again";
        });
        ++m_enginesRunning;
        e->start();
        qCInfo(lcWorker) << "outbound engine" << e->engineId() << "started";
        m_outbound.push_back(std::move(e));
    }
    if (!m_outbound.empty())
        loadSecrets();
}

void WorkerService::loadSecrets()
{
    m_lastSecrets.start();
    QList<outbound::ConnectionKey> keys;
    try {
        keys = outbound::connectionKeys(*m_connection);
    } catch (db::DbError& e) {
        m_connection->noteFailure(e);
        qCWarning(lcWorker).noquote() << "could not list the connections' secrets:" << e.text();
        return;
    }
    if (!m_secretStore) {
        if (!keys.isEmpty() && m_secretsProblem.isEmpty()) {
            m_secretsProblem = QStringLiteral("no keychain");
            qCWarning(lcWorker)
                << "no keychain on this host: the outbound engines serve only items without a "
                   "connection secret";
        }
        return;
    }
    outbound::readConnectionSecrets(*m_secretStore, keys)
        .then(this, [this, total = keys.size()](outbound::SecretsLoad load) {
            if (!load.problem.isEmpty() && load.problem != m_secretsProblem)
                qCWarning(lcWorker).noquote()
                    << "keychain:" << load.problem
                    << "- the outbound engines serve only the connections whose secret was read";
            m_secretsProblem = load.problem;
            for (auto& e : m_outbound)
                e->setSecrets(load.secrets);
            if (std::exchange(m_servedLogged, int(load.secrets.size())) !=
                int(load.secrets.size())) // re-read every minute
                qCInfo(lcWorker) << "serving" << load.secrets.size() << "of" << total
                                 << "connections with a secret";
        });
}

void WorkerService::stop()
{
    if (std::exchange(m_stopping, true))
        return;
    m_timer.stop();
    m_authTimer.stop();
    if (m_evaluator)
        m_evaluator->stop(); // cancels a cycle in flight; its transaction rolls back
    if (m_enginesRunning > 0) {
        qCInfo(lcWorker) << "stopping" << m_enginesRunning << "engine(s)";
        for (auto& e : m_outbound)
            e->stop();
        return; // finishStop() once they have
    }
    finishStop();
}

void WorkerService::finishStop()
{
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
