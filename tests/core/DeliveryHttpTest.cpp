// The delivery layer against a real HTTP/1.1 server on 127.0.0.1 (TestHttpServer): each adapter's
// exact traffic, the outcome of each kind of answer, HttpDelivery on a worker thread, and the
// Connections screen's ConnectionTester. No database.
#include "TestHttpServer.h"
#include "outbound/ConnectionTester.h"
#include "outbound/HttpDelivery.h"
#include "outbound/WebhookSignature.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>
#include <catch2/catch.hpp>
#include <memory>

using namespace opsdeck::outbound;
using opsdeck::test::TestHttpServer;

namespace {

const QString kSecret = QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

// Runs the calling thread's event loop until `condition` holds; sleeps between events.
bool waitUntil(const std::function<bool()>& condition, int timeoutMs = 10000)
{
    if (condition())
        return true;
    QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (condition() || deadline.hasExpired())
            loop.quit();
    });
    poll.start();
    loop.exec();
    return condition();
}

DeliveryResult sendAndWait(HttpDelivery& delivery, const DeliveryRequest& request)
{
    std::optional<DeliveryResult> result;
    delivery.send(request, [&result](DeliveryResult r) { result = std::move(r); });
    REQUIRE_FALSE(result.has_value()); // never called back from inside send()
    REQUIRE(waitUntil([&] { return result.has_value(); }));
    return *result;
}

DeliveryRequest webhookTo(const QUrl& url, int attempt = 1)
{
    DeliveryRequest r;
    r.itemId = QStringLiteral("0b5c8c4e-1f7a-4e0e-9b6e-5f1f3b2a7c01");
    r.idempotencyKey = QStringLiteral("msg_0b5c8c4e");
    r.deliveryType = QStringLiteral("webhook");
    r.attempt = attempt;
    r.destinationUrl = url.toString();
    r.payload = R"({"type": "record.updated",  "id": 42, "note": "spacing kept"})";
    r.secret = kSecret;
    return r;
}

