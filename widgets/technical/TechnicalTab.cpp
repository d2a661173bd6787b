#include "TechnicalTab.h"

#include "common/PlaceholderPanel.h"

#include <QVBoxLayout>

namespace opsdeck::widgets::technical {

TechnicalTab::TechnicalTab(const session::TabInfo& info, session::Session& session, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("tab-") + info.id);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->addWidget(new PlaceholderPanel(session, info, this));
}

} // namespace opsdeck::widgets::technical
