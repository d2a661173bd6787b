// The delivery layer's pure logic: Standard Webhooks signatures, retry schedule, classification,
// the three adapters' requests and the per-destination guard. No network, no database.
// DeliveryHttpTest.cpp sends the same requests to a real HTTP server.
#include "outbound/Adapters.h"
#include "outbound/DestinationGuard.h"
#include "outbound/RetryPolicy.h"
#include "outbound/WebhookSignature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QTimeZone>
#include <catch2/catch.hpp>
#include <cmath>

using namespace opsdeck::outbound;

namespace {

const QString kRefSecret = QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
const QString kRefId = QStringLiteral("msg_p5jXN8AQM9LWM0D4loKWxJek");
constexpr qint64 kRefTimestamp = 1614265330;
const QByteArray kRefBody = R"({"test": 2432232314})";
const QString kRefSignature = QStringLiteral("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

DeliveryRequest webhookRequest()
{
    DeliveryRequest r;
    r.itemId = QStringLiteral("6f1c1f8e-3a59-4c55-9d77-4b7c1e1a0001");
    r.idempotencyKey = QStringLiteral("msg_2b7d0c6e");
    r.deliveryType = QStringLiteral("webhook");
    r.destinationUrl = QStringLiteral("https://hooks.example.com/in?token=abc");
    r.payload = R"({"event":"quote.accepted","amount": 120.50})";
    r.secret = kRefSecret;
    return r;
}

DeliveryRequest emailRequest()
{
    DeliveryRequest r;
    r.itemId = QStringLiteral("item-email");
    r.idempotencyKey = QStringLiteral("idem-email-1");
    r.deliveryType = QStringLiteral("email");
    r.destinationEmail = QStringLiteral("jane@example.com");
    r.payload = R"({"subject":"Your quote","html":"<p>Hi</p>","text":"Hi",
                    "attachments":[{"filename":"q.pdf","content":"JVBERi0xLjQ="}]})";
    r.connectionConfig = QJsonObject{{QStringLiteral("from"), QStringLiteral("Ops <ops@example.com>")}};
    r.secret = QStringLiteral("re_test_key_123");
    return r;
}

DeliveryRequest smsRequest()
{
    DeliveryRequest r;
    r.itemId = QStringLiteral("item-sms");
    r.idempotencyKey = QStringLiteral("idem-sms-1");
    r.deliveryType = QStringLiteral("sms");
    r.destinationPhone = QStringLiteral("+15551234567");
    r.payload = R"({"body":"Your code is 1234 & more"})";
    r.connectionConfig = QJsonObject{{QStringLiteral("account_sid"), QStringLiteral("AC0123456789abcdef")},
                                     {QStringLiteral("from"), QStringLiteral("+15550001111")}};
    r.secret = QStringLiteral("twilio-token-xyz");
    return r;
}

} // namespace

TEST_CASE("Webhook delivery signature reproduces the Standard Webhooks reference vector", "[delivery]")
{
    const auto signature = WebhookSignature::sign(kRefSecret, kRefId, kRefTimestamp, kRefBody);
    REQUIRE(signature.ok());
    CHECK(signature.header == kRefSignature);
    CHECK(WebhookSignature::verify(kRefSecret, kRefId, kRefTimestamp, kRefBody, kRefSignature));
    CHECK_FALSE(WebhookSignature::verify(kRefSecret, kRefId, kRefTimestamp + 1, kRefBody, kRefSignature));
    CHECK_FALSE(WebhookSignature::verify(kRefSecret, kRefId, kRefTimestamp, kRefBody + " ", kRefSignature));
}