quint16 closedPort()
{
    QTcpServer probe;
    REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

TEST_CASE("The delivery tests' HTTP server keeps connections alive and records requests", "[delivery]")
{
    TestHttpServer server;
    REQUIRE(server.listen());
    HttpDelivery delivery;
    for (int i = 0; i < 3; ++i)
        CHECK(sendAndWait(delivery, webhookTo(server.url(QStringLiteral("/k")))).outcome ==
              Outcome::Delivered);
    CHECK(server.requestCount() == 3);
    CHECK(server.connectionCount() == 1); // one keep-alive connection for three requests
    const auto request = server.lastRequest();
    CHECK(request.header("WEBHOOK-ID") == request.header("webhook-id"));
    CHECK(request.arrivedAt.isValid());
    server.setRecording(false);
    sendAndWait(delivery, webhookTo(server.url()));
    CHECK(server.requestCount() == 4);
    CHECK(server.requests().size() == 3);
}

TEST_CASE("Webhook delivery sends the exact payload, signed, to the real server", "[delivery]")
{
    TestHttpServer server;
    REQUIRE(server.listen());
    HttpDelivery delivery;
    QUrl url = server.url(QStringLiteral("/hooks/in"));
    url.setQuery(QStringLiteral("token=t0k"));
    const DeliveryRequest request = webhookTo(url);
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const DeliveryResult result = sendAndWait(delivery, request);
    CHECK(result.outcome == Outcome::Delivered);
    CHECK(result.statusCode == 200);
    CHECK(result.error.isEmpty());
    CHECK(result.itemId == request.itemId);
    CHECK(result.host == QStringLiteral("127.0.0.1:%1").arg(server.port()));
    CHECK(result.startedAt <= result.finishedAt);
    CHECK(result.endpointHealthy);

    REQUIRE(server.requestCount() == 1);
    const auto got = server.lastRequest();
    CHECK(got.method == "POST");
    CHECK(got.path == "/hooks/in");
    CHECK(got.query == "token=t0k");
    CHECK(got.body == request.payload); // byte for byte, whitespace included
    CHECK(got.header("content-type") == "application/json");
    CHECK(got.header("webhook-id") == "msg_0b5c8c4e");
    CHECK(got.header("user-agent").startsWith("Opsdeck/"));
    const qint64 timestamp = got.header("webhook-timestamp").toLongLong();
    CHECK(timestamp >= before);
    CHECK(timestamp <= QDateTime::currentSecsSinceEpoch());
    // What a receiver does: recompute over what arrived.
    CHECK(QString::fromLatin1(got.header("webhook-signature")) ==
          WebhookSignature::sign(kSecret, QStringLiteral("msg_0b5c8c4e"), timestamp, got.body).header);
    CHECK(WebhookSignature::verify(kSecret, QString::fromLatin1(got.header("webhook-id")), timestamp,
                                   got.body, QString::fromLatin1(got.header("webhook-signature"))));

    DeliveryRequest unsignedRequest = request;
    unsignedRequest.secret.clear();
    CHECK(sendAndWait(delivery, unsignedRequest).outcome == Outcome::Delivered);
    CHECK_FALSE(server.lastRequest().hasHeader("webhook-signature"));
}

TEST_CASE("Email delivery posts to Resend's API shape", "[delivery]")
{
    TestHttpServer server;
    REQUIRE(server.listen());
    server.setHandler([](const TestHttpServer::Request&) {
        return TestHttpServer::Response::json(200, R"({"id":"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"})");
    });
    DeliveryRequest r;
    r.itemId = QStringLiteral("item-1");
    r.idempotencyKey = QStringLiteral("idem-42");
    r.deliveryType = QStringLiteral("email");
    r.destinationEmail = QStringLiteral("jane@example.com");
    r.payload = R"({"subject":"Quote #12","html":"<b>Hello</b>","text":"Hello",
                    "attachments":[{"filename":"quote.pdf","content":"JVBERi0xLjQ="}]})";
    r.connectionConfig = QJsonObject{{QStringLiteral("from"), QStringLiteral("ops@example.com")},
                                     {QStringLiteral("base_url"), server.url().toString()}};
    r.secret = QStringLiteral("re_live_secret");
    HttpDelivery delivery;
    const DeliveryResult result = sendAndWait(delivery, r);
    CHECK(result.outcome == Outcome::Delivered);
    CHECK(result.providerMessageId == QStringLiteral("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"));

    const auto got = server.lastRequest();
    CHECK(got.method == "POST");
    CHECK(got.path == "/emails");
    CHECK(got.header("authorization") == "Bearer re_live_secret");
    CHECK(got.header("idempotency-key") == "idem-42");
    CHECK(got.header("content-type") == "application/json");
    const QJsonObject body = QJsonDocument::fromJson(got.body).object();
    CHECK(body.value(QLatin1String("from")).toString() == QStringLiteral("ops@example.com"));
    CHECK(body.value(QLatin1String("to")).toArray() == QJsonArray{QStringLiteral("jane@example.com")});
    CHECK(body.value(QLatin1String("subject")).toString() == QStringLiteral("Quote #12"));
    CHECK(body.value(QLatin1String("html")).toString() == QStringLiteral("<b>Hello</b>"));
    CHECK(body.value(QLatin1String("text")).toString() == QStringLiteral("Hello"));
    const QJsonObject attachment = body.value(QLatin1String("attachments")).toArray().at(0).toObject();
    CHECK(attachment.value(QLatin1String("filename")).toString() == QStringLiteral("quote.pdf"));
    CHECK(attachment.value(QLatin1String("content")).toString() == QStringLiteral("JVBERi0xLjQ="));

    // A missing field fails at once, with nothing sent.
    r.payload = R"({"html":"<b>Hello</b>"})";
    const DeliveryResult invalid = sendAndWait(delivery, r);
    CHECK(invalid.outcome == Outcome::Failed);
    CHECK(invalid.error.contains(QStringLiteral("subject")));
    CHECK(invalid.statusCode == 0);
    CHECK(server.requestCount() == 1);
}

