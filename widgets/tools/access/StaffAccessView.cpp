#include "StaffAccessView.h"

#include "AuditLogPanel.h"
#include "PermissionMatrixPanel.h"
#include "SessionsPanel.h"
#include "StaffPanel.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace opsdeck::widgets::tools {
namespace {

bool mayViewMatrix(const auth::StaffIdentity& s)
{
    return s.hasAny({QStringLiteral("ops.staff.view"), QStringLiteral("system.admin")});
}

// The staff list and everyone's sessions (without it, the database shows one's own row only).
bool mayViewStaff(const auth::StaffIdentity& s)
{
    return s.has(QStringLiteral("ops.staff.view"));
}

bool mayViewAudit(const auth::StaffIdentity& s)
{
    return s.has(QStringLiteral("ops.audit.view"));
}

} // namespace

bool StaffAccessView::availableTo(const auth::StaffIdentity& staff)
{
    return mayViewStaff(staff) || mayViewMatrix(staff) || mayViewAudit(staff);
}

StaffAccessView::StaffAccessView(session::Session& session, QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("staffAccess"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_sections = new QTabWidget(this);
    m_sections->setObjectName(QStringLiteral("staffAccessSections"));
    m_sections->setDocumentMode(true);
    if (mayViewStaff(session.staff()))
        m_sections->addTab(new StaffPanel(session, m_sections), tr("Staff"));
    if (mayViewMatrix(session.staff()))
        m_sections->addTab(new PermissionMatrixPanel(session, m_sections), tr("Permissions"));
    if (mayViewAudit(session.staff()))
        m_sections->addTab(new AuditLogPanel(session, m_sections), tr("Audit log"));
    if (mayViewStaff(session.staff()))
        m_sections->addTab(new SessionsPanel(session, m_sections), tr("Sessions"));
    layout->addWidget(m_sections);
}

} // namespace opsdeck::widgets::tools
