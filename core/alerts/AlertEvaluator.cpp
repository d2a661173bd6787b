#include "AlertEvaluator.h"

#include "AlertRepository.h"
#include "common/Logging.h"
#include "db/Connection.h"
#include "engine/Heartbeat.h"

#include <QTimer>
#include <libpq-fe.h>
#include <memory>

namespace opsdeck::alerts {

// The part that lives on the engine's thread: the connection (a QSqlDatabase belongs to the
// thread that opened it) and the tick timer.
class AlertEvaluator::Worker : public QObject
{
public:
    explicit Worker(AlertEvaluator* owner) : m_owner(owner) {}
    ~Worker() override { freeCancel(); }

    void begin()
    {
        db::ConnectionProfile profile = m_owner->m_profile;
        profile.applicationName = profile.applicationName + QStringLiteral(" alert evaluator");
        m_connection = std::make_unique<db::Connection>(
            profile, m_owner->m_password, QStringLiteral("opsdeck-alerts-") + m_owner->m_engineId);
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        QObject::connect(m_timer, &QTimer::timeout, this, [this] { tick(); });
        tick();
    }

    void tick()
    {
        if (m_stopping)
            return;
        m_timer->stop();
        CycleReport report;
        try {
            m_connection->ensureOpen();
            refreshCancel();
            report.result =
                AlertRepository::evaluate(*m_connection, m_owner->m_engineId, m_force.exchange(false));
            report.ok = true;
        } catch (db::DbError& e) {
            m_connection->noteFailure(e);
            report.error = e.text();
            report.connectionLost = e.isConnection();
        }
        report.at = QDateTime::currentDateTimeUtc();
        if (m_stopping)
            return; // a statement cancelled by stop() is not an error worth reporting
        m_owner->record(report);
        const int tickMs = m_owner->m_tickMs;
        m_timer->start(report.connectionLost ? qMin(tickMs, db::Connection::backoffMs(2)) : tickMs);
    }

    void forceNow()
    {
        m_force = true;
        tick();
    }

    // Any thread: ends the statement in flight, if any, so that stop() does not wait for it.
    void cancelRunning()
    {
        m_stopping = true;
        QMutexLocker lock(&m_cancelMutex);
        if (m_cancel) {
            char message[256];
            PQcancel(m_cancel, message, int(sizeof message));
        }
    }

    void finish()
    {
        if (m_timer)
            m_timer->stop();
        freeCancel();
        m_connection.reset();
    }

private:
    // The cancel handle of the current backend (a reconnect gets a new one).
    void refreshCancel()
    {
        const int pid = m_connection->backendPid();
        QMutexLocker lock(&m_cancelMutex);
        if (pid == m_cancelPid && m_cancel)
            return;
        if (m_cancel)
            PQfreeCancel(m_cancel);
        m_cancel = m_connection->handle() ? PQgetCancel(m_connection->handle()) : nullptr;
        m_cancelPid = pid;
    }

    void freeCancel()
    {
        QMutexLocker lock(&m_cancelMutex);
        if (m_cancel)
            PQfreeCancel(m_cancel);
        m_cancel = nullptr;
        m_cancelPid = 0;
    }

    AlertEvaluator* m_owner;
    std::unique_ptr<db::Connection> m_connection;
    QTimer* m_timer = nullptr;
    std::atomic_bool m_force{false};
    std::atomic_bool m_stopping{false};
    QMutex m_cancelMutex;
    PGcancel* m_cancel = nullptr;
    int m_cancelPid = 0;
};

AlertEvaluator::AlertEvaluator(const db::ConnectionProfile& profile, const QString& password,
                               const QString& engineId, QObject* parent)
    : QObject(parent), m_profile(profile), m_password(password), m_engineId(engineId)
{
    m_thread.setObjectName(QStringLiteral("alert-evaluator"));
}

AlertEvaluator::~AlertEvaluator()
{
    stop();
}

void AlertEvaluator::setTickInterval(int ms)
{
    m_tickMs = qMax(10, ms);
}

void AlertEvaluator::start()
{
    if (m_worker)
        return;
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_worker, [w = m_worker] { w->begin(); });
    qCInfo(lcAlerts).noquote() << "alert evaluator" << m_engineId << "starting, asking every" << m_tickMs
                               << "ms";
    m_thread.start();
}

