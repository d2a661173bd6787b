#pragma once

#include "db/ConnectionProfile.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>

namespace opsdeck::db {
class DbPool;
}
namespace opsdeck::auth {
class SecretStore;
}
namespace opsdeck::outbound {
class OutboundEngine;
}
namespace opsdeck::alerts {
class AlertEvaluator;
}

namespace opsdeck::engine {

// The engines a signed-in console runs for its staff member (who must hold engines.run, and this
// workstation must not have them switched off in Settings): one outbound engine on its own thread,
// serving the connections whose secret this workstation's keychain holds (re-read every minute and
// on demand), and the alert evaluator on another, sharing the outbound engine's heartbeat. The
// GUI thread only starts, stops and feeds secrets; it never waits (except that stopping the
// evaluator cancels its statement in flight).
class EngineHost : public QObject
{
    Q_OBJECT

public:
    EngineHost(db::DbPool& pool, const db::ConnectionProfile& profile, const QString& password,
               auth::SecretStore& secrets, QObject* parent = nullptr);
    ~EngineHost() override;

    // Starts a fresh engine (again after a stop: switched back on).
    void start();
    // Emits stopped() once the engine has finished or given back what was in flight.
    void stop();
    bool isRunning() const;
    // The current (or last) engine; null before the first start.
    outbound::OutboundEngine* outbound() const { return m_outbound.get(); }
    alerts::AlertEvaluator* evaluator() const { return m_evaluator.get(); }
    // Reads the connections' secrets again (after a connection was added or its secret rotated).
    void reloadSecrets();
    int servedConnections() const { return m_served; }

Q_SIGNALS:
    void stopped();
    void secretsLoaded(int served, int total, const QString& problem);
    void problemChanged(const QString& message);

private:
    db::DbPool& m_pool;
    db::ConnectionProfile m_profile;
    QString m_password;
    auth::SecretStore& m_secrets;
    QHash<QString, QString> m_loaded; // the last secrets read, for a restarted engine
    std::unique_ptr<outbound::OutboundEngine> m_outbound;
    struct EvaluatorSlot; // the evaluator as the outbound engine's thread sees it (under a mutex)
    void dropEvaluator();
    std::unique_ptr<alerts::AlertEvaluator> m_evaluator;
    std::shared_ptr<EvaluatorSlot> m_slot;
    QTimer m_reload;
    int m_served = 0;
    bool m_loading = false;
};

} // namespace opsdeck::engine
