#include "TestHttpServer.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QMutexLocker>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

namespace opsdeck::test {
namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;

QByteArray standardReason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 410:
        return "Gone";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

const TestHttpServer::Handler& defaultHandler()
{
    static const TestHttpServer::Handler handler = [](const TestHttpServer::Request&) {
        return TestHttpServer::Response::json(200, R"({"ok":true})");
    };
    return handler;
}

} // namespace

// Lives on the serving thread: the listener and its connections.
class TestHttpServerCore : public QObject
{
public:
    explicit TestHttpServerCore(TestHttpServer* owner) : m_owner(owner)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] { accept(); });
    }

    quint16 listen() { return m_server.listen(QHostAddress::LocalHost, 0) ? m_server.serverPort() : 0; }

    void closeAll()
    {
        m_server.close();
        const QList<QTcpSocket*> sockets = findChildren<QTcpSocket*>();
        for (QTcpSocket* socket : sockets) {
            socket->disconnect(this);
            socket->abort();
            delete socket;
        }
    }

private:
    // One connection's parse state, shared by its readyRead handler and a delayed answer.
    struct Connection
    {
        QByteArray buffer;
        bool busy = false; // a delayed answer is pending: later requests wait (in order)
        bool hung = false; // told never to answer: ignore the rest
    };

    void accept()
    {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            m_owner->m_connections.fetch_add(1);
            auto state = std::make_shared<Connection>();
            QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket, state] {
                state->buffer += socket->readAll();
                process(socket, state);
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void process(QTcpSocket* socket, const std::shared_ptr<Connection>& state)
    {
        Connection& c = *state;
        while (!c.busy && !c.hung && socket->state() == QAbstractSocket::ConnectedState) {
            // Not a request line (e.g. a TLS ClientHello): answer as plain HTTP servers do.
            if (!c.buffer.isEmpty() && !(c.buffer.front() >= 'A' && c.buffer.front() <= 'Z')) {
                writeRaw(socket,
                         "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
                return;
            }
            const qsizetype headerEnd = c.buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                if (c.buffer.size() > kMaxHeaderBytes)
                    socket->abort();
                return;
            }
            TestHttpServer::Request request;
            bool keepAlive = true;
            qsizetype contentLength = 0;
            if (!parseHead(QByteArrayView(c.buffer.constData(), headerEnd), request, keepAlive,
                           contentLength)) {
                writeRaw(socket,
                         "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
                return;
            }
            const qsizetype total = headerEnd + 4 + contentLength;
            if (c.buffer.size() < total)
                return;
            request.body = c.buffer.mid(headerEnd + 4, contentLength);
            c.buffer.remove(0, total);

            const std::shared_ptr<const TestHttpServer::Handler> handler = m_owner->handler();
            const TestHttpServer::Response response =
                handler ? (*handler)(request) : defaultHandler()(request);
            m_owner->record(std::move(request));

            if (response.close) {
                socket->disconnectFromHost();
                return;
            }
            if (response.hang) {
                c.hung = true;
                return;
            }
            if (response.delayMs > 0) {
                c.busy = true;
                QPointer<QTcpSocket> guard(socket);
                QTimer::singleShot(response.delayMs, this, [this, guard, state, response, keepAlive] {
                    if (!guard)
                        return;
                    answer(guard, response, keepAlive);
                    state->busy = false;
                    process(guard, state);
                });
                return;
            }
            answer(socket, response, keepAlive);
        }
    }

    static bool parseHead(QByteArrayView head, TestHttpServer::Request& request, bool& keepAlive,
                          qsizetype& contentLength)
    {
        qsizetype lineEnd = head.indexOf("\r\n");
        const QByteArrayView requestLine = lineEnd < 0 ? head : head.first(lineEnd);
        const qsizetype sp1 = requestLine.indexOf(' ');
        const qsizetype sp2 = requestLine.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 <= sp1)
            return false;
        request.method = requestLine.first(sp1).toByteArray();
        const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
        const QByteArrayView version = requestLine.sliced(sp2 + 1);
        const qsizetype q = target.indexOf('?');
        request.path = (q < 0 ? target : target.first(q)).toByteArray();
        if (q >= 0)
            request.query = target.sliced(q + 1).toByteArray();
        keepAlive = version == "HTTP/1.1";

        qsizetype pos = lineEnd < 0 ? head.size() : lineEnd + 2;
        while (pos < head.size()) {
            lineEnd = head.indexOf("\r\n", pos);
            const QByteArrayView line = head.sliced(pos, (lineEnd < 0 ? head.size() : lineEnd) - pos);
            pos = lineEnd < 0 ? head.size() : lineEnd + 2;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                return false;
            const QByteArray name = line.first(colon).trimmed().toByteArray();
            const QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
            if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
                bool ok = false;
                contentLength = value.toLongLong(&ok);
                if (!ok || contentLength < 0)
                    return false;
            } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
                return false; // chunked request bodies are not needed by any client under test
            } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
                if (value.compare("close", Qt::CaseInsensitive) == 0)
                    keepAlive = false;
                else if (value.compare("keep-alive", Qt::CaseInsensitive) == 0)
                    keepAlive = true;
            }
            request.headers.append(qMakePair(name, value));
        }
        return true;
    }

    static void writeRaw(QTcpSocket* socket, const QByteArray& bytes) { socket->write(bytes); }

    static void answer(QTcpSocket* socket, const TestHttpServer::Response& response, bool keepAlive)
    {
        QByteArray out;
        out.reserve(128 + response.body.size());
        out += "HTTP/1.1 ";
        out += QByteArray::number(response.status);
        out += ' ';
        out += response.reason.isEmpty() ? standardReason(response.status) : response.reason;
        out += "\r\nContent-Length: ";
        out += QByteArray::number(response.body.size());
        out += "\r\n";
        for (const auto& [name, value] : response.headers) {
            out += name;
            out += ": ";
            out += value;
            out += "\r\n";
        }
        if (!keepAlive)
            out += "Connection: close\r\n";
        out += "\r\n";
        out += response.body;
        socket->write(out);
        if (!keepAlive)
            socket->disconnectFromHost();
    }

    TestHttpServer* m_owner;
    QTcpServer m_server{this};
};

