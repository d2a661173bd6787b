#pragma once

#include "common/Theme.h"

#include <QString>

class QCoreApplication;

namespace opsdeck::app {

// `opsdeck`'s options. Parsed after QApplication exists, except wantsScreenshots(), which decides
// the platform plugin before it does.
struct CommandLine
{
    bool demo = false;
    QString db; // postgresql:// URI or key=value; PG* variables fill the gaps
    QString login;
    QString screenshotDir; // non-empty: write screenshots and exit
    widgets::Theme::Mode theme = widgets::Theme::Mode::System;
    QString logDir;

    bool screenshots() const { return !screenshotDir.isEmpty(); }

    // Handles --help and --version (and exits); returns false with `error` on invalid input.
    static bool parse(const QCoreApplication& app, CommandLine* out, QString* error);
    // Before QApplication: was --screenshot-dir given?
    static bool wantsScreenshots(int argc, char** argv);
};

} // namespace opsdeck::app
