#include "EngineHost.h"

#include "alerts/AlertEvaluator.h"
#include "auth/SecretStore.h"
#include "common/Logging.h"
#include "db/DbPool.h"
#include "engine/Heartbeat.h"
#include "outbound/ConnectionSecrets.h"
#include "outbound/OutboundEngine.h"

#include <QMutex>

namespace opsdeck::engine {

namespace {
constexpr int kReloadMs = 60 * 1000;
}

EngineHost::EngineHost(db::DbPool& pool, const db::ConnectionProfile& profile, const QString& password,
                       auth::SecretStore& secrets, QObject* parent)
    : QObject(parent), m_pool(pool), m_profile(profile), m_password(password), m_secrets(secrets)
{
    m_reload.setInterval(kReloadMs);
    connect(&m_reload, &QTimer::timeout, this, &EngineHost::reloadSecrets);
}

// The heartbeat hook runs on the outbound engine's thread: it reads the evaluator only under the
// mutex, and the evaluator is unhooked under it before it goes away.
struct EngineHost::EvaluatorSlot
{
    QMutex mutex;
    alerts::AlertEvaluator* evaluator = nullptr;
};

EngineHost::~EngineHost()
{
    dropEvaluator();    // before the outbound engine marks the shared heartbeat stopped
    m_outbound.reset(); // waits for its thread
}

void EngineHost::dropEvaluator()
{
    if (!m_evaluator)
        return;
    m_evaluator->stop();
    if (m_slot) {
        QMutexLocker lock(&m_slot->mutex);
        m_slot->evaluator = nullptr;
    }
    m_evaluator.reset();
}

void EngineHost::start()
{
    if (isRunning())
        return;
    // An engine runs once; switching back on starts a new one (with a new engine id). The
    // evaluator shares its heartbeat row (alerts_evaluate needs a live one of this login).
    dropEvaluator();
    m_slot = std::make_shared<EvaluatorSlot>();
    outbound::EngineOptions options;
    options.kind = QStringLiteral("console");
    options.sharedWith = {QStringLiteral("alerts")};
    options.addToHeartbeat = [slot = m_slot](HeartbeatInfo& info) {
        QMutexLocker lock(&slot->mutex);
        if (slot->evaluator)
            slot->evaluator->applyTo(info);
    };
    m_outbound = std::make_unique<outbound::OutboundEngine>(m_profile, m_password, options);
    connect(m_outbound.get(), &outbound::OutboundEngine::ready, this, [this] {
        if (m_evaluator)
            return;
        m_evaluator = std::make_unique<alerts::AlertEvaluator>(m_profile, m_password, m_outbound->engineId());
        {
            QMutexLocker lock(&m_slot->mutex);
            m_slot->evaluator = m_evaluator.get();
        }
        m_evaluator->start();
    });
    connect(m_outbound.get(), &outbound::OutboundEngine::stopped, this, &EngineHost::stopped);
    connect(m_outbound.get(), &outbound::OutboundEngine::problemChanged, this, &EngineHost::problemChanged);
    m_outbound->setSecrets(m_loaded);
    m_outbound->start();
    m_reload.start();
    reloadSecrets();
}

void EngineHost::stop()
{
    m_reload.stop();
    dropEvaluator();
    if (m_outbound)
        m_outbound->stop();
}

bool EngineHost::isRunning() const
{
    return m_outbound && m_outbound->isRunning();
}

void EngineHost::reloadSecrets()
{
    if (std::exchange(m_loading, true))
        return;
    m_pool.run([](db::Connection& c) { return outbound::connectionKeys(c); })
        .then(this, [this](const db::DbResult<QList<outbound::ConnectionKey>>& keys) {
            if (!keys.ok()) {
                m_loading = false;
                qCWarning(lcQueue).noquote()
                    << "could not list the connections' secrets:" << keys.error().text();
                return;
            }
            const int total = int(keys.value().size());
            outbound::readConnectionSecrets(m_secrets, keys.value())
                .then(this, [this, total](const outbound::SecretsLoad& load) {
                    m_loading = false;
                    m_loaded = load.secrets;
                    if (m_outbound)
                        m_outbound->setSecrets(load.secrets);
                    m_served = int(load.secrets.size());
                    Q_EMIT secretsLoaded(m_served, total, load.problem);
                });
        });
}

} // namespace opsdeck::engine
