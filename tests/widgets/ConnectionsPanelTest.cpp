// Tools → Connections, driven offscreen with real logins: the list with the company's own
// connections, create and edit through the form (broken JSON and secrets in the config refused in
// the form), disable with a reason, the secret into the keychain (a MemorySecretStore) and never
// into the database, "not on this workstation", the no-keychain path, and what a role without
// connections.edit sees — and the database's refusal when the matrix changes behind the panel;
// "Test connection" against a real HTTP server on 127.0.0.1, step by step.
#include "tools/connections/ConnectionsPanel.h"

#include "TestHttpServer.h"
#include "WidgetTestSupport.h"
#include "common/MessageBox.h"
#include "common/PromptDialog.h"
#include "outbound/WebhookSignature.h"
#include "session/Session.h"
#include "session/Tabs.h"
#include "tools/ToolsTab.h"
#include "tools/connections/ConnectionDetailView.h"
#include "tools/connections/ConnectionEditDialog.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableWidget>

using namespace opsdeck;
using widgets::PromptDialog;
using widgets::tools::ConnectionEditDialog;
using widgets::tools::ConnectionsPanel;

namespace {

struct AnswerBoxes
{
    AnswerBoxes()
    {
        widgets::MessageBox::setTestMode(true);
        widgets::MessageBox::clearRecorded();
    }
    ~AnswerBoxes() { widgets::MessageBox::setTestMode(false); }
};

QString literal(const QString& s)
{
    return QLatin1Char('\'') + QString(s).replace(QLatin1Char('\''), QStringLiteral("''")) +
           QLatin1Char('\'');
}

QString cell(const ConnectionsPanel& panel, int row, int column)
{
    const QStandardItem* item = panel.model()->item(row, column);
    return item ? item->text() : QString();
}

bool settled(ConnectionsPanel& panel, int timeoutMs = 15000)
{
    return test::waitFor([&] { return panel.isLoaded() && !panel.isBusy(); }, timeoutMs);
}

session::TabInfo toolsInfo()
{
    for (const auto& t : session::allTabs()) {
        if (t.tab == session::Tab::Tools)
            return t;
    }
    return {};
}

struct Fixture
{
    test::TestDatabase db;
    QString acme;
    QString companyMail;
    QString acmeHook;

    Fixture()
    {
        acme =
            db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Acme', 'acme') RETURNING id"))
                .toString();
        companyMail =
            db.scalar(QStringLiteral("INSERT INTO connections (tenant_id, app_name, app_slug, delivery_type, "
                                     "config) VALUES (NULL, 'Resend', 'resend', 'email', "
                                     "'{\"from\": \"Ops <ops@company.example>\"}') RETURNING id"))
                .toString();
        acmeHook =
            db.scalar(QStringLiteral(
                          "INSERT INTO connections (tenant_id, app_name, app_slug, delivery_type, "
                          "config, last_sync_at, last_sync_status, last_sync_error) VALUES (%1, "
                          "'HubSpot', 'hubspot', 'webhook', '{\"url\": \"https://hooks.acme.example/in\"}', "
                          "now() - interval '3 minutes', 'error', 'HTTP 401 Unauthorized') RETURNING id")
                          .arg(literal(acme)))
                .toString();
    }
};

} // namespace

