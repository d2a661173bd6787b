#pragma once

#include "Adapters.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

class QNetworkAccessManager;
class QNetworkReply;
class QTcpSocket;
class QTimer;

namespace opsdeck::outbound {

// The Connections screen's "Test connection": real steps against the configured endpoint, each
// reported with its status and latency so an operator sees where it breaks.
//   Configuration    the config (and secret) can make a request at all
//   DNS lookup       QHostInfo
//   TCP connection   to host:port
//   TLS handshake    https only: certificate and host name verified as for deliveries
//   <request>        webhook: a signed {"type":"opsdeck.test",...} event, 2xx expected;
//                    email: GET {base}/domains with the Resend key (401/403: "API key rejected");
//                    sms: GET {base}/2010-04-01/Accounts/{sid}.json with Twilio basic auth.
// Stops at the first failing step. No message ever contains the secret (nor the URL's query).
// Lives on the thread that uses it (the GUI thread); nothing blocks.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    struct StepResult
    {
        QString name;
        bool ok = false;
        qint64 latencyMs = 0;
        QString detail;
    };

    explicit ConnectionTester(QObject* parent = nullptr);
    ~ConnectionTester() override;

    // Each step gives up after this long (default 10 s).
    void setStepTimeoutMs(int ms) { m_stepTimeoutMs = qMax(1, ms); }
    int stepTimeoutMs() const { return m_stepTimeoutMs; }

    // Starts a test ("webhook" | "email" | "sms"); a test still running is cancelled first. The
    // Configuration step is reported before this returns (with finished() when it fails), the
    // others later from the event loop.
    // For a webhook, `config` "url" is the endpoint; `secret` may be empty (unsigned test event).
    void start(const QString& deliveryType, const QJsonObject& config, const QString& secret);
    // Stops a running test without emitting finished().
    void cancel();
    bool isRunning() const { return m_running; }
    QList<StepResult> results() const { return m_results; }

Q_SIGNALS:
    void step(const QString& name, bool ok, qint64 latencyMs, const QString& detail);
    void finished(bool ok, const QString& summary);

private:
    void lookup();
    void connectSocket();
    void sendRequest();
    void report(const QString& name, bool ok, const QString& detail);
    void fail(const QString& name, const QString& detail);
    void succeed();
    void startStep(const QString& name);
    void onStepTimeout();
    void cleanup();

    QString m_type;
    PreparedRequest m_request;
    QString m_requestStep;
    QString m_rejectedText;
    QUrl m_url;
    bool m_running = false;
    QList<StepResult> m_results;
    QElapsedTimer m_stepClock;
    QElapsedTimer m_totalClock;
    QString m_currentStep;
    int m_stepTimeoutMs = 10000;
    int m_lookupId = -1;
    quint64 m_generation = 0; // ignores callbacks of a cancelled run
    QTimer* m_stepTimer = nullptr;
    QTcpSocket* m_socket = nullptr;
    QNetworkReply* m_reply = nullptr;
    QNetworkAccessManager* m_network = nullptr;
};

} // namespace opsdeck::outbound
