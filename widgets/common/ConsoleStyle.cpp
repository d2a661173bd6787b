#include "ConsoleStyle.h"

#include <QStyleFactory>
#include <QStyleOption>

namespace opsdeck::widgets {

namespace {

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

} // namespace

ConsoleStyle::ConsoleStyle() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}

QColor ConsoleStyle::indicatorOutline(const QPalette& palette)
{
    // Fusion's own rule, which reads well on light palettes.
    if (!isDark(palette))
        return palette.color(QPalette::Window).darker(140);
    // Half way from the window to the text: visible on Base and Window, quieter than the text.
    const QColor w = palette.color(QPalette::Window);
    const QColor t = palette.color(QPalette::WindowText);
    return QColor((w.red() + t.red()) / 2, (w.green() + t.green()) / 2, (w.blue() + t.blue()) / 2);
}

QColor ConsoleStyle::checkedButtonFill(const QPalette& palette)
{
    const QColor b = palette.color(QPalette::Button);
    const QColor h = palette.color(QPalette::Highlight);
    const qreal a = isDark(palette) ? 0.45 : 0.22;
    return QColor::fromRgbF(b.redF() * (1 - a) + h.redF() * a, b.greenF() * (1 - a) + h.greenF() * a,
                            b.blueF() * (1 - a) + h.blueF() * a);
}

void ConsoleStyle::drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                                 const QWidget* widget) const
{
    // A checked (toggled-on) button: Fusion only darkens it by 10 %, which on a dark palette cannot
    // be told from its neighbours in a segmented control (1 d | 7 d | 30 d). Tint it with the accent.
    if (element == PE_PanelButtonCommand && option && (option->state & State_On) &&
        !(option->state & State_Sunken)) {
        QStyleOptionButton tinted;
        if (const auto* button = qstyleoption_cast<const QStyleOptionButton*>(option))
            tinted = *button;
        else
            tinted.QStyleOption::operator=(*option);
        tinted.palette.setColor(QPalette::Button, checkedButtonFill(option->palette));
        QProxyStyle::drawPrimitive(element, &tinted, painter, widget);
        return;
    }
    const bool outlined = element == PE_IndicatorCheckBox || element == PE_IndicatorRadioButton ||
                          element == PE_FrameLineEdit || element == PE_PanelLineEdit;
    if (!outlined || !option || !isDark(option->palette)) {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        return;
    }
    // Fusion derives the outline as Window.darker(140); give it the Window colour that yields ours.
    std::unique_ptr<QStyleOption> copy;
    if (const auto* button = qstyleoption_cast<const QStyleOptionButton*>(option))
        copy = std::make_unique<QStyleOptionButton>(*button);
    else if (const auto* item = qstyleoption_cast<const QStyleOptionViewItem*>(option))
        copy = std::make_unique<QStyleOptionViewItem>(*item);
    else if (const auto* frame = qstyleoption_cast<const QStyleOptionFrame*>(option))
        copy = std::make_unique<QStyleOptionFrame>(*frame);
    else
        copy = std::make_unique<QStyleOption>(*option);
    const QColor outline = indicatorOutline(option->palette);
    copy->palette.setColor(QPalette::Window, outline.lighter(140));
    QProxyStyle::drawPrimitive(element, copy.get(), painter, widget);
}

} // namespace opsdeck::widgets