TEST_CASE(
    "The connections panel lists the company's own and the tenants' connections, creates and edits them",
    "[widgets][connection]")
{
    Fixture f;
    const auto admin = test::openSession(f.db.createStaff(QStringLiteral("admin")));
    test::MemorySecretStore keychain;
    admin.session->setSecretStore(&keychain);
    ConnectionsPanel panel(*admin.session);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.resize(1300, 700);
    panel.show();
    REQUIRE(settled(panel));
    REQUIRE(panel.model()->rowCount() == 2);
    // The company's own first, labelled as such; the tenant's with its failing sync.
    CHECK(cell(panel, 0, ConnectionsPanel::AppColumn) == QStringLiteral("Resend"));
    CHECK(cell(panel, 0, ConnectionsPanel::TenantColumn) == QStringLiteral("Company (own)"));
    CHECK(cell(panel, 1, ConnectionsPanel::TenantColumn) == QStringLiteral("Acme"));
    CHECK(cell(panel, 1, ConnectionsPanel::TypeColumn) == QStringLiteral("Webhook"));
    CHECK(cell(panel, 1, ConnectionsPanel::StateColumn) == QStringLiteral("Enabled"));
    CHECK(cell(panel, 1, ConnectionsPanel::SyncColumn) == QStringLiteral("failed 3 min ago"));
    REQUIRE(panel.selectConnection(f.acmeHook));
    CHECK(panel.detail()->syncText().contains(QStringLiteral("HTTP 401 Unauthorized")));
    CHECK(panel.detail()->configText().contains(QStringLiteral("https://hooks.acme.example/in")));
    CHECK(test::waitFor([&] { return panel.detail()->secretText() == QStringLiteral("None set yet"); }));
    REQUIRE(panel.selectConnection(f.companyMail));
    CHECK(panel.detail()->stateText() == QStringLiteral("Enabled"));

    // Create through the form: broken JSON and a secret in the config are refused in the form.
    QSignalSpy applied(&panel, &ConnectionsPanel::changeApplied);
    QSignalSpy refused(&panel, &ConnectionsPanel::changeRefused);
    QPointer<ConnectionEditDialog> dialog = panel.openCreateDialog();
    REQUIRE(dialog);
    dialog->tenantCombo()->setCurrentIndex(dialog->tenantCombo()->findData(f.acme));
    dialog->nameEdit()->setText(QStringLiteral("Twilio SMS"));
    CHECK(dialog->slugEdit()->text() == QStringLiteral("twilio-sms"));
    dialog->typeCombo()->setCurrentIndex(dialog->typeCombo()->findData(QStringLiteral("sms")));
    CHECK(dialog->configEdit()->toPlainText().contains(
        QStringLiteral("account_sid"))); // the example follows the type
    dialog->configEdit()->setPlainText(
        QStringLiteral("{\"account_sid\": \"AC1\", \"from\": \"+6421555014\""));
    CHECK_FALSE(dialog->submitButton()->isEnabled());
    CHECK(dialog->problemText().startsWith(QStringLiteral("Not valid JSON near line 1")));
    test::reviewShot(dialog, QStringLiteral("connection-edit-broken-json"));
    CHECK_FALSE(dialog->submit());
    dialog->configEdit()->setPlainText(QStringLiteral(
        "{\"account_sid\": \"AC1\", \"from\": \"+6421555014\", \"auth_token\": \"tok_live_1\"}"));
    CHECK(dialog->problemText().contains(QStringLiteral("secrets go to the keychain")));
    CHECK_FALSE(dialog->submit());
    dialog->configEdit()->setPlainText(
        QStringLiteral("{\"account_sid\": \"AC1\", \"from\": \"+6421555014\", \"region\": \"au1\"}"));
    CHECK(dialog->problemText().isEmpty());
    CHECK(dialog->notesText() == QStringLiteral("Not used by the SMS delivery: region"));
    test::reviewShot(dialog, QStringLiteral("connection-edit-note"));
    REQUIRE(dialog->submit());
    REQUIRE(test::waitFor([&] { return applied.count() + refused.count() == 1; }, 15000));
    REQUIRE(applied.count() == 1);
    CHECK(test::waitFor([&] { return dialog.isNull(); }));
    const QString created = applied.first().at(1).toString();
    REQUIRE(test::waitFor(
        [&] { return panel.rowOf(created) >= 0 && panel.selected() && panel.selected()->id == created; }));
    CHECK(f.db.scalar(QStringLiteral("SELECT config->>'region' FROM connections WHERE id = %1")
                          .arg(literal(created)))
              .toString() == QStringLiteral("au1"));
    CHECK(panel.noticeText() == QStringLiteral("Connection created."));

    // Edit: the config of the selected connection; tenant and type stay as they are.
    dialog = panel.openEditDialog();
    REQUIRE(dialog);
    CHECK_FALSE(dialog->tenantCombo()->isEnabled());
    CHECK_FALSE(dialog->typeCombo()->isEnabled());
    dialog->configEdit()->setPlainText(
        QStringLiteral("{\"account_sid\": \"AC1\", \"messaging_service_sid\": \"MG9\"}"));
    REQUIRE(dialog->submit());
    REQUIRE(test::waitFor([&] { return applied.count() == 2; }, 15000));
    REQUIRE(test::waitFor([&] { return panel.detail()->configText().contains(QStringLiteral("MG9")); }));
    CHECK(panel.detail()->configProblemText().isEmpty());

    // Disable with a reason; enable again.
    QPointer<PromptDialog> reason = panel.openDisableDialog();
    REQUIRE(reason);
    reason->valueEdit()->setText(QStringLiteral("ok"));
    CHECK_FALSE(reason->submitButton()->isEnabled()); // three characters at least
    reason->valueEdit()->setText(QStringLiteral("Waiting for the tenant's new account"));
    REQUIRE(reason->submit());
    REQUIRE(test::waitFor([&] { return applied.count() == 3; }, 15000));
    REQUIRE(test::waitFor([&] {
        return cell(panel, panel.rowOf(created), ConnectionsPanel::StateColumn) == QStringLiteral("Disabled");
    }));
    CHECK(panel.detail()->stateText() == QStringLiteral("Disabled: Waiting for the tenant's new account"));
    CHECK(panel.enableButton()->isEnabled());
    panel.enableButton()->click();
    REQUIRE(test::waitFor([&] { return applied.count() == 4; }, 15000));
    REQUIRE(test::waitFor([&] { return panel.detail()->stateText() == QStringLiteral("Enabled"); }));
    CHECK(refused.isEmpty());
    test::reviewShot(&panel, QStringLiteral("connections-panel"));
}

