#include "TabFactory.h"

#include "clients/ClientsTab.h"
#include "emergency/EmergencyTab.h"
#include "operations/OperationsTab.h"
#include "technical/TechnicalTab.h"
#include "tools/ToolsTab.h"

namespace opsdeck::widgets {

QWidget* makeStandardTab(const session::TabInfo& info, session::Session& session)
{
    switch (info.tab) {
    case session::Tab::Clients:
        return new clients::ClientsTab(info, session);
    case session::Tab::Technical:
        return new technical::TechnicalTab(info, session);
    case session::Tab::Tools:
        return new tools::ToolsTab(info, session);
    case session::Tab::Operations:
        return new operations::OperationsTab(info, session);
    case session::Tab::Emergency:
        return new emergency::EmergencyTab(info, session);
    }
    return nullptr;
}

} // namespace opsdeck::widgets
