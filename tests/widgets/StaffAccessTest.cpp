// Tools → Staff & access, driven offscreen with real logins: who sees which panel, the permission
// matrix editor against the database's answer, and the audit log viewer with its CSV export.
#include "WidgetTestSupport.h"
#include "common/FileDialog.h"
#include "common/MessageBox.h"
#include "db/Connection.h"
#include "db/PagedRowModel.h"
#include "session/Session.h"
#include "session/Tabs.h"
#include "tools/ToolsTab.h"
#include "tools/access/AuditLogPanel.h"
#include "tools/access/PermissionMatrixPanel.h"
#include "tools/access/StaffAccessView.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {

QStringList sectionTitles(QWidget* toolsTab)
{
    QStringList titles;
    if (auto* view = toolsTab->findChild<widgets::tools::StaffAccessView*>()) {
        for (int i = 0; i < view->sections()->count(); ++i)
            titles << view->sections()->tabText(i);
    }
    return titles;
}

session::TabInfo toolsInfo()
{
    for (const auto& t : session::allTabs()) {
        if (t.tab == session::Tab::Tools)
            return t;
    }
    return {};
}

bool hasPermission(db::Connection& c, const char* code)
{
    QSqlQuery q = c.execRaw(QStringLiteral("SELECT has_permission('%1')").arg(QLatin1String(code)), {});
    q.next();
    return q.value(0).toBool();
}

} // namespace

TEST_CASE("Staff & access shows each role only the panels it may use", "[widgets][access]")
{
    test::TestDatabase db;
    const auto boss = test::openSession(db.createStaff(QStringLiteral("super_admin")));
    const auto analyst = test::openSession(db.createStaff(QStringLiteral("analyst")));
    const auto viewer = test::openSession(db.createStaff(QStringLiteral("viewer")));

    widgets::tools::ToolsTab bossTab(toolsInfo(), *boss.session);
    CHECK(sectionTitles(&bossTab) == QStringList{QStringLiteral("Staff"), QStringLiteral("Permissions"),
                                                 QStringLiteral("Audit log"), QStringLiteral("Sessions")});
    widgets::tools::ToolsTab analystTab(toolsInfo(), *analyst.session);
    CHECK(sectionTitles(&analystTab) == QStringList{QStringLiteral("Audit log")}); // ops.audit.view only
    widgets::tools::ToolsTab viewerTab(toolsInfo(), *viewer.session);
    CHECK(viewerTab.findChild<widgets::tools::StaffAccessView*>() == nullptr);
}

TEST_CASE("The matrix editor changes the database, and a refusal leaves the cell as it was",
          "[widgets][access]")
{
    test::TestDatabase db;
    const auto bossStaff = db.createStaff(QStringLiteral("super_admin"));
    const auto viewerStaff = db.createStaff(QStringLiteral("viewer"));
    const auto boss = test::openSession(bossStaff);
    db::Connection viewerConn(viewerStaff.profile, viewerStaff.password, QStringLiteral("viewer-check"));

    widgets::tools::PermissionMatrixPanel panel(*boss.session);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    REQUIRE(panel.canEdit());
    auto* model = panel.model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK(model->columnCount() == 9);

    // Find the viewer's bookings.view cell.
    int row = -1, column = -1;
    for (int r = 0; r < model->rowCount(); ++r)
        row = model->data(model->index(r, 0)).toString() == QStringLiteral("bookings.view") ? r : row;
    for (int c = 1; c < model->columnCount(); ++c)
        column =
            model->headerData(c, Qt::Horizontal).toString().startsWith(QStringLiteral("Viewer")) ? c : column;
    REQUIRE(row >= 0);
    REQUIRE(column > 0);
    const QModelIndex cell = model->index(row, column);
    CHECK(model->flags(cell).testFlag(Qt::ItemIsUserCheckable));
    CHECK(hasPermission(viewerConn, "bookings.view"));

    QSignalSpy applied(&panel, &widgets::tools::PermissionMatrixPanel::changeApplied);
    model->setData(cell, Qt::Unchecked, Qt::CheckStateRole);
    REQUIRE(test::waitFor([&] { return applied.count() == 1; }));
    CHECK(model->data(cell, Qt::CheckStateRole).toInt() == Qt::Unchecked);
    CHECK_FALSE(hasPermission(viewerConn, "bookings.view"));

    // The database has the last word: take system.admin away behind the editor's back.
    db.exec(QStringLiteral("DELETE FROM role_permissions WHERE permission_id = (SELECT id FROM permissions "
                           "WHERE code = 'system.admin')"));
    widgets::MessageBox::setTestMode(true);
    widgets::MessageBox::clearRecorded();
    QSignalSpy refused(&panel, &widgets::tools::PermissionMatrixPanel::changeRefused);
    model->setData(cell, Qt::Checked, Qt::CheckStateRole);
    REQUIRE(test::waitFor([&] { return refused.count() == 1; }));
    widgets::MessageBox::setTestMode(false);
    CHECK(refused.first().first().toString().contains(QStringLiteral("system.admin")));
    CHECK(widgets::MessageBox::lastRecorded().title == QStringLiteral("Permission not changed"));
    CHECK(model->data(cell, Qt::CheckStateRole).toInt() == Qt::Unchecked);
    CHECK_FALSE(hasPermission(viewerConn, "bookings.view"));
}