TEST_CASE("A connection's secret goes to the keychain under its entry name and never into the database",
          "[widgets][connection][keychain]")
{
    Fixture f;
    const auto adminStaff = f.db.createStaff(QStringLiteral("admin"));
    const auto admin = test::openSession(adminStaff);
    test::MemorySecretStore keychain;
    admin.session->setSecretStore(&keychain);
    ConnectionsPanel panel(*admin.session);
    panel.show();
    REQUIRE(settled(panel));
    REQUIRE(panel.selectConnection(f.acmeHook));
    CHECK(panel.secretButton()->text() == QStringLiteral("Set secret…"));

    const QString secret = QStringLiteral("whsec_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5");
    QSignalSpy stored(&panel, &ConnectionsPanel::secretStored);
    QPointer<PromptDialog> dialog = panel.openSecretDialog();
    REQUIRE(dialog);
    CHECK(dialog->valueEdit()->echoMode() == QLineEdit::Password);
    test::reviewShot(dialog, QStringLiteral("connection-secret"));
    dialog->valueEdit()->setText(secret);
    dialog->confirmEdit()->setText(secret + QLatin1Char('x'));
    CHECK_FALSE(dialog->submit()); // the two entries differ
    dialog->confirmEdit()->setText(secret);
    REQUIRE(dialog->submit());
    REQUIRE(test::waitFor([&] { return stored.count() == 1; }, 15000));
    CHECK(stored.first().at(1).toBool()); // in the keychain, not for the session only
    CHECK(test::waitFor([&] { return dialog.isNull(); }));

    // The keychain holds it under connection/<id>; the row holds only that name.
    const QString name = QStringLiteral("connection/") + f.acmeHook;
    REQUIRE(keychain.writes.size() == 1);
    CHECK(keychain.writes.first().first == name);
    CHECK(keychain.writes.first().second == secret);
    CHECK(f.db.scalar(QStringLiteral("SELECT secret_key_name FROM connections WHERE id = %1")
                          .arg(literal(f.acmeHook)))
              .toString() == name);
    CHECK(f.db.scalar(QStringLiteral(
                          "SELECT count(*) FROM connections WHERE strpos(row_to_json(connections)::text, "
                          "%1) > 0")
                          .arg(literal(secret)))
              .toInt() == 0);
    CHECK(f.db.scalar(QStringLiteral(
                          "SELECT count(*) FROM audit_log WHERE strpos(coalesce(old_values::text, '') || "
                          "coalesce(new_values::text, '') || coalesce(reason, ''), %1) > 0")
                          .arg(literal(secret)))
              .toInt() == 0);
    CHECK(f.db.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE table_name = 'connections' AND "
                                     "action = 'update' AND new_values ? 'secret_key_name'"))
              .toInt() == 1); // naming the entry is an audited change
    REQUIRE(test::waitFor(
        [&] { return panel.detail()->secretText() == QStringLiteral("In this keychain (test keychain)"); }));
    REQUIRE(test::waitFor([&] { return panel.secretButton()->text() == QStringLiteral("Rotate secret…"); }));

    // Rotation replaces it under the same name.
    dialog = panel.openSecretDialog();
    REQUIRE(dialog);
    CHECK(dialog->windowTitle() == QStringLiteral("Rotate secret"));
    dialog->valueEdit()->setText(QStringLiteral("whsec_rotated"));
    dialog->confirmEdit()->setText(QStringLiteral("whsec_rotated"));
    REQUIRE(dialog->submit());
    REQUIRE(test::waitFor([&] { return stored.count() == 2; }, 15000));
    CHECK(keychain.secrets.value(name) == QStringLiteral("whsec_rotated"));
    CHECK(keychain.writes.last().first == name);

    // Another workstation (an empty keychain) does not hold it, and says so.
    test::MemorySecretStore otherKeychain;
    admin.session->setSecretStore(&otherKeychain);
    panel.checkSecret();
    REQUIRE(test::waitFor(
        [&] { return panel.detail()->secretText().startsWith(QStringLiteral("Not on this workstation")); }));

    // No keychain at all: the secret is kept for this session only, and the panel says so.
    auth::SessionSecretStore sessionOnly(
        std::make_unique<auth::UnavailableSecretStore>(QStringLiteral("No Secret Service on this test bus")));
    admin.session->setSecretStore(&sessionOnly);
    REQUIRE(panel.selectConnection(f.companyMail));
    dialog = panel.openSecretDialog();
    REQUIRE(dialog);
    dialog->valueEdit()->setText(QStringLiteral("re_123456"));
    dialog->confirmEdit()->setText(QStringLiteral("re_123456"));
    REQUIRE(dialog->submit());
    REQUIRE(test::waitFor([&] { return stored.count() == 3; }, 15000));
    CHECK_FALSE(stored.last().at(1).toBool());
    CHECK(panel.noticeText().startsWith(QStringLiteral("No keychain on this workstation")));
    CHECK(sessionOnly.holdsInMemory(QStringLiteral("connection/") + f.companyMail));
    REQUIRE(test::waitFor([&] {
        return panel.detail()->secretText().startsWith(QStringLiteral("Kept for this session only"));
    }));
    CHECK(f.db.scalar(QStringLiteral(
                          "SELECT count(*) FROM connections WHERE strpos(row_to_json(connections)::text, "
                          "'re_123456') > 0"))
              .toInt() == 0);
    admin.session->setSecretStore(nullptr);
}