TEST_CASE("SMS delivery posts a form to Twilio's Messages API", "[delivery]")
{
    TestHttpServer server;
    REQUIRE(server.listen());
    server.setHandler([](const TestHttpServer::Request&) {
        return TestHttpServer::Response::json(201, R"({"sid":"SM0123456789abcdef","to":"+15551234567"})");
    });
    DeliveryRequest r;
    r.itemId = QStringLiteral("item-2");
    r.idempotencyKey = QStringLiteral("idem-sms");
    r.deliveryType = QStringLiteral("sms");
    r.destinationPhone = QStringLiteral("+15551234567");
    r.payload = R"({"body":"Booking 10:30 confirmed + see you & bye"})";
    r.connectionConfig = QJsonObject{{QStringLiteral("account_sid"), QStringLiteral("ACdeadbeef")},
                                     {QStringLiteral("from"), QStringLiteral("+15550009999")},
                                     {QStringLiteral("base_url"), server.url().toString()}};
    r.secret = QStringLiteral("auth-token-1");
    HttpDelivery delivery;
    const DeliveryResult result = sendAndWait(delivery, r);
    CHECK(result.outcome == Outcome::Delivered);
    CHECK(result.statusCode == 201);
    CHECK(result.providerMessageId == QStringLiteral("SM0123456789abcdef"));

    const auto got = server.lastRequest();
    CHECK(got.method == "POST");
    CHECK(got.path == "/2010-04-01/Accounts/ACdeadbeef/Messages.json");
    CHECK(got.header("authorization") == "Basic " + QByteArray("ACdeadbeef:auth-token-1").toBase64());
    CHECK(got.header("content-type") == "application/x-www-form-urlencoded");
    // Decoded as a form server would: '+' means space, so a literal '+' must arrive as %2B.
    QByteArray form = got.body;
    form.replace('+', ' ');
    const QUrlQuery fields(QString::fromUtf8(form));
    CHECK(fields.queryItemValue(QStringLiteral("To"), QUrl::FullyDecoded) == QStringLiteral("+15551234567"));
    CHECK(fields.queryItemValue(QStringLiteral("From"), QUrl::FullyDecoded) ==
          QStringLiteral("+15550009999"));
    CHECK(fields.queryItemValue(QStringLiteral("Body"), QUrl::FullyDecoded) ==
          QStringLiteral("Booking 10:30 confirmed + see you & bye"));
    CHECK_FALSE(fields.hasQueryItem(QStringLiteral("MessagingServiceSid")));
}