void AlertEvaluator::stop()
{
    if (!m_worker)
        return;
    m_worker->cancelRunning();
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker] {
            w->finish();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
    delete m_worker;
    m_worker = nullptr;
    qCInfo(lcAlerts).noquote() << "alert evaluator" << m_engineId << "stopped";
}

bool AlertEvaluator::isRunning() const
{
    return m_thread.isRunning();
}

void AlertEvaluator::evaluateNow()
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker] { w->forceNow(); }, Qt::QueuedConnection);
}

void AlertEvaluator::record(const CycleReport& report)
{
    {
        QMutexLocker lock(&m_mutex);
        m_last = report;
        if (report.ok) {
            if (!m_loggedError.isEmpty())
                qCInfo(lcAlerts).noquote() << "alert evaluator" << m_engineId << "working again";
            m_lastError.clear();
            m_loggedError.clear();
        } else {
            m_lastError = report.error;
            if (report.error != m_loggedError) // once per distinct problem, not every tick
                qCWarning(lcAlerts).noquote()
                    << "alert evaluator" << m_engineId + QLatin1Char(':') << report.error;
            m_loggedError = report.error;
        }
        if (report.ok && report.result.ran) {
            const CycleResult& r = report.result;
            ++m_cycles;
            m_lastCycleAt = report.at;
            m_created += r.total(QStringLiteral("created"));
            m_resolved += r.total(QStringLiteral("resolved"));
            m_notified += r.total(QStringLiteral("notified"));
            m_enqueued += r.total(QStringLiteral("enqueued"));
            m_undelivered += r.total(QStringLiteral("undelivered"));
            m_flapping = r.total(QStringLiteral("flapping"));
            qCInfo(lcAlerts).noquote()
                << QStringLiteral(
                       "cycle %1%2: %3 created, %4 resolved, %5 notified, %6 queued, %7 undelivered, "
                       "%8 flapping, %9 ms")
                       .arg(r.cycle)
                       .arg(r.forced ? QStringLiteral(" (forced)") : QString())
                       .arg(r.total(QStringLiteral("created")))
                       .arg(r.total(QStringLiteral("resolved")))
                       .arg(r.total(QStringLiteral("notified")))
                       .arg(r.total(QStringLiteral("enqueued")))
                       .arg(r.total(QStringLiteral("undelivered")))
                       .arg(r.total(QStringLiteral("flapping")))
                       .arg(r.durationMs);
        } else if (report.ok) {
            qCDebug(lcAlerts).noquote() << "no cycle:" << report.result.reason;
        }
    }
    // Emitted from the engine's thread: receivers on the owner's thread get them queued.
    Q_EMIT tickFinished(report);
    if (report.ok && report.result.ran)
        Q_EMIT cycleRan(report.result);
    if (!report.ok)
        Q_EMIT failed(report.error);
}

void AlertEvaluator::applyTo(engine::HeartbeatInfo& info) const
{
    QMutexLocker lock(&m_mutex);
    if (!info.engines.contains(QStringLiteral("alerts")))
        info.engines << QStringLiteral("alerts");
    info.counts.insert(QStringLiteral("alerts_cycles"), m_cycles);
    info.counts.insert(QStringLiteral("alerts_created"), double(m_created));
    info.counts.insert(QStringLiteral("alerts_resolved"), double(m_resolved));
    info.counts.insert(QStringLiteral("alerts_notified"), double(m_notified));
    info.counts.insert(QStringLiteral("alerts_enqueued"), double(m_enqueued));
    info.counts.insert(QStringLiteral("alerts_undelivered"), double(m_undelivered));
    info.counts.insert(QStringLiteral("alerts_flapping"), m_flapping);
    if (m_lastCycleAt.isValid() && (!info.lastCycleAt.isValid() || m_lastCycleAt > info.lastCycleAt))
        info.lastCycleAt = m_lastCycleAt;
    const QString prefix = QStringLiteral("alerts: ");
    if (!m_lastError.isEmpty())
        info.lastError = prefix + m_lastError;
    else if (info.lastError.startsWith(prefix))
        info.lastError.clear();
}

CycleReport AlertEvaluator::lastReport() const
{
    QMutexLocker lock(&m_mutex);
    return m_last;
}

int AlertEvaluator::cyclesRun() const
{
    QMutexLocker lock(&m_mutex);
    return m_cycles;
}

} // namespace opsdeck::alerts