TEST_CASE("Without connections.edit the connection actions are hidden, and the database refuses them",
          "[widgets][connection][security]")
{
    Fixture f;
    const auto manager = test::openSession(f.db.createStaff(QStringLiteral("manager")));
    const auto analyst = test::openSession(f.db.createStaff(QStringLiteral("analyst")));
    const auto adminStaff = f.db.createStaff(QStringLiteral("admin"));
    const auto admin = test::openSession(adminStaff);

    ConnectionsPanel panel(*manager.session);
    panel.show();
    REQUIRE(settled(panel));
    CHECK(panel.model()->rowCount() == 2);
    for (QPushButton* b : {panel.newButton(), panel.editButton(), panel.disableButton(), panel.enableButton(),
                           panel.secretButton()})
        CHECK_FALSE(b->isVisibleTo(&panel));
    CHECK(panel.openCreateDialog() == nullptr);
    CHECK(panel.openSecretDialog() == nullptr);

    // Tools: a Connections section for the manager, none for the analyst.
    widgets::tools::ToolsTab managerTab(toolsInfo(), *manager.session);
    CHECK(managerTab.findChild<ConnectionsPanel*>() != nullptr);
    widgets::tools::ToolsTab analystTab(toolsInfo(), *analyst.session);
    CHECK(analystTab.findChild<ConnectionsPanel*>() == nullptr);

    // The admin's panel, with connections.edit taken away behind its back: the database refuses.
    ConnectionsPanel adminPanel(*admin.session);
    adminPanel.show();
    REQUIRE(settled(adminPanel));
    f.db.exec(QStringLiteral("DELETE FROM role_permissions WHERE permission_id = (SELECT id FROM permissions "
                             "WHERE code = 'connections.edit')"));
    REQUIRE(adminPanel.selectConnection(f.acmeHook));
    QSignalSpy refused(&adminPanel, &ConnectionsPanel::changeRefused);
    {
        AnswerBoxes answers;
        QPointer<PromptDialog> reason = adminPanel.openDisableDialog();
        REQUIRE(reason);
        reason->valueEdit()->setText(QStringLiteral("Not allowed any more"));
        REQUIRE(reason->submit());
        REQUIRE(test::waitFor([&] { return refused.count() == 1; }, 15000));
        CHECK(widgets::MessageBox::lastRecorded().title == QStringLiteral("Connection not disabled"));
        CHECK(widgets::MessageBox::lastRecorded().text.contains(QStringLiteral("connections.edit")));
        CHECK(reason->problemText().contains(QStringLiteral("connections.edit")));
        reason->reject();
    }
    CHECK(f.db.scalar(
                  QStringLiteral("SELECT is_enabled FROM connections WHERE id = %1").arg(literal(f.acmeHook)))
              .toBool());
}