TEST_CASE("Each kind of answer gets its delivery outcome", "[delivery]")
{
    TestHttpServer server;
    REQUIRE(server.listen());
    HttpDelivery delivery;
    const DeliveryRequest request = webhookTo(server.url(QStringLiteral("/hook")));

    SECTION("500, then success on the next attempt with the same webhook-id")
    {
        int calls = 0;
        server.setHandler([&calls](const TestHttpServer::Request&) {
            return TestHttpServer::Response::json(++calls == 1 ? 500 : 200, "{}");
        });
        const DeliveryResult first = sendAndWait(delivery, request);
        CHECK(first.outcome == Outcome::Retry);
        CHECK(first.statusCode == 500);
        CHECK(first.error == QStringLiteral("HTTP 500 Internal Server Error"));
        CHECK_FALSE(first.endpointHealthy);
        const DeliveryResult second =
            sendAndWait(delivery, webhookTo(server.url(QStringLiteral("/hook")), 2));
        CHECK(second.outcome == Outcome::Delivered);
        CHECK(second.attempt == 2);
        const auto requests = server.requests();
        REQUIRE(requests.size() == 2);
        CHECK(requests[0].header("webhook-id") == requests[1].header("webhook-id"));
    }
    SECTION("400 is permanent, and the server's body never reaches the error")
    {
        server.setHandler([](const TestHttpServer::Request&) {
            auto response = TestHttpServer::Response::json(400, R"({"error":"bad email jane@example.com"})");
            response.reason = "Totally Custom Reason";
            return response;
        });
        const DeliveryResult result = sendAndWait(delivery, request);
        CHECK(result.outcome == Outcome::Failed);
        CHECK(result.statusCode == 400);
        CHECK(result.error == QStringLiteral("HTTP 400 Bad Request"));
        CHECK(result.endpointHealthy);
    }
    SECTION("no answer: Retry after the transfer timeout")
    {
        server.setHandler([](const TestHttpServer::Request&) { return TestHttpServer::Response::hangUp(); });
        delivery.setTransferTimeoutMs(300);
        const DeliveryResult result = sendAndWait(delivery, request);
        CHECK(result.outcome == Outcome::Retry);
        CHECK(result.statusCode == 0);
        CHECK(result.error == QStringLiteral("timed out after 300 ms"));
        CHECK(result.latencyMs >= 250);
        CHECK_FALSE(result.endpointHealthy);
    }
    SECTION("429 with Retry-After")
    {
        server.setHandler([](const TestHttpServer::Request&) {
            auto response = TestHttpServer::Response::json(429, "{}");
            response.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("7")));
            return response;
        });
        const DeliveryResult result = sendAndWait(delivery, request);
        CHECK(result.outcome == Outcome::Retry);
        CHECK(result.statusCode == 429);
        CHECK(result.retryAfterSeconds == 7);
        CHECK(result.error == QStringLiteral("HTTP 429 Too Many Requests"));
    }
    SECTION("410 disables the connection")
    {
        server.setHandler(
            [](const TestHttpServer::Request&) { return TestHttpServer::Response::json(410, "{}"); });
        const DeliveryResult result = sendAndWait(delivery, request);
        CHECK(result.outcome == Outcome::Disabled);
        CHECK(result.error == QStringLiteral("HTTP 410 Gone"));
    }
    SECTION("a redirect is not followed")
    {
        server.setHandler([&server](const TestHttpServer::Request& r) {
            if (r.path == "/elsewhere")
                return TestHttpServer::Response::json(200, "{}");
            TestHttpServer::Response response;
            response.status = 307;
            response.headers.append(
                qMakePair(QByteArray("Location"), server.url(QStringLiteral("/elsewhere")).toEncoded()));
            return response;
        });
        const DeliveryResult result = sendAndWait(delivery, request);
        CHECK(result.outcome == Outcome::Failed);
        CHECK(result.statusCode == 307);
        CHECK(result.error.contains(QStringLiteral("redirects are not followed")));
        CHECK(server.requestCount() == 1);
    }
    SECTION("the server drops the connection without answering")
    {
        server.setHandler(
            [](const TestHttpServer::Request&) { return TestHttpServer::Response::dropConnection(); });
        const DeliveryResult result = sendAndWait(delivery, request);
        CHECK(result.outcome == Outcome::Retry);
        CHECK(result.statusCode == 0);
        CHECK_FALSE(result.error.isEmpty());
        CHECK_FALSE(result.endpointHealthy);
    }
    SECTION("a slow answer within the timeout is delivered")
    {
        server.setHandler([](const TestHttpServer::Request&) {
            auto response = TestHttpServer::Response::json(202, "{}");
            response.delayMs = 100;
            return response;
        });
        const DeliveryResult result = sendAndWait(delivery, request);
        CHECK(result.outcome == Outcome::Delivered);
        CHECK(result.statusCode == 202);
    }
    SECTION("a whole-request deadline ends a slow answer")
    {
        server.setHandler([](const TestHttpServer::Request&) {
            auto response = TestHttpServer::Response::json(200, "{}");
            response.delayMs = 3000;
            return response;
        });
        delivery.setTransferTimeoutMs(5000);
        delivery.setTotalTimeoutMs(300);
        const DeliveryResult result = sendAndWait(delivery, request);
        CHECK(result.outcome == Outcome::Retry);
        CHECK(result.error == QStringLiteral("timed out after 300 ms in total"));
    }
    SECTION("an invalid URL fails without traffic")
    {
        DeliveryRequest bad = request;
        bad.destinationUrl = QStringLiteral("gopher://127.0.0.1/?token=secret-in-url");
        const DeliveryResult result = sendAndWait(delivery, bad);
        CHECK(result.outcome == Outcome::Failed);
        CHECK(result.error.contains(QStringLiteral("http or https")));
        CHECK_FALSE(result.error.contains(QStringLiteral("secret-in-url")));
        CHECK(server.requestCount() == 0);
    }
    CHECK(delivery.inFlight() == 0);
}