TEST_CASE("Webhook delivery signature with rotated secrets gives one signature per secret", "[delivery]")
{
    const QString fresh = WebhookSignature::generateSecret();
    REQUIRE(fresh.startsWith(QLatin1String("whsec_")));
    REQUIRE(WebhookSignature::decodeSecret(fresh).has_value());
    REQUIRE(WebhookSignature::decodeSecret(fresh)->size() == 32);

    const auto both =
        WebhookSignature::sign(kRefSecret + QStringLiteral("  ") + fresh, kRefId, kRefTimestamp, kRefBody);
    REQUIRE(both.ok());
    const QStringList parts = both.header.split(QLatin1Char(' '));
    REQUIRE(parts.size() == 2);
    CHECK(parts[0] == kRefSignature);
    CHECK(parts[1] == WebhookSignature::sign(fresh, kRefId, kRefTimestamp, kRefBody).header);
    // A receiver that knows only the old or only the new key accepts the header.
    CHECK(WebhookSignature::verify(kRefSecret, kRefId, kRefTimestamp, kRefBody, both.header));
    CHECK(WebhookSignature::verify(fresh, kRefId, kRefTimestamp, kRefBody, both.header));
    CHECK_FALSE(WebhookSignature::verify(WebhookSignature::generateSecret(), kRefId, kRefTimestamp, kRefBody,
                                         both.header));
}

TEST_CASE("Webhook delivery signature refuses malformed secrets without repeating them", "[delivery]")
{
    const QString body = QStringLiteral("x");
    struct Case
    {
        QString secret;
        QString expected;
    };
    const QList<Case> cases{
        {QStringLiteral("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), QStringLiteral("does not start with")},
        {QStringLiteral("whsec_"), QStringLiteral("no key")},
        {QStringLiteral("whsec_not*base64!!"), QStringLiteral("not valid base64")},
        {QStringLiteral("whsec_c2hvcnQ="), QStringLiteral("shorter than 16 bytes")},
        {QStringLiteral("   "), QStringLiteral("no webhook secret")},
    };
    for (const Case& c : cases) {
        INFO(c.expected.toStdString());
        const auto signature = WebhookSignature::sign(c.secret, kRefId, kRefTimestamp, body.toUtf8());
        CHECK_FALSE(signature.ok());
        CHECK(signature.header.isEmpty());
        CHECK(signature.error.contains(c.expected));
        if (c.secret.size() > 6)
            CHECK_FALSE(signature.error.contains(c.secret.mid(6)));
    }
    // One bad secret among good ones: which one, not what it is.
    const auto mixed =
        WebhookSignature::sign(kRefSecret + QStringLiteral(" whsec_%%%"), kRefId, kRefTimestamp, kRefBody);
    CHECK_FALSE(mixed.ok());
    CHECK(mixed.error.contains(QStringLiteral("secret 2 of 2")));
    CHECK_FALSE(mixed.error.contains(QStringLiteral("MfKQ")));
}

TEST_CASE("The delivery retry policy: 2^attempt x 30 s with 20 % jitter, capped, honouring Retry-After",
          "[delivery]")
{
    const RetryPolicy policy;
    QRandomGenerator random(20240607);
    for (int attempt = 1; attempt <= 5; ++attempt) {
        const qint64 base = (qint64(1) << attempt) * 30; // 60, 120, 240, 480, 960
        CHECK(policy.baseDelaySeconds(attempt) == base);
        for (int i = 0; i < 200; ++i) {
            const qint64 delay = policy.delaySeconds(attempt, std::nullopt, &random);
            INFO("attempt " << attempt << " delay " << delay);
            REQUIRE(delay >= qint64(std::floor(base * 0.8)));
            REQUIRE(delay <= qint64(std::ceil(base * 1.2)));
        }
    }
    // The jitter really spreads: not every delay of attempt 3 is the same.
    QSet<qint64> seen;
    for (int i = 0; i < 50; ++i)
        seen.insert(policy.delaySeconds(3, std::nullopt, &random));
    CHECK(seen.size() > 10);

    // A seeded generator gives the same schedule twice.
    QRandomGenerator a(7), b(7);
    for (int attempt = 1; attempt <= 8; ++attempt)
        CHECK(policy.delaySeconds(attempt, std::nullopt, &a) ==
              policy.delaySeconds(attempt, std::nullopt, &b));

    // Capped at 3600 s (attempt 7 would be 3840 s), also for absurd attempt numbers.
    CHECK(policy.baseDelaySeconds(7) == 3600);
    CHECK(policy.baseDelaySeconds(1000) == 3600);
    for (int i = 0; i < 100; ++i) {
        const qint64 delay = policy.delaySeconds(7 + i, std::nullopt, &random);
        REQUIRE(delay <= 3600);
        REQUIRE(delay >= 2880);
    }
    RetryPolicy::Options tight;
    tight.capSeconds = 100;
    tight.jitter = 0;
    CHECK(RetryPolicy(tight).delaySeconds(5) == 100);

    // Retry-After: the larger of it and the backoff, capped at a day.
    RetryPolicy::Options exact;
    exact.jitter = 0;
    const RetryPolicy noJitter(exact);
    CHECK(noJitter.delaySeconds(1, 7) == 60);      // backoff is longer
    CHECK(noJitter.delaySeconds(1, 5000) == 5000); // the server asks for longer
    CHECK(noJitter.delaySeconds(1, 10'000'000) == 86400);
    CHECK(noJitter.delaySeconds(2, std::nullopt) == 120);
}

TEST_CASE("Retry-After of a delivery answer, in delta-seconds and as an HTTP-date", "[delivery]")
{
    const QDateTime now = QDateTime(QDate(1994, 11, 6), QTime(8, 48, 7), QTimeZone::utc());
    CHECK(parseRetryAfter("7", now) == 7);
    CHECK(parseRetryAfter(" 120 ", now) == 120);
    CHECK(parseRetryAfter("0", now) == 0);
    CHECK(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now) == 90);  // IMF-fixdate
    CHECK(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now) == 90); // RFC 850
    CHECK(parseRetryAfter("Sun Nov  6 08:49:37 1994", now) == 90);       // asctime
    CHECK(parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now) == 0);   // already past
    CHECK_FALSE(parseRetryAfter("", now).has_value());
    CHECK_FALSE(parseRetryAfter("-5", now).has_value());
    CHECK_FALSE(parseRetryAfter("soon", now).has_value());
    CHECK(parseRetryAfter("99999999999999999999", now) == std::numeric_limits<int>::max());
}

