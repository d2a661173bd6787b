#pragma once

#include <QColor>
#include <QPalette>

class QWidget;

namespace opsdeck::widgets {

// What a status means, independent of how it is drawn.
enum class Tone
{
    Neutral, // informational, muted
    Good,
    Warn,
    Bad,
};

// Status colours that keep their contrast on light and dark palettes. The palette decides: a dark
// window gets the lighter, less saturated variants, so red text never disappears into a dark grey.
struct StatusColors
{
    QColor good;
    QColor warn;
    QColor bad;
    QColor neutral; // muted text: between the palette's text and window colours

    static StatusColors forPalette(const QPalette& palette);
    static bool isDark(const QPalette& palette);
    QColor color(Tone tone) const;
};

// Sets `widget`'s text colour to `tone` for the application's palette and remembers the tone on
// the widget, so Theme::apply() can recolour it after a light/dark switch (reapplyTones()).
// Widgets also call it from changeEvent(QEvent::PaletteChange) for palette changes that come from
// the platform rather than from Theme.
void applyTone(QWidget* widget, Tone tone);

// Recolours every widget that applyTone() was used on. Needed after the application style sheet
// changes: Qt's style-sheet style then restores each widget's palette from when it was first
// polished, which would bring back the old palette's tone.
void reapplyTones();

// The muted text colour for `palette` (captions, secondary lines).
QColor mutedText(const QPalette& palette);

// Hairlines between areas (card borders, the header's edge): visible but quiet on both palettes.
QColor hairlineColor(const QPalette& palette);

} // namespace opsdeck::widgets
