#pragma once

#include <QList>
#include <QString>

namespace opsdeck::widgets {

// Desktop notifications (a system tray balloon / the platform's notification centre) for things
// that need attention while the console is in the background. Without a system tray nothing is
// shown — the message is logged once, not faked with a window. Like MessageBox, tests switch on
// test mode: then nothing is shown and each notification is recorded for the test to assert on.
class DesktopNotifier
{
public:
    enum class Urgency
    {
        Information,
        Warning,
        Critical,
    };

    struct Shown
    {
        QString title;
        QString message;
        Urgency urgency = Urgency::Information;
    };

    // GUI thread only. Returns whether the notification was handed to the platform (or recorded).
    static bool notify(const QString& title, const QString& message, Urgency urgency = Urgency::Information);
    static bool available();

    // Tests: record instead of showing.
    static void setTestMode(bool enabled);
    static bool testMode();
    static QList<Shown> recorded();
    static void clearRecorded();
};

} // namespace opsdeck::widgets
