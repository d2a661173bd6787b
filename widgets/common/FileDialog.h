#pragma once

#include <QString>

class QWidget;

namespace opsdeck::widgets {

// Every file picker goes through here (KeePassXC's FileDialog pattern), so a widget test can
// answer it instead of blocking on a native dialog: setNextSaveFileName() answers the next call.
class FileDialog
{
public:
    // Empty when the person cancelled.
    static QString getSaveFileName(QWidget* parent, const QString& caption, const QString& suggestedName,
                                   const QString& filter);

    // Tests: the answer for the next picker (an empty string means "cancelled").
    static void setNextSaveFileName(const QString& path);

private:
    FileDialog() = delete;
};

} // namespace opsdeck::widgets