TEST_CASE("Test connection shows each step with this workstation's secret, and where it breaks",
          "[widgets][connection][delivery]")
{
    Fixture f;
    test::TestHttpServer server;
    REQUIRE(server.listen());
    const QString secret = QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    const QString name = QStringLiteral("connection/") + f.acmeHook;
    f.db.exec(
        QStringLiteral("UPDATE connections SET secret_key_name = %1, config = jsonb_build_object('url', %2) "
                       "WHERE id = %3")
            .arg(literal(name), literal(server.url(QStringLiteral("/in")).toString()), literal(f.acmeHook)));
    const auto admin = test::openSession(f.db.createStaff(QStringLiteral("admin")));
    test::MemorySecretStore keychain;
    keychain.secrets.insert(name, secret);
    admin.session->setSecretStore(&keychain);
    ConnectionsPanel panel(*admin.session);
    panel.resize(1300, 700);
    panel.show();
    REQUIRE(settled(panel));
    REQUIRE(panel.selectConnection(f.acmeHook));
    CHECK(panel.testButton()->isVisibleTo(&panel));
    REQUIRE(panel.testButton()->isEnabled());

    QSignalSpy finished(&panel, &ConnectionsPanel::testFinished);
    panel.testButton()->click();
    REQUIRE(test::waitFor([&] { return finished.count() == 1; }, 20000));
    INFO(finished.first().at(2).toString().toStdString());
    CHECK(finished.first().at(1).toBool());
    QTableWidget* steps = panel.detail()->testSteps();
    REQUIRE(steps->rowCount() == 4);
    QStringList names;
    for (int r = 0; r < steps->rowCount(); ++r) {
        names << steps->item(r, 0)->text();
        CHECK(steps->item(r, 1)->text() == QStringLiteral("✓ ok"));
        CHECK(steps->item(r, 2)->text().endsWith(QStringLiteral(" ms")));
    }
    CHECK(names == QStringList{QStringLiteral("Configuration"), QStringLiteral("DNS lookup"),
                               QStringLiteral("TCP connection"), QStringLiteral("Signed test event")});
    CHECK(steps->item(3, 3)->text() == QStringLiteral("HTTP 200 OK"));
    CHECK(panel.detail()->testSummaryText().startsWith(QStringLiteral("Connection works")));
    // Signed with the secret from this workstation's keychain.
    REQUIRE(server.requestCount() == 1);
    const auto request = server.lastRequest();
    CHECK(outbound::WebhookSignature::verify(secret, QString::fromLatin1(request.header("webhook-id")),
                                             request.header("webhook-timestamp").toLongLong(), request.body,
                                             QString::fromLatin1(request.header("webhook-signature"))));
    CHECK(keychain.reads.contains(name));
    CHECK(panel.testButton()->isEnabled());
    test::reviewShot(&panel, QStringLiteral("connections-test-ok"));

    // The endpoint is gone: the failing step says so, and the summary is the failure.
    server.setHandler([](const test::TestHttpServer::Request&) {
        return test::TestHttpServer::Response::json(410, R"({"error":"gone"})");
    });
    panel.testButton()->click();
    REQUIRE(test::waitFor([&] { return finished.count() == 2; }, 20000));
    CHECK_FALSE(finished.last().at(1).toBool());
    REQUIRE(steps->rowCount() == 4);
    CHECK(steps->item(3, 1)->text() == QStringLiteral("✗ failed"));
    CHECK(steps->item(3, 3)->text().contains(QStringLiteral("410")));
    CHECK(panel.detail()->testSummaryText().contains(QStringLiteral("failed")));
    // Nothing of the secret in what is shown.
    for (int r = 0; r < steps->rowCount(); ++r)
        CHECK_FALSE(steps->item(r, 3)->text().contains(secret));
    test::reviewShot(&panel, QStringLiteral("connections-test-failed"));
}
