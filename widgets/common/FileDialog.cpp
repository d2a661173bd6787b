#include "FileDialog.h"

#include <QFileDialog>
#include <QStandardPaths>
#include <optional>

namespace opsdeck::widgets {
namespace {

std::optional<QString>& nextSave()
{
    static std::optional<QString> next;
    return next;
}

} // namespace

QString FileDialog::getSaveFileName(QWidget* parent, const QString& caption, const QString& suggestedName,
                                    const QString& filter)
{
    if (auto& next = nextSave()) {
        const QString answer = *next;
        next.reset();
        return answer;
    }
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(parent, caption, dir + QLatin1Char('/') + suggestedName, filter);
}

void FileDialog::setNextSaveFileName(const QString& path)
{
    nextSave() = path;
}

} // namespace opsdeck::widgets