TEST_CASE("HTTP status and network error classification of a delivery", "[delivery]")
{
    const QList<QPair<int, Outcome>> table{
        {200, Outcome::Delivered}, {201, Outcome::Delivered}, {202, Outcome::Delivered},
        {204, Outcome::Delivered}, {301, Outcome::Failed},    {302, Outcome::Failed},
        {307, Outcome::Failed},    {400, Outcome::Failed},    {401, Outcome::Failed},
        {403, Outcome::Failed},    {404, Outcome::Failed},    {408, Outcome::Retry},
        {409, Outcome::Failed},    {410, Outcome::Disabled},  {413, Outcome::Failed},
        {422, Outcome::Failed},    {429, Outcome::Retry},     {500, Outcome::Retry},
        {502, Outcome::Retry},     {503, Outcome::Retry},     {504, Outcome::Retry},
        {599, Outcome::Retry},     {100, Outcome::Failed},    {0, Outcome::Failed},
    };
    for (const auto& [status, outcome] : table) {
        INFO("HTTP " << status);
        CHECK(classify(status) == outcome);
    }
    CHECK(statusIndicatesUnhealthy(503));
    CHECK(statusIndicatesUnhealthy(408));
    CHECK_FALSE(statusIndicatesUnhealthy(429));
    CHECK_FALSE(statusIndicatesUnhealthy(404));

    for (auto error : {QNetworkReply::ConnectionRefusedError, QNetworkReply::RemoteHostClosedError,
                       QNetworkReply::HostNotFoundError, QNetworkReply::TimeoutError,
                       QNetworkReply::SslHandshakeFailedError, QNetworkReply::TemporaryNetworkFailureError,
                       QNetworkReply::ProxyConnectionRefusedError, QNetworkReply::ProtocolFailure,
                       QNetworkReply::UnknownNetworkError}) {
        INFO("network error " << int(error));
        CHECK(classifyNetworkError(error) == Outcome::Retry);
    }
    CHECK(classifyNetworkError(QNetworkReply::ProtocolUnknownError) == Outcome::Failed);
    CHECK(describeHttpStatus(503) == QStringLiteral("HTTP 503 Service Unavailable"));
    CHECK(describeHttpStatus(302).contains(QStringLiteral("redirects are not followed")));
    CHECK(describeNetworkError(QNetworkReply::ConnectionRefusedError) ==
          QStringLiteral("connection refused"));
}