TEST_CASE("A refused connection and a failed TLS handshake make a delivery retry", "[delivery]")
{
    HttpDelivery delivery;
    QUrl refused = QUrl(QStringLiteral("http://127.0.0.1/hook"));
    refused.setPort(closedPort());
    const DeliveryResult result = sendAndWait(delivery, webhookTo(refused));
    CHECK(result.outcome == Outcome::Retry);
    CHECK(result.statusCode == 0);
    CHECK(result.error == QStringLiteral("connection refused"));
    CHECK_FALSE(result.endpointHealthy);

    // https to a server that speaks plain HTTP: the handshake fails.
    delivery.setTransferTimeoutMs(5000);
    TestHttpServer server;
    REQUIRE(server.listen());
    QUrl tls = server.url(QStringLiteral("/hook"));
    tls.setScheme(QStringLiteral("https"));
    tls.setQuery(QStringLiteral("token=do-not-echo"));
    const DeliveryResult tlsResult = sendAndWait(delivery, webhookTo(tls));
    CHECK(tlsResult.outcome == Outcome::Retry);
    CHECK(tlsResult.statusCode == 0);
    INFO(tlsResult.error.toStdString());
    CHECK(tlsResult.error.startsWith(QStringLiteral("TLS handshake failed")));
    CHECK_FALSE(tlsResult.error.contains(QStringLiteral("do-not-echo")));
    CHECK_FALSE(tlsResult.endpointHealthy);
}

TEST_CASE("HttpDelivery on the engine's own thread: delivery results come back there, shutdown aborts retry",
          "[delivery]")
{
    TestHttpServer server;
    REQUIRE(server.startInThread());
    server.setHandler([](const TestHttpServer::Request& r) {
        return r.path == "/hang" ? TestHttpServer::Response::hangUp()
                                 : TestHttpServer::Response::json(200, "{}");
    });

    QThread engine;
    engine.setObjectName(QStringLiteral("engine"));
    auto* delivery = new HttpDelivery;
    delivery->moveToThread(&engine);
    QObject::connect(&engine, &QThread::finished, delivery, &QObject::deleteLater);
    engine.start();

    // As the queue engine does: send from the engine's thread; the result arrives there.
    QMutex mutex;
    QList<DeliveryResult> results;
    QList<QThread*> callbackThreads;
    auto sendOnEngine = [&](const QString& path) {
        const DeliveryRequest request = webhookTo(server.url(path));
        QMetaObject::invokeMethod(delivery, [&, delivery, request] {
            delivery->send(request, [&](DeliveryResult result) {
                QMutexLocker lock(&mutex);
                results.append(std::move(result));
                callbackThreads.append(QThread::currentThread());
            });
        });
    };
    auto resultCount = [&] {
        QMutexLocker lock(&mutex);
        return results.size();
    };
    for (int i = 0; i < 5; ++i)
        sendOnEngine(QStringLiteral("/ok"));
    REQUIRE(waitUntil([&] { return resultCount() == 5; }));
    {
        QMutexLocker lock(&mutex);
        for (const DeliveryResult& r : results)
            CHECK(r.outcome == Outcome::Delivered);
        for (QThread* t : callbackThreads)
            CHECK(t == &engine);
    }

    // A send from another thread is queued to the engine's thread too.
    delivery->send(webhookTo(server.url(QStringLiteral("/ok"))), [&](DeliveryResult result) {
        QMutexLocker lock(&mutex);
        results.append(std::move(result));
        callbackThreads.append(QThread::currentThread());
    });
    REQUIRE(waitUntil([&] { return resultCount() == 6; }));
    CHECK(callbackThreads.last() == &engine);

    // Shutdown: two requests that will never be answered come back as Retry.
    sendOnEngine(QStringLiteral("/hang"));
    sendOnEngine(QStringLiteral("/hang"));
    REQUIRE(server.waitForRequests(8));
    REQUIRE(waitUntil([&] { return delivery->inFlight() == 2; }));
    QMetaObject::invokeMethod(
        delivery, [delivery] { delivery->abortAll(); }, Qt::BlockingQueuedConnection);
    CHECK(delivery->inFlight() == 0);
    REQUIRE(resultCount() == 8);
    {
        QMutexLocker lock(&mutex);
        for (int i = 6; i < 8; ++i) {
            CHECK(results[i].outcome == Outcome::Retry);
            CHECK(results[i].error == QStringLiteral("aborted at shutdown"));
        }
    }
    engine.quit();
    engine.wait();
}

