#include "OperationsTab.h"

#include "alerts/AlertRulesPanel.h"
#include "common/PlaceholderPanel.h"
#include "engines/EnginesPanel.h"
#include "outbound/OutboundPanel.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace opsdeck::widgets::operations {

OperationsTab::OperationsTab(const session::TabInfo& info, session::Session& session, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("tab-") + info.id);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 16);

    // The panels that exist get a section each; the rest are named on a placeholder, without data.
    session::TabInfo rest = info;
    auto* sections = new QTabWidget(this);
    sections->setObjectName(QStringLiteral("operationsSections"));
    if (session.staff().has(QStringLiteral("outbound.view"))) {
        sections->addTab(new OutboundPanel(session, sections), tr("Outbound"));
        rest.plannedPanels.removeIf([](const QString& p) { return p.startsWith(QLatin1String("Outbound")); });
    }
    if (AlertRulesPanel::availableTo(session.staff())) {
        sections->addTab(new AlertRulesPanel(session, sections), tr("Alert rules"));
        rest.plannedPanels.removeIf(
            [](const QString& p) { return p.startsWith(QLatin1String("Alert rules")); });
    }
    if (session.staff().has(QStringLiteral("outbound.view")) ||
        session.staff().has(QStringLiteral("engines.run")))
        sections->addTab(new EnginesPanel(session, sections), tr("Engines"));
    if (sections->count() == 0) {
        delete sections;
        layout->setContentsMargins(16, 16, 16, 16);
        layout->addWidget(new PlaceholderPanel(session, info, this));
        return;
    }
    rest.id = info.id + QStringLiteral("-more");
    rest.title = tr("More operations");
    sections->addTab(new PlaceholderPanel(session, rest, sections), tr("More"));
    layout->addWidget(sections);
}

} // namespace opsdeck::widgets::operations
