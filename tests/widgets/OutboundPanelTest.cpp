// Operations → Outbound, driven offscreen with real logins: the paged, masked queue with its
// filters and the window's tenant scope, the attempt history and scrubbed payload, live updates
// that keep the selection, bulk retry and cancel answered through the MessageBox hook, the
// database's refusals (42501, 22023) said plainly, and no actions for roles without outbound.manage.
#include "operations/outbound/OutboundPanel.h"

#include "WidgetTestSupport.h"
#include "common/MessageBox.h"
#include "common/PromptDialog.h"
#include "db/Connection.h"
#include "operations/OperationsTab.h"
#include "operations/outbound/OutboundDetailView.h"
#include "operations/outbound/OutboundTableModel.h"
#include "session/Session.h"
#include "session/Tabs.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>

using namespace opsdeck;
using widgets::operations::OutboundDetailView;
using widgets::operations::OutboundPanel;
using widgets::operations::OutboundTableModel;

namespace {

// Every message box answered with its default (Yes for a question, Ok for a warning) while alive.
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

QString cell(const OutboundPanel& panel, int row, int column)
{
    return panel.model()->data(panel.model()->index(row, column)).toString();
}

// Waits until the panel is idle with its model settled (a round may follow a live event).
bool settled(OutboundPanel& panel, int timeoutMs = 15000)
{
    return test::waitFor([&] { return panel.isLoaded() && !panel.isBusy() && !panel.model()->isLoading(); },
                         timeoutMs);
}

bool selectFilter(QComboBox* combo, const QString& value)
{
    const int i = combo->findData(value);
    if (i < 0)
        return false;
    combo->setCurrentIndex(i);
    return true;
}

session::TabInfo operationsInfo()
{
    for (const auto& t : session::allTabs()) {
        if (t.tab == session::Tab::Operations)
            return t;
    }
    return {};
}

// Four items of one tenant, newest last: pending (waiting for a retry), failed, delivered, pending.
QStringList seedItems(test::TestDatabase& db, const QString& tenant)
{
    QStringList ids;
    const QStringList statuses = {QStringLiteral("pending"), QStringLiteral("failed"),
                                  QStringLiteral("delivered"), QStringLiteral("pending")};
    for (int i = 0; i < statuses.size(); ++i) {
        const QString s = statuses.at(i);
        ids << db.scalar(
                     QStringLiteral(
                         "INSERT INTO outbound_queue (tenant_id, delivery_type, destination_phone, payload, "
                         "status, "
                         "attempt_count, max_attempts, last_attempted_at, next_attempt_at, delivered_at, "
                         "last_status_code, error, idempotency_key, created_at) VALUES (%1, 'sms', "
                         "'+6421555014%2', "
                         "'{\"body\": \"Hi Pat, call +64 21 555 0142\"}', %3, %4, 3, now() - interval '1 "
                         "minute', "
                         "now() + interval '4 minutes', %5, %6, %7, 'item-%2', now() - interval '%8 "
                         "minutes') "
                         "RETURNING id")
                         .arg(literal(tenant))
                         .arg(i)
                         .arg(literal(s))
                         .arg(s == QLatin1String("failed") ? 3 : 1)
                         .arg(s == QLatin1String("delivered") ? QStringLiteral("now()")
                                                              : QStringLiteral("NULL"),
                              s == QLatin1String("delivered") ? QStringLiteral("200") : QStringLiteral("503"),
                              s == QLatin1String("delivered") ? QStringLiteral("NULL")
                                                              : QStringLiteral("'HTTP 503 from +6421555014'"))
                         .arg(10 - i))
                   .toString();
        db.exec(QStringLiteral(
                    "INSERT INTO outbound_attempts (item_id, attempt, engine_id, started_at, finished_at, "
                    "status_code, latency_ms, outcome, error) VALUES (%1, 1, 'engine-a', now() - interval "
                    "'1 minute', now() - interval '1 minute', 503, 412, 'retry', 'HTTP 503')")
                    .arg(literal(ids.constLast())));
    }
    return ids;
}

} // namespace