TEST_CASE("Webhook delivery adapter: URL, headers, signature and validation", "[delivery]")
{
    DeliveryRequest r = webhookRequest();
    const PreparedRequest p = buildWebhookRequest(r, kRefTimestamp);
    REQUIRE(p.ok());
    CHECK(p.method == "POST");
    CHECK(p.request.url() == QUrl(QStringLiteral("https://hooks.example.com/in?token=abc")));
    CHECK(p.host == QStringLiteral("hooks.example.com:443"));
    CHECK(p.body == r.payload); // verbatim, not re-serialised
    CHECK(p.request.rawHeader("content-type") == "application/json");
    CHECK(p.request.rawHeader("webhook-id") == "msg_2b7d0c6e");
    CHECK(p.request.rawHeader("webhook-timestamp") == QByteArray::number(kRefTimestamp));
    CHECK(p.request.rawHeader("user-agent").startsWith("Opsdeck/"));
    CHECK(WebhookSignature::verify(r.secret, r.idempotencyKey, kRefTimestamp, r.payload,
                                   QString::fromLatin1(p.request.rawHeader("webhook-signature"))));
    CHECK(p.request.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt() ==
          int(QNetworkRequest::ManualRedirectPolicy));

    SECTION("no secret: unsigned")
    {
        r.secret.clear();
        const PreparedRequest unsigned_ = buildWebhookRequest(r, kRefTimestamp);
        REQUIRE(unsigned_.ok());
        CHECK_FALSE(unsigned_.request.hasRawHeader("webhook-signature"));
    }
    SECTION("URL from the connection when the row has none")
    {
        r.destinationUrl.clear();
        r.connectionConfig =
            QJsonObject{{QStringLiteral("url"), QStringLiteral("http://10.0.0.5:8080/hook")}};
        const PreparedRequest fromConfig = buildWebhookRequest(r, kRefTimestamp);
        REQUIRE(fromConfig.ok());
        CHECK(fromConfig.host == QStringLiteral("10.0.0.5:8080"));
    }
    SECTION("invalid destinations fail before any traffic, without echoing the URL")
    {
        for (const QString& url :
             {QStringLiteral(""), QStringLiteral("ftp://files.example.com/x?token=abc"),
              QStringLiteral("not a url?token=abc"), QStringLiteral("https:///nohost?token=abc"),
              QStringLiteral("https://user:pw@example.com/?token=abc")}) {
            r.destinationUrl = url;
            const PreparedRequest bad = buildWebhookRequest(r, kRefTimestamp);
            INFO(url.toStdString() << " -> " << bad.error.toStdString());
            CHECK_FALSE(bad.ok());
            CHECK_FALSE(bad.error.contains(QStringLiteral("token")));
        }
    }
    SECTION("a malformed secret fails the item")
    {
        r.secret = QStringLiteral("whsec_???");
        const PreparedRequest bad = buildWebhookRequest(r, kRefTimestamp);
        CHECK_FALSE(bad.ok());
        CHECK(bad.error.contains(QStringLiteral("base64")));
    }
}

