#pragma once

#include "session/Session.h"
#include "session/Tabs.h"

#include <QWidget>

namespace opsdeck::widgets::operations {

// The Operations tab: a section per panel the staff member may use (Outbound, Alert rules, Engines),
// and a placeholder naming the panels still to come.
class OperationsTab : public QWidget
{
    Q_OBJECT

public:
    OperationsTab(const session::TabInfo& info, session::Session& session, QWidget* parent = nullptr);
};

} // namespace opsdeck::widgets::operations
