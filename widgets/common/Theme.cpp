#include "Theme.h"

#include "ConsoleStyle.h"
#include "StatusColors.h"

#include <QApplication>

namespace opsdeck::widgets {

Theme::Mode Theme::s_mode = Theme::Mode::System;

namespace {

// The palette the platform gave us, captured before we first replace it, so System can go back.
QPalette& systemPalette()
{
    static QPalette p = QApplication::palette();
    return p;
}

void setBoth(QPalette& p, QPalette::ColorRole role, const QColor& active, const QColor& disabled)
{
    p.setColor(QPalette::Active, role, active);
    p.setColor(QPalette::Inactive, role, active);
    p.setColor(QPalette::Disabled, role, disabled);
}

} // namespace

QPalette Theme::lightPalette()
{
    QPalette p;
    const QColor text(0x1f, 0x23, 0x28);
    const QColor disabledText(0x8c, 0x95, 0x9f);
    setBoth(p, QPalette::Window, QColor(0xf3, 0xf4, 0xf6), QColor(0xf3, 0xf4, 0xf6));
    setBoth(p, QPalette::WindowText, text, disabledText);
    setBoth(p, QPalette::Base, Qt::white, QColor(0xf6, 0xf8, 0xfa));
    setBoth(p, QPalette::AlternateBase, QColor(0xf6, 0xf8, 0xfa), QColor(0xf6, 0xf8, 0xfa));
    setBoth(p, QPalette::Text, text, disabledText);
    setBoth(p, QPalette::PlaceholderText, QColor(0x6e, 0x77, 0x81), disabledText);
    setBoth(p, QPalette::Button, QColor(0xfa, 0xfb, 0xfc), QColor(0xf3, 0xf4, 0xf6));
    setBoth(p, QPalette::ButtonText, text, disabledText);
    setBoth(p, QPalette::BrightText, Qt::white, Qt::white);
    setBoth(p, QPalette::Light, Qt::white, Qt::white);
    setBoth(p, QPalette::Midlight, QColor(0xe4, 0xe7, 0xeb), QColor(0xe4, 0xe7, 0xeb));
    setBoth(p, QPalette::Mid, QColor(0xc9, 0xcf, 0xd6), QColor(0xc9, 0xcf, 0xd6));
    setBoth(p, QPalette::Dark, QColor(0xa0, 0xa8, 0xb2), QColor(0xa0, 0xa8, 0xb2));
    setBoth(p, QPalette::Shadow, QColor(0x6e, 0x77, 0x81), QColor(0x6e, 0x77, 0x81));
    setBoth(p, QPalette::Highlight, QColor(0x2f, 0x6f, 0xde), QColor(0xc9, 0xcf, 0xd6));
    setBoth(p, QPalette::HighlightedText, Qt::white, disabledText);
    setBoth(p, QPalette::Link, QColor(0x1f, 0x5f, 0xcc), disabledText);
    setBoth(p, QPalette::LinkVisited, QColor(0x6e, 0x3f, 0xc0), disabledText);
    setBoth(p, QPalette::ToolTipBase, QColor(0x24, 0x29, 0x2f), QColor(0x24, 0x29, 0x2f));
    setBoth(p, QPalette::ToolTipText, Qt::white, Qt::white);
    return p;
}

QPalette Theme::darkPalette()
{
    QPalette p;
    const QColor text(0xdf, 0xe1, 0xe5);
    const QColor disabledText(0x6f, 0x73, 0x7a);
    setBoth(p, QPalette::Window, QColor(0x2b, 0x2d, 0x30), QColor(0x2b, 0x2d, 0x30));
    setBoth(p, QPalette::WindowText, text, disabledText);
    setBoth(p, QPalette::Base, QColor(0x1e, 0x1f, 0x22), QColor(0x26, 0x27, 0x2a));
    setBoth(p, QPalette::AlternateBase, QColor(0x25, 0x27, 0x2a), QColor(0x25, 0x27, 0x2a));
    setBoth(p, QPalette::Text, text, disabledText);
    setBoth(p, QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94), disabledText);
    setBoth(p, QPalette::Button, QColor(0x39, 0x3b, 0x40), QColor(0x31, 0x33, 0x37));
    setBoth(p, QPalette::ButtonText, text, disabledText);
    setBoth(p, QPalette::BrightText, Qt::white, Qt::white);
    // Fusion draws bevels from these; keeping them close to Window avoids bright outlines.
    setBoth(p, QPalette::Light, QColor(0x4e, 0x51, 0x57), QColor(0x4e, 0x51, 0x57));
    setBoth(p, QPalette::Midlight, QColor(0x43, 0x45, 0x4a), QColor(0x43, 0x45, 0x4a));
    setBoth(p, QPalette::Mid, QColor(0x1f, 0x20, 0x23), QColor(0x1f, 0x20, 0x23));
    setBoth(p, QPalette::Dark, QColor(0x1a, 0x1b, 0x1e), QColor(0x1a, 0x1b, 0x1e));
    setBoth(p, QPalette::Shadow, QColor(0x10, 0x10, 0x12), QColor(0x10, 0x10, 0x12));
    setBoth(p, QPalette::Highlight, QColor(0x35, 0x74, 0xf0), QColor(0x43, 0x45, 0x4a));
    setBoth(p, QPalette::HighlightedText, Qt::white, disabledText);
    setBoth(p, QPalette::Link, QColor(0x58, 0x9d, 0xf6), disabledText);
    setBoth(p, QPalette::LinkVisited, QColor(0xb1, 0x8c, 0xf2), disabledText);
    setBoth(p, QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x44), QColor(0x3c, 0x3f, 0x44));
    setBoth(p, QPalette::ToolTipText, text, text);
    return p;
}

void Theme::apply(Mode mode)
{
    (void)systemPalette(); // capture before the first change
    // Once: with an application style sheet set, style() is Qt's style-sheet wrapper, not ours.
    static bool styled = false;
    if (!styled) {
        QApplication::setStyle(new ConsoleStyle);
        styled = true;
    }
    switch (mode) {
    case Mode::System:
        QApplication::setPalette(systemPalette());
        break;
    case Mode::Light:
        QApplication::setPalette(lightPalette());
        break;
    case Mode::Dark:
        QApplication::setPalette(darkPalette());
        break;
    }
    s_mode = mode;
    qApp->setStyleSheet(styleSheetFor(QApplication::palette()));
    reapplyTones(); // last: the style sheet just restored older palettes
}

QString Theme::styleSheetFor(const QPalette& palette)
{
    const QString hairline = hairlineColor(palette).name();
    const QString muted = mutedText(palette).name();
    const QString text = palette.color(QPalette::WindowText).name();
    const QString accent = palette.color(QPalette::Highlight).name();
    return QStringLiteral(R"(
QTabWidget::pane { border: none; }
/* The tab strip continues the header's band (HeaderBar paints the same base colour). */
QTabBar { background: %5; border-bottom: 1px solid %1; }
QTabBar::tab { background: transparent; border: none; border-bottom: 2px solid transparent;
               padding: 8px 14px 6px 14px; margin: 0 2px; color: %2; }
QTabBar::tab:first { margin-left: 4px; }
QTabBar::tab:selected { color: %3; border-bottom: 2px solid %4; }
QTabBar::tab:hover:!selected { color: %3; border-bottom: 2px solid %1; }
QStatusBar { border-top: 1px solid %1; padding-left: 10px; }
QStatusBar::item { border: none; }
)")
        .arg(hairline, muted, text, accent, palette.color(QPalette::Base).name());
}

Theme::Mode Theme::current()
{
    return s_mode;
}

} // namespace opsdeck::widgets
