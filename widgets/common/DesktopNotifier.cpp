#include "DesktopNotifier.h"

#include "common/Logging.h"

#include <QApplication>
#include <QIcon>
#include <QPointer>
#include <QSystemTrayIcon>

namespace opsdeck::widgets {
namespace {

// GUI-thread only, like the tray icon itself.
struct State
{
    bool testMode = false;
    bool loggedUnavailable = false;
    QList<DesktopNotifier::Shown> recorded;
    QPointer<QSystemTrayIcon> tray;
};

State& state()
{
    static State s;
    return s;
}

QSystemTrayIcon::MessageIcon trayIcon(DesktopNotifier::Urgency urgency)
{
    switch (urgency) {
    case DesktopNotifier::Urgency::Critical:
        return QSystemTrayIcon::Critical;
    case DesktopNotifier::Urgency::Warning:
        return QSystemTrayIcon::Warning;
    case DesktopNotifier::Urgency::Information:
        break;
    }
    return QSystemTrayIcon::Information;
}

} // namespace

bool DesktopNotifier::available()
{
    return QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages();
}

bool DesktopNotifier::notify(const QString& title, const QString& message, Urgency urgency)
{
    State& s = state();
    if (s.testMode) {
        s.recorded.append({title, message, urgency});
        return true;
    }
    if (!available()) {
        // Once per process: the texts may name tenants and customers, so they stay out of the log.
        if (!s.loggedUnavailable)
            qCInfo(lcUi) << "no system tray: desktop notifications are not shown on this desktop";
        s.loggedUnavailable = true;
        return false;
    }
    if (!s.tray) {
        // Owned by the application: one icon for the process, gone with it.
        s.tray = new QSystemTrayIcon(qApp->windowIcon(), qApp);
        s.tray->setToolTip(QApplication::applicationDisplayName());
        s.tray->show();
    }
    s.tray->showMessage(title, message, trayIcon(urgency));
    return true;
}

void DesktopNotifier::setTestMode(bool enabled)
{
    state().testMode = enabled;
}

bool DesktopNotifier::testMode()
{
    return state().testMode;
}

QList<DesktopNotifier::Shown> DesktopNotifier::recorded()
{
    return state().recorded;
}

void DesktopNotifier::clearRecorded()
{
    state().recorded.clear();
}

} // namespace opsdeck::widgets