TEST_CASE("A role above the editor's level is locked in the editor", "[widgets][access]")
{
    test::TestDatabase db;
    db.exec(QStringLiteral("INSERT INTO role_permissions SELECT r.id, p.id FROM roles r, permissions p "
                           "WHERE r.name = 'manager' AND p.code = 'system.admin'"));
    const auto manager = test::openSession(db.createStaff(QStringLiteral("manager")));
    widgets::tools::PermissionMatrixPanel panel(*manager.session);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    auto* model = panel.model();
    for (int c = 1; c < model->columnCount(); ++c) {
        const QString role = model->headerData(c, Qt::Horizontal).toString();
        const bool editable = model->flags(model->index(0, c)).testFlag(Qt::ItemIsUserCheckable);
        INFO(role.toStdString());
        // Super Admin and Admin are above a manager (level 3).
        CHECK(editable ==
              !(role.startsWith(QStringLiteral("Super Admin")) || role.startsWith(QStringLiteral("Admin"))));
    }
}

TEST_CASE("The audit viewer filters, verifies the chain and exports the whole filtered set",
          "[widgets][access]")
{
    test::TestDatabase db;
    db.exec(QStringLiteral(
        "INSERT INTO audit_log (action, table_name, row_id, pii_accessed, reason) "
        "SELECT 'bulk.test', 'contacts', g::text, g % 4 = 0, 'checked' FROM generate_series(1, 450) g"));
    const auto boss = test::openSession(db.createStaff(QStringLiteral("super_admin")));
    widgets::tools::AuditLogPanel panel(*boss.session);
    panel.resize(1200, 700);
    panel.show();
    REQUIRE(test::waitFor([&] { return panel.isLoaded(); }, 15000));
    CHECK(panel.model()->rowCount() > 0);
    REQUIRE(test::waitFor([&] { return panel.chainText().contains(QStringLiteral("intact")); }));

    panel.findChild<QLineEdit*>(QStringLiteral("auditAction"))->setText(QStringLiteral("bulk.test"));
    panel.findChild<QCheckBox*>(QStringLiteral("auditPiiOnly"))->setChecked(true);
    QSignalSpy loaded(&panel, &widgets::Panel::loaded);
    panel.refresh();
    REQUIRE(test::waitFor([&] { return loaded.count() >= 1; }));
    // Page by page as a view would scroll.
    REQUIRE(test::waitFor([&] {
        if (panel.model()->canFetchMore({}))
            panel.model()->fetchMore({});
        return panel.model()->isComplete();
    }));
    CHECK(panel.model()->rowCount() == 112);
    test::reviewShot(&panel, QStringLiteral("audit-log-filtered"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.csv"));
    widgets::FileDialog::setNextSaveFileName(path);
    QSignalSpy exported(&panel, &widgets::tools::AuditLogPanel::exported);
    panel.exportCsv();
    REQUIRE(test::waitFor([&] { return exported.count() == 1; }));
    CHECK(exported.first().first().toLongLong() == 112);
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    CHECK(f.readAll().count('\n') == 113);

    // Cancelling the file picker exports nothing.
    widgets::FileDialog::setNextSaveFileName(QString());
    panel.exportCsv();
    test::waitFor([] { return false; }, 100);
    CHECK(exported.count() == 1);
}
