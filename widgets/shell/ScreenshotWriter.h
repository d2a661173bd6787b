#pragma once

#include "common/Theme.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QStringList>
#include <QTimer>
#include <functional>

namespace opsdeck::widgets {

class MainWindow;
class Panel;

// Writes PNGs of every tab of a MainWindow, for documentation and for reviewing the UI headless.
// It first waits (on signals and a poll timer, never blocking) until every Panel has loaded or
// failed and the tenant list is in, giving up after the load time-out with what it has. Then, for
// each palette (light, dark) and size (1280×800, 1920×1080), it makes each tab current, lets the
// event loop lay it out and grabs the window:
//     <dir>/<NN>-<tab id>[-dark][@1920].png
// and, for a tab with more than one panel, each panel on its own:
//     <dir>/<NN>-<tab id>-<panel id>[-dark][@1920].png
// It restores the palette, size and current tab afterwards, then emits finished(). `ok` is false
// when a panel failed or never loaded, or a file could not be written; problems() says which.
class ScreenshotWriter : public QObject
{
    Q_OBJECT

public:
    ScreenshotWriter(MainWindow& window, const QString& directory, QObject* parent = nullptr);

    void setLoadTimeoutMs(int ms) { m_loadTimeoutMs = ms; }
    void setSettleMs(int ms) { m_settleMs = ms; }
    void setSizes(const QList<QSize>& sizes) { m_sizes = sizes; }
    void setThemes(const QList<Theme::Mode>& themes) { m_themes = themes; }

    void start();

    QStringList files() const { return m_files; }
    QStringList problems() const { return m_problems; }

    // "03-tools-dark@1920.png": the name a shot gets (exposed for tests and the app's listing).
    static QString fileName(int tabNumber, const QString& tabId, const QString& panelId, bool dark,
                            const QSize& size, const QSize& baseSize);

Q_SIGNALS:
    void progress(const QString& message);
    void finished(bool ok, const QStringList& files);

private:
    bool allSettled() const;
    void checkLoaded();
    void planShots();
    void runNext();
    void capture(QWidget* widget, const QString& name);
    void reveal(Panel* panel);
    void done();

    QPointer<MainWindow> m_window;
    QString m_directory;
    int m_loadTimeoutMs = 60000;
    int m_settleMs = 200;
    QList<QSize> m_sizes{{1280, 800}, {1920, 1080}};
    QList<Theme::Mode> m_themes{Theme::Mode::Light, Theme::Mode::Dark};
    QTimer m_poll;
    QTimer m_deadline;
    bool m_shooting = false;

    struct Step
    {
        std::function<void()> action;
        int waitAfterMs = 0; // let the event loop lay out and paint before the next step
    };
    QList<Step> m_steps;
    QStringList m_files;
    QStringList m_problems;
    Theme::Mode m_originalTheme = Theme::Mode::System;
    QSize m_originalSize;
    int m_originalTab = 0;
};

} // namespace opsdeck::widgets
