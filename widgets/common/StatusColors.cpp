#include "StatusColors.h"

#include <QApplication>
#include <QWidget>

namespace opsdeck::widgets {
namespace {

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

constexpr const char* kToneProperty = "opsdeckTone";

} // namespace

bool StatusColors::isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

StatusColors StatusColors::forPalette(const QPalette& palette)
{
    StatusColors c;
    if (isDark(palette)) {
        // On dark greys, saturated mid-tones look dim; these stay above 4.5:1 on #2b2d30.
        c.good = QColor(0x5f, 0xd0, 0x8e);
        c.warn = QColor(0xf0, 0xc0, 0x5a);
        c.bad = QColor(0xff, 0x7b, 0x72);
    } else {
        // Darker variants for white and light grey backgrounds (again at least 4.5:1).
        c.good = QColor(0x1a, 0x7f, 0x37);
        c.warn = QColor(0x9a, 0x67, 0x00);
        c.bad = QColor(0xcf, 0x22, 0x2e);
    }
    c.neutral = mutedText(palette);
    return c;
}

QColor StatusColors::color(Tone tone) const
{
    switch (tone) {
    case Tone::Good:
        return good;
    case Tone::Warn:
        return warn;
    case Tone::Bad:
        return bad;
    case Tone::Neutral:
        break;
    }
    return neutral;
}

QColor mutedText(const QPalette& palette)
{
    // 40 % of the way from the text towards the background still reads as text, but clearly
    // secondary; on dark backgrounds the eye loses contrast sooner, so only 30 % there.
    return mix(palette.color(QPalette::WindowText), palette.color(QPalette::Window),
               StatusColors::isDark(palette) ? 0.3 : 0.4);
}

QColor hairlineColor(const QPalette& palette)
{
    return palette.color(StatusColors::isDark(palette) ? QPalette::Midlight : QPalette::Mid);
}

void applyTone(QWidget* widget, Tone tone)
{
    // Derive from the application's palette, not the widget's own: ours already carries the last
    // tone (mixing the muted colour from it again would drift), and during a light/dark switch a
    // parent may still hold the old palette when this widget hears of the change.
    widget->setProperty(kToneProperty, int(tone));
    const QPalette base = QApplication::palette(widget);
    const QColor c = StatusColors::forPalette(base).color(tone);
    QPalette p = widget->palette();
    if (p.color(QPalette::WindowText) == c && p.color(QPalette::Text) == c)
        return; // avoids a PaletteChange loop when called from changeEvent
    p.setColor(QPalette::WindowText, c);
    p.setColor(QPalette::Text, c);
    widget->setPalette(p);
}

void reapplyTones()
{
    for (QWidget* w : QApplication::allWidgets()) {
        const QVariant tone = w->property(kToneProperty);
        if (tone.isValid())
            applyTone(w, Tone(tone.toInt()));
    }
}

} // namespace opsdeck::widgets
