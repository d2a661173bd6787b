#pragma once

#include <QProxyStyle>

namespace opsdeck::widgets {

// Fusion with one correction: Fusion outlines check boxes, radio buttons and line edits in the
// window colour darkened by 40 %, which on a dark palette is the colour of the field itself, so an
// unticked box or an empty filter field vanishes. In dark palettes they get an outline that
// contrasts with their fill. Checked buttons are tinted with the accent colour so a selected segment
// stands out in both palettes.
class ConsoleStyle : public QProxyStyle
{
    Q_OBJECT

public:
    ConsoleStyle();

    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                       const QWidget* widget = nullptr) const override;

    // The outline colour an indicator gets on `palette` (exposed for tests).
    static QColor indicatorOutline(const QPalette& palette);
    // The fill of a checked button (a selected segment, a toggle that is on): the button colour
    // tinted with the accent.
    static QColor checkedButtonFill(const QPalette& palette);
};

} // namespace opsdeck::widgets
