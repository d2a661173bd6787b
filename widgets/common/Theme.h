#pragma once

#include <QPalette>

namespace opsdeck::widgets {

// Light and dark looks for the whole application. Both use the Fusion style (ConsoleStyle) so the console
// looks the same on every desktop and in offscreen screenshots; only the palette changes.
class Theme
{
public:
    enum class Mode
    {
        System, // Fusion with the platform's palette
        Light,
        Dark,
    };

    // Sets the Fusion style (once) and the palette for `mode` on the running QApplication.
    static void apply(Mode mode);
    static Mode current();

    static QPalette lightPalette();
    static QPalette darkPalette();
    // The few style rules Fusion cannot express through a palette (underlined tabs, the status
    // bar's top hairline), with colours taken from `palette` so they follow light and dark.
    static QString styleSheetFor(const QPalette& palette);

private:
    static Mode s_mode;
};

} // namespace opsdeck::widgets
