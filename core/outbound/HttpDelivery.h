#pragma once

#include "Delivery.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <atomic>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace opsdeck::outbound {

// Sends claimed queue items over HTTP (webhook, Resend email, Twilio SMS) and reports one
// DeliveryResult per send. Lives on one thread with a running event loop (the queue engine's
// QThread, or the GUI thread) and owns that thread's QNetworkAccessManager, created on first use
// so the object may be moved to its thread after construction.
//
// Callbacks always run on this object's thread, never inside send(). send() and abortAll() may
// be called from another thread: they are then queued to this object's thread.
// Redirects are not followed (a 3xx fails the item). The response body is read only for the
// provider's message id and never kept, logged or put in an error.
class HttpDelivery : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(DeliveryResult)>;

    explicit HttpDelivery(QObject* parent = nullptr);
    // Drops what is still in flight without calling back: call abortAll() first to get results.
    ~HttpDelivery() override;

    // No bytes moving for this long ends a request as Retry "timed out after …" (default 10 s).
    void setTransferTimeoutMs(int ms) { m_transferTimeoutMs = qMax(1, ms); }
    int transferTimeoutMs() const { return m_transferTimeoutMs; }
    // A hard limit on a whole request, against receivers that trickle bytes (default 60 s; 0 = none).
    void setTotalTimeoutMs(int ms) { m_totalTimeoutMs = qMax(0, ms); }
    int totalTimeoutMs() const { return m_totalTimeoutMs; }

    // Starts one send; `done` gets the result later on this object's thread. A request that cannot
    // be built (bad URL, missing field, malformed secret) fails without any network traffic.
    void send(const DeliveryRequest& request, Callback done);

    // Sends started and not yet called back. Safe to read from any thread.
    int inFlight() const { return m_inFlight.load(); }

    // For shutdown: ends every send now; their callbacks get Retry "aborted at shutdown" (or their
    // earlier result) before this returns, when called on this object's thread.
    void abortAll();

private:
    struct Pending
    {
        DeliveryResult result;
        Callback done;
        QElapsedTimer clock;
        QString deliveryType;
        QByteArray bodyHead; // the start of the answer, for the provider's message id
        QString tlsDetail;
        bool aborted = false;
        bool overDeadline = false;
    };

    QNetworkAccessManager* network();
    void onFinished(QNetworkReply* reply);
    void complete(Pending& pending);
    void flushReady();

    QNetworkAccessManager* m_network = nullptr;
    QHash<QNetworkReply*, Pending> m_pending;
    QList<Pending> m_ready; // failed up front, called back on the next event loop turn
    std::atomic<int> m_inFlight{0};
    int m_transferTimeoutMs = 10000;
    int m_totalTimeoutMs = 60000;
};

} // namespace opsdeck::outbound
