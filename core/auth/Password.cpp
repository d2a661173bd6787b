#include "Password.h"

#include <QRegularExpression>

namespace opsdeck::auth {

QString passwordProblem(const QString& login, const QString& password)
{
    if (password.isEmpty())
        return QStringLiteral("The password is empty.");
    // libpq takes the password as a C string: a NUL would cut it short without a word.
    for (const QChar ch : password) {
        if (ch.category() == QChar::Other_Control)
            return QStringLiteral("The password must not contain control characters such as line breaks.");
    }
    const auto length = password.toUcs4().size();
    if (length < kMinimumPasswordLength)
        return QStringLiteral("The password must be at least %1 characters long; this one has %2.")
            .arg(kMinimumPasswordLength)
            .arg(length);
    if (!login.isEmpty() && password.compare(login, Qt::CaseInsensitive) == 0)
        return QStringLiteral("The password must not be the login name.");
    return {};
}

QString loginProblem(const QString& login)
{
    static const QRegularExpression format(QStringLiteral("^[a-z][a-z0-9_.-]{1,62}$"));
    static const QRegularExpression reserved(QStringLiteral("^(pg_|od_[0-9a-f]{8}_)"));
    if (!format.match(login).hasMatch())
        return QStringLiteral("Invalid login \"%1\": 2 to 63 characters, a lowercase letter first, then "
                              "lowercase letters, digits, \".\", \"_\" or \"-\".")
            .arg(login);
    if (reserved.match(login).hasMatch())
        return QStringLiteral(
                   "Invalid login \"%1\": names starting with \"pg_\" or \"od_<8 hex digits>_\" are "
                   "reserved for PostgreSQL and Opsdeck installations.")
            .arg(login);
    return {};
}

} // namespace opsdeck::auth
