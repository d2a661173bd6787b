#pragma once

#include "db/Connection.h"
#include "engine/Heartbeat.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>
#include <vector>

namespace opsdeck::auth {
class AuthMonitor;
class SecretStore;
} // namespace opsdeck::auth
namespace opsdeck::outbound {
class OutboundEngine;
}
namespace opsdeck::alerts {
class AlertEvaluator;
}

namespace opsdeck::worker {

// `--auth-monitor`: where the server's jsonlog is and how often to look.
struct AuthMonitorOptions
{
    QString pgLogDir;  // PostgreSQL's log_directory
    QString stateFile; // the monitor's position (file name and offset)
    int pollMs = 1000;
};

// Which engines run (`--engines`, `--outbound-threads`).
struct EngineSelection
{
    int outboundThreads = 1; // 0: no outbound engine
    bool alerts = true;
};

// The headless process: connects, refuses a schema that does not match this build, and writes a
// heartbeat every few seconds until asked to stop. It runs the outbound engines (each on its own
// thread, serving the connections whose secret this host's keychain holds, re-read every minute)
// and the alert evaluator. With an AuthMonitorOptions it also follows the server's log on its own
// connection, reports failed sign-ins (record_auth_failure) and lifts expired locks every minute.
// On stop (SIGTERM) the engines finish or give back what is in flight before finished() is emitted.
class WorkerService : public QObject
{
    Q_OBJECT

public:
    WorkerService(const db::ConnectionProfile& profile, const QString& password, int heartbeatMs,
                  std::optional<AuthMonitorOptions> authMonitor = std::nullopt, EngineSelection engines = {},
                  std::unique_ptr<auth::SecretStore> secrets = {});
    ~WorkerService() override;

    void start();
    // Clean shutdown: records stopped_at, then emits finished(0).
    void stop();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void beat();
    void startEngines();
    void loadSecrets();
    void finishStop();
    void watchAuthLog();
    // Logs `message` when it differs from the last one, or again after a quiet period.
    void reportAuthProblem(const QString& message);

    std::unique_ptr<db::Connection> m_connection;
    engine::HeartbeatInfo m_info;
    QTimer m_timer;
    bool m_schemaChecked = false;
    int m_heartbeatMs;
    QElapsedTimer m_lastPrune;
    static constexpr qint64 kPruneIntervalMs = 10 * 60 * 1000;

    db::ConnectionProfile m_profile;
    QString m_password;
    EngineSelection m_selection;
    std::unique_ptr<auth::SecretStore> m_secretStore;
    std::vector<std::unique_ptr<outbound::OutboundEngine>> m_outbound;
    std::unique_ptr<alerts::AlertEvaluator> m_evaluator; // shares this process's heartbeat row
    bool m_enginesStarted = false;
    bool m_stopping = false;
    int m_enginesRunning = 0;
    QElapsedTimer m_lastSecrets;
    QString m_secretsProblem;
    int m_servedLogged = -1;
    static constexpr qint64 kSecretsIntervalMs = 60 * 1000;

    std::optional<AuthMonitorOptions> m_authOptions;
    std::unique_ptr<db::Connection> m_authConnection;
    std::unique_ptr<auth::AuthMonitor> m_authMonitor;
    QTimer m_authTimer;
    QElapsedTimer m_lastRelease;
    QString m_authProblem;
    QElapsedTimer m_authProblemLogged;
    static constexpr qint64 kReleaseIntervalMs = 60 * 1000;
    static constexpr qint64 kProblemRepeatMs = 5 * 60 * 1000;
};

} // namespace opsdeck::worker