TEST_CASE("ConnectionTester walks DNS, TCP and a signed test event to a delivery endpoint", "[delivery]")
{
    TestHttpServer server;
    REQUIRE(server.listen());
    ConnectionTester tester;
    QList<ConnectionTester::StepResult> steps;
    std::optional<std::pair<bool, QString>> finished;
    QObject::connect(&tester, &ConnectionTester::step,
                     [&](const QString& name, bool ok, qint64 ms, const QString& d) {
                         steps.append({name, ok, ms, d});
                     });
    QObject::connect(&tester, &ConnectionTester::finished,
                     [&](bool ok, const QString& summary) { finished = std::make_pair(ok, summary); });

    tester.start(QStringLiteral("webhook"),
                 QJsonObject{{QStringLiteral("url"), server.url(QStringLiteral("/in")).toString()}}, kSecret);
    REQUIRE(waitUntil([&] { return finished.has_value(); }));
    INFO(finished->second.toStdString());
    CHECK(finished->first);
    QStringList names;
    for (const auto& s : steps)
        names << s.name;
    CHECK(names == QStringList{QStringLiteral("Configuration"), QStringLiteral("DNS lookup"),
                               QStringLiteral("TCP connection"), QStringLiteral("Signed test event")});
    for (const auto& s : steps)
        CHECK(s.ok);
    CHECK(steps[1].detail == QStringLiteral("127.0.0.1"));
    CHECK(steps[3].detail == QStringLiteral("HTTP 200 OK"));

    const auto got = server.lastRequest();
    CHECK(got.method == "POST");
    CHECK(QJsonDocument::fromJson(got.body).object().value(QLatin1String("type")).toString() ==
          QStringLiteral("opsdeck.test"));
    CHECK(WebhookSignature::verify(kSecret, QString::fromLatin1(got.header("webhook-id")),
                                   got.header("webhook-timestamp").toLongLong(), got.body,
                                   QString::fromLatin1(got.header("webhook-signature"))));
    CHECK(tester.results().size() == 4);
}

