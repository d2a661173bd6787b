#pragma once

#include "session/Session.h"

#include <QWidget>

class QTabWidget;

namespace opsdeck::widgets::tools {

// Tools → Staff & access: the panels the signed-in staff member may use, one sub-tab each.
class StaffAccessView : public QWidget
{
    Q_OBJECT

public:
    explicit StaffAccessView(session::Session& session, QWidget* parent = nullptr);

    // Whether `staff` may use any panel of this view.
    static bool availableTo(const auth::StaffIdentity& staff);
    QTabWidget* sections() const { return m_sections; }

private:
    QTabWidget* m_sections = nullptr;
};

} // namespace opsdeck::widgets::tools
