#include "PermissionMatrixPanel.h"

#include "common/MessageBox.h"
#include "common/StatusColors.h"
#include "db/Connection.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck::widgets::tools {

PermissionMatrixPanel::PermissionMatrixPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("permissions"), tr("Permission matrix"), parent)
{
    setFollowsTenantScope(false);
    watchTables({QStringLiteral("role_permissions"), QStringLiteral("permissions"), QStringLiteral("roles")});

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    m_hint = new QLabel(content);
    m_hint->setObjectName(QStringLiteral("matrixHint"));
    m_hint->setWordWrap(true);
    m_hint->setText(canEdit()
                        ? tr("Tick a cell to grant, untick to revoke. Changes apply at once, for everyone "
                             "holding that role, and are audited. Roles above your own level are locked.")
                        : tr("Read-only: only holders of system.admin change the matrix."));
    applyTone(m_hint, Tone::Neutral);
    layout->addWidget(m_hint);

    m_model = new access::PermissionMatrixModel(this);
    m_view = new QTableView(content);
    m_view->setObjectName(QStringLiteral("matrixTable"));
    m_view->setModel(m_model);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_view->horizontalHeader()->setMinimumSectionSize(80);
    layout->addWidget(m_view, 1);
    connect(m_model, &access::PermissionMatrixModel::toggleRequested, this,
            &PermissionMatrixPanel::applyToggle);

    setContentWidget(content);
}

bool PermissionMatrixPanel::canEdit() const
{
    return session().staff().has(QStringLiteral("system.admin"));
}

void PermissionMatrixPanel::fetch()
{
    load(session().pool().run([](db::Connection& c) { return access::loadPermissionMatrix(c); }),
         [this](const access::PermissionMatrix& m) {
             m_model->setMatrix(m, canEdit(), session().staff().roleLevel);
             m_view->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
         });
}

void PermissionMatrixPanel::applyToggle(int roleId, int permissionId, bool grant)
{
    session()
        .pool()
        .run([roleId, permissionId, grant](db::Connection& c) {
            access::setPermissionGrant(c, roleId, permissionId, grant);
            return true;
        })
        .then(this, [this, roleId, permissionId, grant](const db::DbResult<bool>& r) {
            if (r.ok()) {
                m_model->setGranted(roleId, permissionId, grant);
                Q_EMIT changeApplied(roleId, permissionId, grant);
                return;
            }
            const QString message = r.error().isPermission()
                                        ? tr("The database refused the change: %1").arg(r.error().message)
                                        : r.error().text();
            Q_EMIT changeRefused(message);
            MessageBox::warning(this, tr("Permission not changed"), message);
        });
}

} // namespace opsdeck::widgets::tools
