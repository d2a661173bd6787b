#pragma once

#include <QLocale>
#include <QString>

namespace opsdeck::widgets {

// "1 entry" / "2,500 entries": the console ships no translation files yet, and Qt's %n plurals
// need one, so counts are worded here.
inline QString countOf(qint64 n, const QString& one, const QString& many)
{
    return QStringLiteral("%1 %2").arg(QLocale().toString(n), n == 1 ? one : many);
}

} // namespace opsdeck::widgets
