#pragma once

#include "session/Session.h"
#include "session/Tabs.h"

#include <QWidget>

namespace opsdeck::widgets::tools {

// The Tools tab. Its panels come with their own issues; until then it holds a placeholder that
// says what the tab will show. Later panels are added to this widget's layout.
class ToolsTab : public QWidget
{
    Q_OBJECT

public:
    ToolsTab(const session::TabInfo& info, session::Session& session, QWidget* parent = nullptr);
};

} // namespace opsdeck::widgets::tools
