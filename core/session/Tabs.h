#pragma once

#include "auth/StaffIdentity.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck::session {

// The console's five tabs and who may use them. The UI hides the rest; the database refuses it.
enum class Tab
{
    Clients,
    Technical,
    Tools,
    Operations,
    Emergency,
};

struct TabInfo
{
    Tab tab;
    QString id;                // "clients" — screenshots and settings use it
    QString title;             // "Clients"
    QString purpose;           // one line: what the tab holds
    QStringList anyPermission; // the tab shows when the staff member holds any of these
    QStringList plannedPanels; // the panels it will hold, for the placeholder until they exist
};

const QList<TabInfo>& allTabs();
QList<TabInfo> visibleTabs(const auth::StaffIdentity& staff);

} // namespace opsdeck::session