TEST_CASE("The outbound panel pages the masked queue, filters it and follows the tenant scope",
          "[widgets][outbound]")
{
    test::TestDatabase db;
    db.seedDemo(1);
    const auto manager = test::openSession(db.createStaff(QStringLiteral("manager")));
    OutboundPanel panel(*manager.session);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.resize(1400, 800);
    panel.show();
    REQUIRE(settled(panel));
    REQUIRE(panel.state() == widgets::Panel::State::Content);
    CHECK(panel.model()->rowCount() >= 200); // a page at least
    CHECK(panel.model()->columnCount() == OutboundTableModel::ColumnCount);
    CHECK(panel.model()->headerData(OutboundTableModel::NextRetryColumn, Qt::Horizontal).toString() ==
          QStringLiteral("Next retry"));
    CHECK(panel.statusText().contains(QStringLiteral("items")));
    CHECK(panel.retryButton()->isVisibleTo(&panel));
    CHECK(panel.cancelButton()->isVisibleTo(&panel));
    CHECK_FALSE(panel.retryButton()->isEnabled()); // nothing selected

    // Masked destinations: no raw address or number of the queue is on screen.
    QSet<QString> raw;
    QSqlQuery q =
        db.admin().execRaw(QStringLiteral("SELECT coalesce(destination_email, destination_phone) FROM "
                                          "outbound_queue WHERE delivery_type <> 'webhook'"),
                           {});
    while (q.next())
        raw.insert(q.value(0).toString());
    int shownRaw = 0, masked = 0;
    for (int r = 0; r < panel.model()->rowCount(); ++r) {
        const QString destination = cell(panel, r, OutboundTableModel::DestinationColumn);
        shownRaw += raw.contains(destination) ? 1 : 0;
        masked += destination.contains(QStringLiteral("****")) || destination.contains(QStringLiteral("***@"))
                      ? 1
                      : 0;
        const QString attempts = cell(panel, r, OutboundTableModel::AttemptsColumn);
        REQUIRE(attempts.contains(QStringLiteral(" / ")));
    }
    CHECK(shownRaw == 0);
    CHECK(masked > 20);

    // Status filter: every row failed, as many as the database has.
    REQUIRE(selectFilter(panel.statusCombo(), QStringLiteral("failed")));
    REQUIRE(settled(panel));
    REQUIRE(test::waitFor([&] {
        if (panel.model()->canFetchMore({}))
            panel.model()->fetchMore({});
        return panel.model()->isComplete() && !panel.model()->isLoading();
    }));
    CHECK(panel.model()->rowCount() ==
          db.scalar(QStringLiteral("SELECT count(*) FROM outbound_queue WHERE status = 'failed'")).toInt());
    for (int r = 0; r < panel.model()->rowCount(); ++r)
        REQUIRE(cell(panel, r, OutboundTableModel::StatusColumn) == QStringLiteral("Failed"));
    CHECK(cell(panel, 0, OutboundTableModel::NextRetryColumn) == QStringLiteral("—"));

    // Type filter on top of it.
    REQUIRE(selectFilter(panel.typeCombo(), QStringLiteral("sms")));
    REQUIRE(settled(panel));
    for (int r = 0; r < panel.model()->rowCount(); ++r)
        REQUIRE(cell(panel, r, OutboundTableModel::TypeColumn) == QStringLiteral("SMS"));

    // The window's tenant scope moves the panel's tenant filter along.
    REQUIRE(selectFilter(panel.statusCombo(), QString()));
    REQUIRE(selectFilter(panel.typeCombo(), QString()));
    const QString tenant =
        db.scalar(QStringLiteral("SELECT tenant_id FROM outbound_queue GROUP BY 1 ORDER BY "
                                 "count(*) DESC LIMIT 1"))
            .toString();
    const QString tenantName =
        db.scalar(QStringLiteral("SELECT name FROM tenants WHERE id = %1").arg(literal(tenant))).toString();
    manager.session->setTenantScope(tenant);
    REQUIRE(test::waitFor([&] { return panel.filter().tenantId == tenant; }));
    REQUIRE(settled(panel));
    CHECK(panel.tenantCombo()->currentText() == tenantName);
    REQUIRE(panel.model()->rowCount() > 0);
    for (int r = 0; r < panel.model()->rowCount(); ++r)
        REQUIRE(cell(panel, r, OutboundTableModel::TenantColumn) == tenantName);
    // The company's own items: none in the demo, and the panel says so without hiding the filters.
    REQUIRE(selectFilter(panel.tenantCombo(), outbound::kCompanyScope));
    REQUIRE(settled(panel));
    CHECK(panel.model()->rowCount() == 0);
    CHECK(panel.emptyHintText() == QStringLiteral("No outbound items match these filters."));
    CHECK(panel.state() == widgets::Panel::State::Content);
    manager.session->setTenantScope(QString());
    REQUIRE(test::waitFor([&] { return panel.filter().tenantId.isEmpty(); }));
    REQUIRE(settled(panel));

    // The detail of a failed item: its attempts, newest first, and the scrubbed payload.
    REQUIRE(selectFilter(panel.statusCombo(), QStringLiteral("failed")));
    REQUIRE(settled(panel));
    const QString id =
        panel.model()->data(panel.model()->index(0, 0), OutboundTableModel::ItemIdRole).toString();
    REQUIRE(panel.selectItems({id}) == 1);
    REQUIRE(test::waitFor([&] { return panel.detail()->shownItemId() == id; }));
    QAbstractItemModelTester attemptsTester(panel.detail()->attemptsModel(),
                                            QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK(panel.detail()->attemptsModel()->rowCount() ==
          db.scalar(
                QStringLiteral("SELECT count(*) FROM outbound_attempts WHERE item_id = %1").arg(literal(id)))
              .toInt());
    CHECK(panel.detail()->summaryText().contains(QStringLiteral("Failed")));
    CHECK_FALSE(panel.detail()->payloadText().isEmpty());
    const QString rawPayload =
        db.scalar(QStringLiteral("SELECT payload::text FROM outbound_queue WHERE id = %1").arg(literal(id)))
            .toString();
    const QString contact =
        db.scalar(QStringLiteral("SELECT c.full_name FROM outbound_queue q JOIN contacts c ON "
                                 "c.id = q.contact_id WHERE q.id = %1")
                      .arg(literal(id)))
            .toString();
    if (!contact.isEmpty() && contact.contains(QLatin1Char(' ')) && rawPayload.contains(contact))
        CHECK_FALSE(panel.detail()->payloadText().contains(contact));
    test::reviewShot(&panel, QStringLiteral("outbound-panel"));
}

TEST_CASE("Bulk retry and cancel of outbound items, answered through the MessageBox hook, and refusals said",
          "[widgets][outbound]")
{
    test::TestDatabase db;
    const QString tenant =
        db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Acme', 'acme') RETURNING id"))
            .toString();
    const QStringList ids = seedItems(db, tenant); // pending, failed, delivered, pending
    const auto managerStaff = db.createStaff(QStringLiteral("manager"));
    const auto manager = test::openSession(managerStaff);
    REQUIRE(test::waitFor([&] { return manager.session->events().isListening(); }, 15000));
    OutboundPanel panel(*manager.session);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.resize(1400, 800);
    panel.show();
    REQUIRE(settled(panel));
    REQUIRE(panel.model()->rowCount() == 4);
    auto statusOf = [&db](const QString& id) {
        return db.scalar(QStringLiteral("SELECT status FROM outbound_queue WHERE id = %1").arg(literal(id)))
            .toString();
    };
    // Newest first; the masked number, "in 4 min", "1 / 3".
    const int pendingRow = panel.model()->rowOf(ids.at(0));
    REQUIRE(pendingRow == 3);
    CHECK(cell(panel, pendingRow, OutboundTableModel::DestinationColumn) == QStringLiteral("+64****0140"));
    CHECK(cell(panel, pendingRow, OutboundTableModel::NextRetryColumn).startsWith(QStringLiteral("in ")));
    CHECK(cell(panel, pendingRow, OutboundTableModel::AttemptsColumn) == QStringLiteral("1 / 3"));
    CHECK(cell(panel, pendingRow, OutboundTableModel::StatusCodeColumn) == QStringLiteral("503"));
    CHECK(cell(panel, pendingRow, OutboundTableModel::ErrorColumn) ==
          QStringLiteral("HTTP 503 from [phone]"));
    CHECK(panel.model()
              ->data(panel.model()->index(pendingRow, OutboundTableModel::AttemptsColumn),
                     Qt::TextAlignmentRole)
              .toInt() == int(Qt::AlignRight | Qt::AlignVCenter));

    QSignalSpy applied(&panel, &OutboundPanel::actionApplied);
    QSignalSpy refused(&panel, &OutboundPanel::actionRefused);
    QSignalSpy resets(panel.model(), &QAbstractItemModel::modelReset);

    // Retry three: the pending and the failed one change; the delivered one is left alone.
    REQUIRE(panel.selectItems({ids.at(0), ids.at(1), ids.at(2)}) == 3);
    CHECK(panel.retryButton()->isEnabled());
    {
        AnswerBoxes answers;
        panel.retryButton()->click();
        REQUIRE(test::waitFor([&] { return applied.count() + refused.count() == 1; }, 15000));
        REQUIRE(widgets::MessageBox::recorded().size() == 1);
        CHECK(widgets::MessageBox::recorded().first().icon == QMessageBox::Question);
        CHECK(widgets::MessageBox::recorded().first().text.startsWith(
            QStringLiteral("Send 2 items again now?")));
    }
    REQUIRE(applied.count() == 1);
    CHECK(applied.first().at(0).toString() == QStringLiteral("retry"));
    CHECK(applied.first().at(1).toInt() == 2);
    CHECK(statusOf(ids.at(1)) == QStringLiteral("pending"));
    CHECK(statusOf(ids.at(2)) == QStringLiteral("delivered"));
    CHECK(panel.noticeText() == QStringLiteral("Retried 2 items."));
    // Live: the change arrives through the event bus and is applied in place; the selection stays.
    REQUIRE(test::waitFor(
        [&] {
            return cell(panel, panel.model()->rowOf(ids.at(1)), OutboundTableModel::StatusColumn) ==
                   QStringLiteral("Pending");
        },
        15000));
    CHECK(resets.count() == 0);
    CHECK(panel.selectedItems().size() == 3);

    // Cancel asks for a reason; one the database rejects (22023) is said, and nothing changes.
    REQUIRE(panel.selectItems({ids.at(0), ids.at(1)}) == 2);
    {
        AnswerBoxes answers;
        QPointer<widgets::PromptDialog> dialog = panel.openCancelDialog();
        REQUIRE(dialog);
        CHECK_FALSE(dialog->submitButton()->isEnabled());
        dialog->valueEdit()->setText(QStringLiteral("no"));
        REQUIRE(dialog->submit());
        REQUIRE(test::waitFor([&] { return refused.count() == 1; }, 15000));
        CHECK(refused.first().at(1).toString().contains(QStringLiteral("at least 3 characters")));
        CHECK(widgets::MessageBox::lastRecorded().icon == QMessageBox::Warning);
        CHECK(widgets::MessageBox::lastRecorded().title == QStringLiteral("Items not cancelled"));
        CHECK(dialog->problemText() ==
              QStringLiteral("Say why the items are cancelled (at least 3 characters)"));
        test::reviewShot(dialog, QStringLiteral("outbound-cancel-refused"));
        CHECK(statusOf(ids.at(0)) == QStringLiteral("pending"));
        // A proper reason: both are cancelled and the dialog closes.
        dialog->valueEdit()->setText(QStringLiteral("Customer asked us to stop"));
        REQUIRE(dialog->submit());
        REQUIRE(test::waitFor([&] { return applied.count() == 2; }, 15000));
        CHECK(test::waitFor([&] { return dialog.isNull(); }));
    }
    CHECK(applied.last().at(0).toString() == QStringLiteral("cancel"));
    CHECK(applied.last().at(1).toInt() == 2);
    CHECK(statusOf(ids.at(0)) == QStringLiteral("cancelled"));
    CHECK(statusOf(ids.at(1)) == QStringLiteral("cancelled"));
    REQUIRE(test::waitFor(
        [&] {
            return cell(panel, panel.model()->rowOf(ids.at(0)), OutboundTableModel::StatusColumn) ==
                   QStringLiteral("Cancelled");
        },
        15000));
    CHECK_FALSE(panel.cancelButton()->isEnabled()); // nothing cancellable selected any more

    // The database has the last word: outbound.manage taken away behind the panel's back.
    db.exec(QStringLiteral("DELETE FROM role_permissions WHERE permission_id = (SELECT id FROM permissions "
                           "WHERE code = 'outbound.manage')"));
    REQUIRE(panel.selectItems({ids.at(3)}) == 1);
    REQUIRE(panel.retryButton()->isEnabled());
    {
        AnswerBoxes answers;
        panel.retryButton()->click();
        REQUIRE(test::waitFor([&] { return refused.count() == 2; }, 15000));
        CHECK(widgets::MessageBox::lastRecorded().icon == QMessageBox::Warning);
        CHECK(widgets::MessageBox::lastRecorded().title == QStringLiteral("Items not retried"));
        CHECK(widgets::MessageBox::lastRecorded().text.contains(QStringLiteral("outbound.manage")));
        CHECK(widgets::MessageBox::lastRecorded().text.contains(QStringLiteral("Not permitted")));
    }
    CHECK(statusOf(ids.at(3)) == QStringLiteral("pending"));

    // A new item queued elsewhere appears at the top without a reset.
    db.exec(
        QStringLiteral("INSERT INTO outbound_queue (tenant_id, delivery_type, destination_email, payload, "
                       "idempotency_key) VALUES (%1, 'email', 'new.person@example.com', '{}', 'late')")
            .arg(literal(tenant)));
    REQUIRE(test::waitFor([&] { return panel.model()->rowCount() == 5; }, 15000));
    CHECK(cell(panel, 0, OutboundTableModel::DestinationColumn) == QStringLiteral("n***@example.com"));
    CHECK(resets.count() == 0);
    test::reviewShot(&panel, QStringLiteral("outbound-actions"));
}

TEST_CASE(
    "Roles without outbound.manage see no outbound actions, and without outbound.view no outbound panel",
    "[widgets][outbound]")
{
    test::TestDatabase db;
    const QString tenant =
        db.scalar(QStringLiteral("INSERT INTO tenants (name, slug) VALUES ('Acme', 'acme') RETURNING id"))
            .toString();
    const QStringList ids = seedItems(db, tenant);
    const auto analyst = test::openSession(db.createStaff(QStringLiteral("analyst")));
    const auto viewer = test::openSession(db.createStaff(QStringLiteral("viewer")));

    OutboundPanel panel(*analyst.session);
    panel.show();
    REQUIRE(settled(panel));
    CHECK(panel.model()->rowCount() == 4);
    CHECK_FALSE(panel.retryButton()->isVisibleTo(&panel));
    CHECK_FALSE(panel.cancelButton()->isVisibleTo(&panel));
    REQUIRE(panel.selectItems({ids.at(0)}) == 1);
    CHECK(panel.openCancelDialog() == nullptr);
    {
        AnswerBoxes answers;
        panel.retrySelected();
        CHECK(widgets::MessageBox::recorded().isEmpty());
    }
    CHECK(db.scalar(QStringLiteral("SELECT status FROM outbound_queue WHERE id = %1").arg(literal(ids.at(0))))
              .toString() == QStringLiteral("pending"));

    // The Operations tab: an Outbound section for the analyst, none for the viewer.
    widgets::operations::OperationsTab analystTab(operationsInfo(), *analyst.session);
    CHECK(analystTab.findChild<OutboundPanel*>() != nullptr);
    widgets::operations::OperationsTab viewerTab(operationsInfo(), *viewer.session);
    CHECK(viewerTab.findChild<OutboundPanel*>() == nullptr);
}