QByteArray TestHttpServer::Request::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool TestHttpServer::Request::hasHeader(const QByteArray& name) const
{
    for (const auto& header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

TestHttpServer::Response TestHttpServer::Response::json(int status, const QByteArray& body)
{
    Response response;
    response.status = status;
    response.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    response.body = body;
    return response;
}

TestHttpServer::Response TestHttpServer::Response::hangUp()
{
    Response response;
    response.hang = true;
    return response;
}

TestHttpServer::Response TestHttpServer::Response::dropConnection()
{
    Response response;
    response.close = true;
    return response;
}

TestHttpServer::TestHttpServer() = default;

TestHttpServer::~TestHttpServer()
{
    stop();
}

bool TestHttpServer::listen()
{
    if (m_core)
        return false;
    m_core = new TestHttpServerCore(this);
    m_port = m_core->listen();
    return m_port != 0;
}

bool TestHttpServer::startInThread()
{
    if (m_core)
        return false;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("TestHttpServer"));
    m_core = new TestHttpServerCore(this);
    m_core->moveToThread(m_thread);
    m_thread->start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_core, [this] { return m_core->listen(); }, Qt::BlockingQueuedConnection, &port);
    m_port = port;
    return m_port != 0;
}

void TestHttpServer::stop()
{
    if (!m_core)
        return;
    TestHttpServerCore* core = m_core;
    if (m_thread) {
        // Sockets and timers belong to the serving thread: end them there.
        QMetaObject::invokeMethod(
            core,
            [core] {
                core->closeAll();
                delete core;
            },
            Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    } else {
        core->closeAll();
        delete core;
    }
    m_core = nullptr;
}

QUrl TestHttpServer::url(const QString& path) const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(path);
    return url;
}

void TestHttpServer::setHandler(Handler handler)
{
    auto shared = handler ? std::make_shared<const Handler>(std::move(handler)) : nullptr;
    QMutexLocker lock(&m_mutex);
    m_handler = std::move(shared);
}

std::shared_ptr<const TestHttpServer::Handler> TestHttpServer::handler() const
{
    QMutexLocker lock(&m_mutex);
    return m_handler;
}

void TestHttpServer::record(Request&& request)
{
    if (m_recording.load()) {
        request.arrivedAt = QDateTime::currentDateTimeUtc();
        QMutexLocker lock(&m_mutex);
        m_requests.append(std::move(request));
    }
    // Counted after recording, so a waiter that sees the count also sees the request.
    m_count.fetch_add(1);
}

QList<TestHttpServer::Request> TestHttpServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

TestHttpServer::Request TestHttpServer::lastRequest() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests.isEmpty() ? Request() : m_requests.last();
}

void TestHttpServer::clearRequests()
{
    QMutexLocker lock(&m_mutex);
    m_requests.clear();
    m_count.store(0);
}

bool TestHttpServer::waitForRequests(int n, int timeoutMs) const
{
    if (requestCount() >= n)
        return true;
    // A nested loop polled every millisecond: it sleeps between events instead of spinning, which
    // matters when the server runs on the other of two cores.
    QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (requestCount() >= n || deadline.hasExpired())
            loop.quit();
    });
    poll.start();
    loop.exec();
    return requestCount() >= n;
}

} // namespace opsdeck::test
