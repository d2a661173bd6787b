#include "DbError.h"

#include <QSqlError>
#include <QSqlQuery>

namespace opsdeck::db {

DbError DbError::fromSql(const QSqlError& error, const QString& context)
{
    DbError e;
    e.context = context;
    e.sqlState = error.nativeErrorCode();
    e.message = error.databaseText().trimmed();
    if (e.message.isEmpty())
        e.message = error.driverText().trimmed();
    if (e.message.isEmpty())
        e.message = QStringLiteral("Unknown database error");
    // The driver prefixes messages with "ERROR:  "; keep just the sentence.
    for (const char* prefix : {"ERROR:  ", "FATAL:  "}) {
        if (e.message.startsWith(QLatin1String(prefix)))
            e.message = e.message.mid(int(qstrlen(prefix)));
    }
    if (e.sqlState == QLatin1String("42501"))
        e.kind = Kind::Permission;
    else if (e.sqlState.startsWith(QLatin1String("23")))
        e.kind = Kind::Constraint;
    else if (e.sqlState.startsWith(QLatin1String("08")) || e.sqlState == QLatin1String("57P01") ||
             e.sqlState == QLatin1String("57P02") || e.sqlState == QLatin1String("57P03") ||
             error.type() == QSqlError::ConnectionError)
        e.kind = Kind::Connection;
    else if (e.sqlState == QLatin1String("57014"))
        e.kind = Kind::Cancelled;
    else
        e.kind = Kind::Query;
    return e;
}

DbError DbError::connection(const QString& message, const QString& context)
{
    return DbError{Kind::Connection, message, QString(), context};
}

DbError DbError::schema(const QString& message)
{
    return DbError{Kind::Schema, message, QString(), QString()};
}

QString DbError::text() const
{
    QString prefix;
    switch (kind) {
    case Kind::Permission:
        prefix = QStringLiteral("Not permitted: ");
        break;
    case Kind::Connection:
        prefix = QStringLiteral("Database unreachable: ");
        break;
    case Kind::Constraint:
        prefix = QStringLiteral("Invalid data: ");
        break;
    default:
        break;
    }
    QString s = prefix + message;
    if (!context.isEmpty())
        s = context + QStringLiteral(" — ") + s;
    return s;
}

void DbError::keepPrimaryMessage()
{
    QString m = message.section(QLatin1Char('\n'), 0, 0).trimmed();
    const QString code = QLatin1Char('(') + sqlState + QLatin1Char(')');
    if (!sqlState.isEmpty() && m.endsWith(code))
        m.chop(code.size());
    if (!m.trimmed().isEmpty())
        message = m.trimmed();
}

void throwIfFailed(const QSqlQuery& query, const QString& context)
{
    if (query.lastError().type() != QSqlError::NoError)
        throw DbError::fromSql(query.lastError(), context);
}

} // namespace opsdeck::db
