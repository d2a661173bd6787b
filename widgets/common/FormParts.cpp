#include "FormParts.h"

#include "StatusColors.h"

namespace opsdeck::widgets {

QLabel* newProblemLabel(QWidget* parent, const QString& objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    applyTone(label, Tone::Bad);
    return label;
}

} // namespace opsdeck::widgets
