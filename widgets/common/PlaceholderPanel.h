#pragma once

#include "Panel.h"
#include "session/Tabs.h"

class QLabel;

namespace opsdeck::widgets {

// Stands in for a tab whose panels are not built yet: what the tab is for and the panels it will
// hold, and that they come in a later release. It loads nothing and shows no numbers, so nothing
// on screen can be mistaken for data.
class PlaceholderPanel : public Panel
{
    Q_OBJECT

public:
    PlaceholderPanel(session::Session& session, const session::TabInfo& tab, QWidget* parent = nullptr);

    const session::TabInfo& tab() const { return m_tab; }
    // The planned panels as listed (for tests and screenshots).
    QStringList listedPanels() const;

protected:
    void fetch() override;
    void changeEvent(QEvent* event) override;

private:
    void applyTones();

    session::TabInfo m_tab;
    QWidget* m_card = nullptr;
    QLabel* m_purpose = nullptr;
    QLabel* m_plannedHeading = nullptr;
    QLabel* m_note = nullptr;
    QList<QLabel*> m_bullets;
    QList<QLabel*> m_items;
};

} // namespace opsdeck::widgets
