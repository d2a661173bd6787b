#include "ToolsTab.h"

#include "access/StaffAccessView.h"
#include "common/PlaceholderPanel.h"
#include "connections/ConnectionsPanel.h"

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
    QList<QPair<QWidget*, QString>> built;
    if (session.staff().has(QStringLiteral("connections.view"))) {
        built.append({new ConnectionsPanel(session, this), tr("Connections")});
        rest.plannedPanels.removeIf(
            [](const QString& p) { return p.startsWith(QLatin1String("Connections")); });
    }
    if (StaffAccessView::availableTo(session.staff())) {
        built.append({new StaffAccessView(session, this), tr("Staff && access")}); // && : a literal ampersand
        rest.plannedPanels.removeIf(
            [](const QString& p) { return p.startsWith(QLatin1String("Staff & access")); });
    }
    if (built.isEmpty()) {
        layout->addWidget(new PlaceholderPanel(session, rest, this));
        return;
    }
    auto* sections = new QTabWidget(this);
    sections->setObjectName(QStringLiteral("toolsSections"));
    for (const auto& [widget, title] : std::as_const(built))
        sections->addTab(widget, title);
    rest.id = info.id + QStringLiteral("-more");
    rest.title = tr("More tools");
    sections->addTab(new PlaceholderPanel(session, rest, sections), tr("More tools"));
    layout->addWidget(sections);
}

} // namespace opsdeck::widgets::tools
