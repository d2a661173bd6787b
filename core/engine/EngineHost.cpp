#include "EngineHost.h"

#include "auth/SecretStore.h"
#include "common/Logging.h"
#include "db/DbPool.h"
#include "outbound/ConnectionSecrets.h"
#include "outbound/OutboundEngine.h"

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

EngineHost::~EngineHost() = default;

void EngineHost::start()
{
    if (isRunning())
        return;
    // An engine runs once; switching back on starts a new one (with a new engine id).
    m_outbound = std::make_unique<outbound::OutboundEngine>(m_profile, m_password, outbound::EngineOptions{});
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
