#include "ToolsTab.h"

#include "access/StaffAccessView.h"
#include "common/PlaceholderPanel.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace opsdeck::widgets::tools {

ToolsTab::ToolsTab(const session::TabInfo& info, session::Session& session, QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("tab-") + info.id);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 16);

    // The tools that exist get a section each; the rest are named on a placeholder, without data.
    session::TabInfo rest = info;
    QWidget* staffAccess = nullptr;
    if (StaffAccessView::availableTo(session.staff())) {
        staffAccess = new StaffAccessView(session, this);
        rest.plannedPanels.removeIf(
            [](const QString& p) { return p.startsWith(QLatin1String("Staff & access")); });
    }
    if (!staffAccess) {
        layout->addWidget(new PlaceholderPanel(session, rest, this));
        return;
    }
    auto* sections = new QTabWidget(this);
    sections->setObjectName(QStringLiteral("toolsSections"));
    sections->addTab(staffAccess, tr("Staff && access")); // && : a literal ampersand, not a mnemonic
    rest.id = info.id + QStringLiteral("-more");
    rest.title = tr("More tools");
    sections->addTab(new PlaceholderPanel(session, rest, sections), tr("More tools"));
    layout->addWidget(sections);
}

} // namespace opsdeck::widgets::tools