TEST_CASE("Email delivery adapter (Resend): request body and validation", "[delivery]")
{
    DeliveryRequest r = emailRequest();
    const PreparedRequest p = buildRequest(r, 0);
    REQUIRE(p.ok());
    CHECK(p.request.url() == QUrl(QStringLiteral("https://api.resend.com/emails")));
    CHECK(p.request.rawHeader("Authorization") == "Bearer re_test_key_123");
    CHECK(p.request.rawHeader("Idempotency-Key") == "idem-email-1");
    const QJsonObject body = QJsonDocument::fromJson(p.body).object();
    CHECK(body.value(QLatin1String("from")).toString() == QStringLiteral("Ops <ops@example.com>"));
    CHECK(body.value(QLatin1String("to")).toArray() == QJsonArray{QStringLiteral("jane@example.com")});
    CHECK(body.value(QLatin1String("subject")).toString() == QStringLiteral("Your quote"));
    CHECK(body.value(QLatin1String("text")).toString() == QStringLiteral("Hi"));
    CHECK(body.value(QLatin1String("attachments")).toArray().size() == 1);

    struct Case
    {
        std::function<void(DeliveryRequest&)> change;
        QString expected;
    };
    const QList<Case> cases{
        {[](DeliveryRequest& d) { d.payload = R"({"html":"<p>x</p>"})"; }, QStringLiteral("\"subject\"")},
        {[](DeliveryRequest& d) { d.payload = R"({"subject":"s"})"; }, QStringLiteral("\"html\"")},
        {[](DeliveryRequest& d) { d.connectionConfig = {}; }, QStringLiteral("no sender")},
        {[](DeliveryRequest& d) { d.secret.clear(); }, QStringLiteral("API key")},
        {[](DeliveryRequest& d) { d.destinationEmail.clear(); }, QStringLiteral("recipient")},
        {[](DeliveryRequest& d) { d.payload = "[1,2]"; }, QStringLiteral("not a JSON object")},
        {[](DeliveryRequest& d) {
             d.payload = R"({"subject":"s","html":"h","attachments":[{"filename":"a"}]})";
         },
         QStringLiteral("attachment 1")},
        {[](DeliveryRequest& d) {
             d.connectionConfig[QStringLiteral("base_url")] = QStringLiteral("file:///etc");
         },
         QStringLiteral("http or https")},
    };
    for (const Case& c : cases) {
        DeliveryRequest changed = emailRequest();
        c.change(changed);
        const PreparedRequest bad = buildRequest(changed, 0);
        INFO(c.expected.toStdString() << " -> " << bad.error.toStdString());
        CHECK_FALSE(bad.ok());
        CHECK(bad.error.contains(c.expected));
        CHECK_FALSE(bad.error.contains(QStringLiteral("jane")));
        CHECK_FALSE(bad.error.contains(QStringLiteral("re_test")));
    }
    // "from" may come from the payload when the connection has none.
    r.connectionConfig = QJsonObject{{QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:9/v1/")}};
    r.payload = R"({"from":"a@example.com","subject":"s","html":"h"})";
    const PreparedRequest fromPayload = buildRequest(r, 0);
    REQUIRE(fromPayload.ok());
    CHECK(fromPayload.request.url().path() == QStringLiteral("/v1/emails"));
    CHECK(QJsonDocument::fromJson(fromPayload.body).object().value(QLatin1String("from")).toString() ==
          QStringLiteral("a@example.com"));
}

TEST_CASE("SMS delivery adapter (Twilio): form body, basic auth and validation", "[delivery]")
{
    DeliveryRequest r = smsRequest();
    const PreparedRequest p = buildRequest(r, 0);
    REQUIRE(p.ok());
    CHECK(
        p.request.url() ==
        QUrl(QStringLiteral("https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef/Messages.json")));
    CHECK(p.request.rawHeader("Authorization") ==
          "Basic " + QByteArray("AC0123456789abcdef:twilio-token-xyz").toBase64());
    CHECK(p.request.rawHeader("Content-Type") == "application/x-www-form-urlencoded");
    // '+' and '&' are percent-encoded, so the number and the text arrive intact.
    CHECK(p.body == "To=%2B15551234567&From=%2B15550001111&Body=Your%20code%20is%201234%20%26%20more");

    r.connectionConfig.remove(QStringLiteral("from"));
    r.connectionConfig[QStringLiteral("messaging_service_sid")] = QStringLiteral("MG99");
    CHECK(buildRequest(r, 0).body.contains("MessagingServiceSid=MG99"));

    struct Case
    {
        std::function<void(DeliveryRequest&)> change;
        QString expected;
    };
    const QList<Case> cases{
        {[](DeliveryRequest& d) { d.connectionConfig.remove(QStringLiteral("account_sid")); },
         QStringLiteral("account_sid")},
        {[](DeliveryRequest& d) {
             d.connectionConfig[QStringLiteral("account_sid")] = QStringLiteral("AC1/../x");
         },
         QStringLiteral("letters and digits")},
        {[](DeliveryRequest& d) { d.connectionConfig.remove(QStringLiteral("from")); },
         QStringLiteral("no sender")},
        {[](DeliveryRequest& d) { d.payload = R"({"text":"wrong key"})"; }, QStringLiteral("\"body\"")},
        {[](DeliveryRequest& d) { d.destinationPhone = QStringLiteral("555-1234"); },
         QStringLiteral("E.164")},
        {[](DeliveryRequest& d) { d.secret.clear(); }, QStringLiteral("auth token")},
    };
    for (const Case& c : cases) {
        DeliveryRequest changed = smsRequest();
        c.change(changed);
        const PreparedRequest bad = buildRequest(changed, 0);
        INFO(c.expected.toStdString() << " -> " << bad.error.toStdString());
        CHECK_FALSE(bad.ok());
        CHECK(bad.error.contains(c.expected));
        CHECK_FALSE(bad.error.contains(QStringLiteral("555")));
    }
    r.deliveryType = QStringLiteral("fax");
    CHECK(buildRequest(r, 0).error == QStringLiteral("unknown delivery type"));
}

TEST_CASE("DestinationGuard limits concurrent delivery sends per host", "[delivery]")
{
    DestinationGuard::Options options;
    options.maxConcurrentPerHost = 2;
    DestinationGuard guard(options);
    const QString a = QStringLiteral("a.example:443"), b = QStringLiteral("b.example:443");
    CHECK(guard.tryAcquire(a));
    CHECK(guard.tryAcquire(a));
    CHECK_FALSE(guard.tryAcquire(a));
    CHECK(guard.tryAcquire(b)); // another host is not affected
    CHECK(guard.inFlight(a) == 2);
    guard.release(a);
    CHECK(guard.tryAcquire(a));
    guard.release(a);
    guard.release(a);
    guard.release(b);
    guard.release(b); // one too many is harmless
    CHECK(guard.inFlight(a) == 0);
    CHECK(guard.trackedHosts() == 0); // idle hosts are forgotten
}

TEST_CASE("DestinationGuard delivery breaker opens, half-opens for one probe and closes", "[delivery]")
{
    QDateTime now(QDate(2024, 1, 1), QTime(12, 0), QTimeZone::utc());
    DestinationGuard::Options options;
    options.failureThreshold = 3;
    options.cooldownSeconds = 60;
    DestinationGuard guard(options, [&now] { return now; });
    const QString host = QStringLiteral("down.example:443");

    // Failures below the threshold, or broken by a success, keep it closed.
    guard.recordResult(host, false);
    guard.recordResult(host, false);
    guard.recordResult(host, true);
    CHECK(guard.consecutiveFailures(host) == 0);
    guard.recordResult(host, false);
    guard.recordResult(host, false);
    CHECK(guard.state(host) == DestinationGuard::State::Closed);
    CHECK_FALSE(guard.blockedUntil(host).has_value());

    guard.recordResult(host, false); // third in a row
    CHECK(guard.state(host) == DestinationGuard::State::Open);
    REQUIRE(guard.blockedUntil(host).has_value());
    CHECK(*guard.blockedUntil(host) == now.addSecs(60));
    CHECK_FALSE(guard.tryAcquire(host));

    now = now.addSecs(59);
    CHECK_FALSE(guard.tryAcquire(host));
    now = now.addSecs(1);
    CHECK_FALSE(guard.blockedUntil(host).has_value());
    CHECK(guard.state(host) == DestinationGuard::State::HalfOpen);
    CHECK(guard.tryAcquire(host));       // the probe
    CHECK_FALSE(guard.tryAcquire(host)); // only one

    SECTION("a failed probe opens it again for another cooldown")
    {
        guard.recordResult(host, false);
        guard.release(host);
        CHECK(guard.state(host) == DestinationGuard::State::Open);
        CHECK(*guard.blockedUntil(host) == now.addSecs(60));
        now = now.addSecs(60);
        CHECK(guard.tryAcquire(host));
        guard.recordResult(host, true);
        guard.release(host);
        CHECK(guard.state(host) == DestinationGuard::State::Closed);
    }
    SECTION("a successful probe closes it")
    {
        guard.recordResult(host, true);
        guard.release(host);
        CHECK(guard.state(host) == DestinationGuard::State::Closed);
        CHECK(guard.tryAcquire(host));
        CHECK(guard.tryAcquire(host));
        guard.release(host);
        guard.release(host);
        CHECK(guard.trackedHosts() == 0);
    }
    SECTION("a probe released without a result lets another probe go")
    {
        guard.release(host);
        CHECK(guard.state(host) == DestinationGuard::State::HalfOpen);
        CHECK(guard.tryAcquire(host));
        guard.release(host);
    }
}