TEST_CASE("ConnectionTester reports a rejected delivery key, a refused port and a TLS mismatch", "[delivery]")
{
    TestHttpServer server;
    REQUIRE(server.listen());
    ConnectionTester tester;
    QStringList messages;
    std::optional<bool> ok;
    QObject::connect(&tester, &ConnectionTester::step,
                     [&](const QString&, bool, qint64, const QString& detail) { messages << detail; });
    QObject::connect(&tester, &ConnectionTester::finished, [&](bool success, const QString& summary) {
        ok = success;
        messages << summary;
    });
    const QString secret = QStringLiteral("re_wrong_key_0000");

    SECTION("email: 401 from GET /domains")
    {
        server.setHandler([](const TestHttpServer::Request&) {
            return TestHttpServer::Response::json(
                401, R"({"name":"validation_error","message":"API key is invalid"})");
        });
        tester.start(QStringLiteral("email"),
                     QJsonObject{{QStringLiteral("base_url"), server.url().toString()}}, secret);
        REQUIRE(waitUntil([&] { return ok.has_value(); }));
        CHECK_FALSE(*ok);
        const auto last = tester.results().last();
        CHECK(last.name == QStringLiteral("Resend API key"));
        CHECK_FALSE(last.ok);
        CHECK(last.detail.contains(QStringLiteral("rejected")));
        CHECK(messages.last().contains(QStringLiteral("rejected")));
        const auto got = server.lastRequest();
        CHECK(got.method == "GET");
        CHECK(got.path == "/domains");
        CHECK(got.header("authorization") == "Bearer " + secret.toUtf8());
    }
    SECTION("sms: 200 from GET the account")
    {
        tester.start(QStringLiteral("sms"),
                     QJsonObject{{QStringLiteral("base_url"), server.url().toString()},
                                 {QStringLiteral("account_sid"), QStringLiteral("AC42")}},
                     secret);
        REQUIRE(waitUntil([&] { return ok.has_value(); }));
        CHECK(*ok);
        const auto got = server.lastRequest();
        CHECK(got.method == "GET");
        CHECK(got.path == "/2010-04-01/Accounts/AC42.json");
        CHECK(got.header("authorization") == "Basic " + QByteArray("AC42:" + secret.toUtf8()).toBase64());
    }
    SECTION("webhook: nothing listens on the port")
    {
        QUrl url(QStringLiteral("http://127.0.0.1/in"));
        url.setPort(closedPort());
        tester.start(QStringLiteral("webhook"), QJsonObject{{QStringLiteral("url"), url.toString()}},
                     kSecret);
        REQUIRE(waitUntil([&] { return ok.has_value(); }));
        CHECK_FALSE(*ok);
        CHECK(tester.results().last().name == QStringLiteral("TCP connection"));
        CHECK(tester.results().last().detail == QStringLiteral("connection refused"));
        CHECK(server.requestCount() == 0);
    }
    SECTION("webhook: https to a plain HTTP port fails the TLS step")
    {
        QUrl url = server.url(QStringLiteral("/in"));
        url.setScheme(QStringLiteral("https"));
        tester.start(QStringLiteral("webhook"), QJsonObject{{QStringLiteral("url"), url.toString()}},
                     kSecret);
        REQUIRE(waitUntil([&] { return ok.has_value(); }));
        CHECK_FALSE(*ok);
        const auto results = tester.results();
        REQUIRE(results.size() == 4);
        CHECK(results[2].name == QStringLiteral("TCP connection"));
        CHECK(results[2].ok);
        CHECK(results[3].name == QStringLiteral("TLS handshake"));
        CHECK_FALSE(results[3].ok);
        CHECK(results[3].detail.startsWith(QStringLiteral("TLS handshake failed")));
    }
    SECTION("a bad configuration stops before the network")
    {
        tester.start(QStringLiteral("sms"),
                     QJsonObject{{QStringLiteral("base_url"), server.url().toString()}}, secret);
        REQUIRE(waitUntil([&] { return ok.has_value(); }));
        CHECK_FALSE(*ok);
        CHECK(tester.results().size() == 1);
        CHECK(tester.results().first().name == QStringLiteral("Configuration"));
        CHECK(tester.results().first().detail.contains(QStringLiteral("account_sid")));
    }
    for (const QString& message : messages)
        CHECK_FALSE(message.contains(secret));
}
