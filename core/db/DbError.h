#pragma once

#include <QMetaType>
#include <QString>

class QSqlError;
class QSqlQuery;

namespace opsdeck::db {

// What went wrong with a database call, in words a person can act on. Jobs throw it; the pool
// turns it into a failed DbResult so the GUI thread never sees an exception.
struct DbError
{
    enum class Kind
    {
        None,
        Connection, // unreachable, dropped, restarting: the pool reconnects
        Permission, // SQLSTATE 42501: refused by the database's permission checks
        Constraint, // class 23: invalid data
        Query,      // anything else the server refused
        Schema,     // migrations missing, edited or newer than this build
        Cancelled,
    };

    Kind kind = Kind::None;
    QString message;  // the server's primary message (or ours)
    QString sqlState; // five-character SQLSTATE when the server sent one
    QString context;  // what we were doing ("loading tenants")

    static DbError fromSql(const QSqlError& error, const QString& context = {});
    static DbError connection(const QString& message, const QString& context = {});
    static DbError schema(const QString& message);

    bool isNone() const { return kind == Kind::None; }
    bool isConnection() const { return kind == Kind::Connection; }
    bool isPermission() const { return kind == Kind::Permission; }

    // One line for a status bar or a message box.
    QString text() const;

    // Keeps the server's primary message only: the driver appends DETAIL/HINT/CONTEXT lines
    // (PL/pgSQL call stacks) and "(SQLSTATE)", which are for logs, not for the person reading it.
    void keepPrimaryMessage();
};

// Throws DbError when the query failed; `context` names the operation for the message.
void throwIfFailed(const QSqlQuery& query, const QString& context);

} // namespace opsdeck::db

Q_DECLARE_METATYPE(opsdeck::db::DbError)
