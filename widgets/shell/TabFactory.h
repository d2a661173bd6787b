#pragma once

#include "session/Session.h"
#include "session/Tabs.h"

#include <QWidget>
#include <functional>

namespace opsdeck::widgets {

// Builds the widget of one tab. MainWindow takes one, so the app (and tests) decide what a tab holds.
using TabFactory = std::function<QWidget*(const session::TabInfo&, session::Session&)>;

// The console's tabs: clients::ClientsTab, technical::TechnicalTab, tools::ToolsTab,
// operations::OperationsTab, emergency::EmergencyTab.
QWidget* makeStandardTab(const session::TabInfo& info, session::Session& session);

} // namespace opsdeck::widgets
