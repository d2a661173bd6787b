// Tools → Connections' repository: the configuration checks per delivery type (with clear errors
// for broken JSON and secrets in the wrong place), and the connections table on a real database —
// tenant scope with the company's own connections, create / edit / disable / enable under row-level
// security, and the keychain entry name (never the secret) stored on first use.
#include "connections/ConnectionRepository.h"

#include "TestDatabase.h"
#include "db/Connection.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <catch2/catch.hpp>

// Readable QStrings in Catch's failure messages.
namespace Catch {
template <> struct StringMaker<QString>
{
    static std::string convert(const QString& s) { return '"' + s.toStdString() + '"'; }
};
} // namespace Catch

using namespace opsdeck;
using connections::checkConfig;
using connections::ConnectionDraft;
using connections::ConnectionRepository;

namespace {

QString literal(const QString& s)
{
    return QLatin1Char('\'') + QString(s).replace(QLatin1Char('\''), QStringLiteral("''")) +
           QLatin1Char('\'');
}

QString errorsOf(const QString& type, const QString& json)
{
    return checkConfig(type, json).errors.join(QLatin1Char('|'));
}

} // namespace

TEST_CASE("A connection config is checked per delivery type, with clear errors", "[connection][config]")
{
    // Valid configurations, the editor's examples among them.
    for (const QString& type : ConnectionRepository::deliveryTypes()) {
        INFO(type.toStdString());
        const auto example = checkConfig(type, connections::exampleConfig(type));
        CHECK(example.ok());
        CHECK(example.notes.isEmpty());
        CHECK_FALSE(example.config.isEmpty());
    }
    CHECK(checkConfig(QStringLiteral("webhook"), QStringLiteral(R"({"url": "http://127.0.0.1:8080/in"})"))
              .ok());
    CHECK(checkConfig(QStringLiteral("email"), QStringLiteral(R"({"from": "ops@example.com"})")).ok());
    CHECK(checkConfig(QStringLiteral("sms"),
                      QStringLiteral(R"({"account_sid": "AC123", "messaging_service_sid": "MG456"})"))
              .ok());
    CHECK(checkConfig(QStringLiteral("sms"), QStringLiteral(R"({"account_sid": "AC123", "from": "Opsdeck"})"))
              .ok());

    // Broken JSON says where.
    const auto broken = checkConfig(QStringLiteral("webhook"),
                                    QStringLiteral("{\n  \"url\": \"https://a.example\"\n  \"x\": 1\n}"));
    REQUIRE(broken.errors.size() == 1);
    CHECK(broken.errors.first() == QStringLiteral("Not valid JSON near line 3, column 4: a comma between two "
                                                  "entries, or the closing }, is missing"));
    CHECK(errorsOf(QStringLiteral("webhook"), QStringLiteral("{\"url\": 'https://a.example'}")) ==
          QStringLiteral(
              "Not valid JSON near line 1, column 9: unexpected text (keys and texts need double quotes, "
              "numbers none)"));
    CHECK(errorsOf(QStringLiteral("webhook"), QStringLiteral(""))
              .startsWith(QStringLiteral("The configuration is empty")));
    CHECK(errorsOf(QStringLiteral("webhook"), QStringLiteral("[1, 2]")) ==
          QStringLiteral("The configuration must be a JSON object ({ … }), not a list ([ … ])"));
    CHECK(errorsOf(QStringLiteral("webhook"), QStringLiteral("\"x\""))
              .startsWith(QStringLiteral("Not valid JSON")));

    // Per type: what is missing, what is wrong.
    CHECK(errorsOf(QStringLiteral("webhook"), QStringLiteral("{}"))
              .startsWith(QStringLiteral("\"url\" is missing")));
    CHECK(errorsOf(QStringLiteral("webhook"), QStringLiteral(R"({"url": "ftp://files.example/in"})")) ==
          QStringLiteral("\"url\" must start with http:// or https://"));
    CHECK(errorsOf(QStringLiteral("webhook"), QStringLiteral(R"({"url": "hooks.example/in"})")) ==
          QStringLiteral("\"url\" is not an absolute URL (https://host/path)"));
    CHECK(errorsOf(QStringLiteral("webhook"), QStringLiteral(R"({"url": "https://me:pw@hooks.example/in"})"))
              .contains(QStringLiteral("put credentials in the secret")));
    CHECK(errorsOf(QStringLiteral("webhook"), QStringLiteral(R"({"url": 42})")) ==
          QStringLiteral("\"url\" must be a string"));
    CHECK(errorsOf(QStringLiteral("email"), QStringLiteral("{}"))
              .startsWith(QStringLiteral("\"from\" is missing")));
    CHECK(errorsOf(QStringLiteral("email"), QStringLiteral(R"({"from": "bookings"})"))
              .contains(QStringLiteral("not an e-mail address")));
    CHECK(errorsOf(QStringLiteral("email"),
                   QStringLiteral(R"({"from": "a@b.example", "base_url": "mailto:x"})")) ==
          QStringLiteral("\"base_url\" must start with http:// or https://"));
    CHECK(errorsOf(QStringLiteral("sms"), QStringLiteral(R"({"from": "+6421555014"})")) ==
          QStringLiteral("\"account_sid\" is missing: the provider account (AC…)"));
    CHECK(errorsOf(QStringLiteral("sms"), QStringLiteral(R"({"account_sid": "AC1"})")) ==
          QStringLiteral("Give \"from\" (the sending number) or \"messaging_service_sid\""));
    CHECK(errorsOf(QStringLiteral("sms"),
                   QStringLiteral(R"({"account_sid": "AC1/../x", "from": "021 555"})")) ==
          QStringLiteral("\"account_sid\" must be letters and digits only|\"from\" must be a number in "
                         "international form (+6421555014) or a sender name of up to 11 letters and digits"));
    CHECK(errorsOf(QStringLiteral("fax"), QStringLiteral("{}"))
              .startsWith(QStringLiteral("Unknown delivery type")));

    // A secret in the configuration is refused; other extra keys are kept with a note.
    for (const char* key : {"api_key", "auth_token", "password", "signing_secret", "apiKey", "token"}) {
        INFO(key);
        const auto c =
            checkConfig(QStringLiteral("webhook"),
                        QStringLiteral(R"({"url": "https://a.example", "%1": "x"})").arg(QLatin1String(key)));
        REQUIRE_FALSE(c.ok());
        CHECK(c.errors.first().contains(QStringLiteral("secrets go to the keychain")));
    }
    const auto extra =
        checkConfig(QStringLiteral("webhook"),
                    QStringLiteral(R"({"url": "https://a.example", "events": ["a"], "timeout_seconds": 5})"));
    CHECK(extra.ok());
    CHECK(extra.notes ==
          QStringList{QStringLiteral("Not used by the webhook delivery: events, timeout_seconds")});

    // Names and slugs.
    CHECK(ConnectionRepository::slugFor(QStringLiteral("  HubSpot CRM!  ")) == QStringLiteral("hubspot-crm"));
    CHECK(ConnectionRepository::draftProblem({{},
                                              QString(),
                                              QStringLiteral("x"),
                                              QStringLiteral("webhook"),
                                              connections::exampleConfig(QStringLiteral("webhook"))},
                                             true)
              .startsWith(QStringLiteral("Name the app")));
    CHECK(ConnectionRepository::draftProblem({{},
                                              QStringLiteral("X"),
                                              QStringLiteral("Bad Slug"),
                                              QStringLiteral("webhook"),
                                              connections::exampleConfig(QStringLiteral("webhook"))},
                                             true)
              .startsWith(QStringLiteral("The slug is")));
    CHECK(ConnectionRepository::draftProblem({{},
                                              QStringLiteral("X"),
                                              QStringLiteral("x"),
                                              QStringLiteral("webhook"),
                                              connections::exampleConfig(QStringLiteral("webhook"))},
                                             true)
              .isEmpty());
}

TEST_CASE("The connection repository lists per tenant with the company's own, and creates, edits, disables "
          "under RLS",
          "[connection][security]")
{
    test::TestDatabase db;
    const QString acme =
        db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Acme', 'acme') RETURNING id"))
            .toString();
    const QString bolt =
        db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Bolt', 'bolt') RETURNING id"))
            .toString();
    const auto adminStaff = db.createStaff(QStringLiteral("admin"));
    const auto managerStaff = db.createStaff(QStringLiteral("manager"));
    const auto analystStaff = db.createStaff(QStringLiteral("analyst"));
    db::Connection admin(adminStaff.profile, adminStaff.password, QStringLiteral("conn-admin"));
    ConnectionRepository repo(admin);

    const QString webhook = connections::exampleConfig(QStringLiteral("webhook"));
    const QString acmeHook = repo.create(
        {acme, QStringLiteral("HubSpot"), QStringLiteral("hubspot"), QStringLiteral("webhook"), webhook});
    const QString boltSms =
        repo.create({bolt, QStringLiteral("Twilio"), QStringLiteral("twilio"), QStringLiteral("sms"),
                     connections::exampleConfig(QStringLiteral("sms"))});
    const QString companyMail = repo.create({{},
                                             QStringLiteral("Resend"),
                                             QStringLiteral("resend"),
                                             QStringLiteral("email"),
                                             connections::exampleConfig(QStringLiteral("email"))});
    REQUIRE_FALSE(acmeHook.isEmpty());

    // All: the company's own first, then by tenant. One tenant: its own and the company's.
    const auto all = repo.list();
    REQUIRE(all.size() == 3);
    CHECK(all.at(0).id == companyMail);
    CHECK(all.at(0).isCompanys());
    CHECK(all.at(1).tenantName == QStringLiteral("Acme"));
    CHECK(all.at(2).tenantName == QStringLiteral("Bolt"));
    CHECK(all.at(1).createdBy == adminStaff.login);
    CHECK(all.at(1).config.value(QStringLiteral("url")).toString() ==
          QStringLiteral("https://hooks.example.com/opsdeck"));
    CHECK(all.at(1).enabled);
    CHECK(all.at(1).secretKeyName.isEmpty());
    const auto scoped = repo.list(acme);
    REQUIRE(scoped.size() == 2);
    CHECK(scoped.at(0).id == companyMail);
    CHECK(scoped.at(1).id == acmeHook);

    // A second connection with the same slug for the same tenant, said plainly.
    try {
        repo.create({acme, QStringLiteral("HubSpot 2"), QStringLiteral("hubspot"), QStringLiteral("webhook"),
                     webhook});
        FAIL("a duplicate slug was accepted");
    } catch (const db::DbError& e) {
        CHECK(e.sqlState == QStringLiteral("23505"));
        CHECK(e.message.contains(QStringLiteral("exists already")));
    }
    // Invalid input never reaches the server.
    try {
        repo.create({acme, QStringLiteral("Zap"), QStringLiteral("zap"), QStringLiteral("webhook"),
                     QStringLiteral(R"({"url": "https://z.example", "api_key": "sk_live_123"})")});
        FAIL("a secret in the config was accepted");
    } catch (const db::DbError& e) {
        CHECK(e.kind == db::DbError::Kind::Constraint);
        CHECK(e.sqlState.isEmpty());
        CHECK(e.message.contains(QStringLiteral("secrets go to the keychain")));
    }
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM connections")).toInt() == 3);

    // Edit: name, slug and config; the type stays.
    repo.update(acmeHook,
                {acme, QStringLiteral("HubSpot CRM"), QStringLiteral("hubspot-crm"),
                 QStringLiteral("webhook"), QStringLiteral(R"({"url": "https://hooks.acme.example/new"})")});
    auto edited = repo.find(acmeHook);
    REQUIRE(edited.has_value());
    CHECK(edited->appName == QStringLiteral("HubSpot CRM"));
    CHECK(edited->appSlug == QStringLiteral("hubspot-crm"));
    CHECK(edited->config.value(QStringLiteral("url")).toString() ==
          QStringLiteral("https://hooks.acme.example/new"));
    CHECK_THROWS_AS(
        repo.update(acmeHook, {acme, QStringLiteral("X"), QStringLiteral("x"), QStringLiteral("email"),
                               connections::exampleConfig(QStringLiteral("email"))}),
        db::DbError);
    CHECK(repo.find(acmeHook)->deliveryType == QStringLiteral("webhook"));

    // Disable needs a reason; enable clears it.
    CHECK_THROWS_AS(repo.setEnabled(acmeHook, false, QStringLiteral(" ")), db::DbError);
    repo.setEnabled(acmeHook, false, QStringLiteral("Tenant rotated their key"));
    edited = repo.find(acmeHook);
    CHECK_FALSE(edited->enabled);
    CHECK(edited->disabledReason == QStringLiteral("Tenant rotated their key"));
    repo.setEnabled(acmeHook, true);
    edited = repo.find(acmeHook);
    CHECK(edited->enabled);
    CHECK(edited->disabledReason.isEmpty());
    // Every change is in the audit log under the admin's login.
    CHECK(db.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE table_name = 'connections' AND "
                                   "staff_login = %1")
                        .arg(literal(adminStaff.login)))
              .toInt() == 6);

    // The keychain entry's name: set once, from the id; an existing name is kept.
    const QString name = repo.ensureSecretKeyName(acmeHook);
    CHECK(name == QStringLiteral("connection/") + acmeHook);
    CHECK(name == ConnectionRepository::secretKeyNameFor(acmeHook));
    CHECK(repo.ensureSecretKeyName(acmeHook) == name);
    CHECK(repo.find(acmeHook)->secretKeyName == name);
    db.exec(QStringLiteral(
                "UPDATE connections SET secret_key_name = 'opsdeck/connection/bolt/twilio' WHERE id = %1")
                .arg(literal(boltSms)));
    CHECK(repo.ensureSecretKeyName(boltSms) == QStringLiteral("opsdeck/connection/bolt/twilio"));
    CHECK_THROWS_AS(repo.ensureSecretKeyName(QStringLiteral("00000000-0000-0000-0000-000000000000")),
                    db::DbError);

    // A manager reads them; PostgreSQL refuses their changes.
    {
        db::Connection c(managerStaff.profile, managerStaff.password, QStringLiteral("conn-manager"));
        ConnectionRepository m(c);
        CHECK(m.list().size() == 3);
        for (int action = 0; action < 3; ++action) {
            INFO("action " << action);
            try {
                if (action == 0)
                    m.create({acme, QStringLiteral("Zapier"), QStringLiteral("zapier"),
                              QStringLiteral("webhook"), webhook});
                else if (action == 1)
                    m.setEnabled(acmeHook, false, QStringLiteral("Not mine to decide"));
                else
                    m.ensureSecretKeyName(companyMail);
                FAIL("a manager changed a connection");
            } catch (const db::DbError& e) {
                CHECK(e.isPermission());
                CHECK(e.message.contains(QStringLiteral("connections.edit")));
            }
        }
        CHECK(repo.find(acmeHook)->enabled);
        CHECK(repo.find(companyMail)->secretKeyName.isEmpty());
    }
    // An analyst does not even read them.
    {
        db::Connection c(analystStaff.profile, analystStaff.password, QStringLiteral("conn-analyst"));
        try {
            ConnectionRepository(c).list();
            FAIL("an analyst read the connections");
        } catch (const db::DbError& e) {
            CHECK(e.isPermission());
            CHECK(e.message.contains(QStringLiteral("connections.view")));
        }
    }
}
