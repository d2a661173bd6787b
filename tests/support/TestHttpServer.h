#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QUrl>
#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace opsdeck::test {

class TestHttpServerCore;

// A real HTTP/1.1 server on 127.0.0.1 for delivery tests and benchmarks: keep-alive, request line,
// headers, Content-Length bodies. A handler decides each answer (status, headers, body, a delay,
// no answer at all, or a dropped connection); every request is recorded unless recording is off.
//
// Runs on the thread that creates it (spin its event loop, e.g. waitForRequests()) or, after
// startInThread(), on a thread of its own. The accessors below are safe from any thread; the
// handler runs on the server's thread.
class TestHttpServer
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    struct Request
    {
        QByteArray method;
        QByteArray path;  // without the query, still percent-encoded
        QByteArray query; // after '?', without it
        Headers headers;  // as received
        QByteArray body;
        QDateTime arrivedAt; // UTC
        // Case-insensitive; empty when absent.
        QByteArray header(const QByteArray& name) const;
        bool hasHeader(const QByteArray& name) const;
    };

    struct Response
    {
        int status = 200;
        QByteArray reason; // empty: a standard phrase
        Headers headers;
        QByteArray body;
        int delayMs = 0;    // wait before answering
        bool hang = false;  // never answer (the client's timeout ends it)
        bool close = false; // close the connection without answering

        static Response json(int status, const QByteArray& body);
        static Response hangUp();
        static Response dropConnection();
    };

    using Handler = std::function<Response(const Request&)>;

    TestHttpServer();
    ~TestHttpServer();
    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    // Listens on 127.0.0.1 on a free port, served by the calling thread's event loop.
    bool listen();
    // Listens on 127.0.0.1 on a free port, served by a thread of its own (for benchmarks and for
    // clients that block their own thread).
    bool startInThread();
    // Closes the listener and every connection (also done by the destructor).
    void stop();

    quint16 port() const { return m_port; }
    QUrl url(const QString& path = QStringLiteral("/")) const;

    // The default answers 200 {"ok":true}. Thread-safe; takes effect for the next request.
    void setHandler(Handler handler);
    // Off: requests are only counted, not copied (benchmarks).
    void setRecording(bool on) { m_recording.store(on); }

    QList<Request> requests() const;
    Request lastRequest() const;
    int requestCount() const { return m_count.load(); }
    void clearRequests();
    // Spins the calling thread's event loop until `n` requests arrived or `timeoutMs` passed.
    bool waitForRequests(int n, int timeoutMs = 5000) const;
    // Connections accepted so far (to see keep-alive at work).
    int connectionCount() const { return m_connections.load(); }

private:
    friend class TestHttpServerCore;
    std::shared_ptr<const Handler> handler() const;
    void record(Request&& request);

    TestHttpServerCore* m_core = nullptr;
    QThread* m_thread = nullptr;
    quint16 m_port = 0;
    mutable QMutex m_mutex; // guards m_handler and m_requests
    std::shared_ptr<const Handler> m_handler;
    QList<Request> m_requests;
    std::atomic<int> m_count{0};
    std::atomic<int> m_connections{0};
    std::atomic<bool> m_recording{true};
};

} // namespace opsdeck::test
