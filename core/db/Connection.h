#pragma once

#include "ConnectionProfile.h"
#include "DbError.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <functional>
#include <memory>

struct pg_conn;

namespace opsdeck::db {

// A database connection owned by exactly one thread (Qt's rule for QSqlDatabase). Opens lazily,
// reconnects with exponential backoff and jitter after the server drops it, and keeps each
// statement prepared once per connection.
class Connection
{
public:
    Connection(const ConnectionProfile& profile, const QString& password, const QString& connectionName);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Opens the connection if needed. Throws DbError(Connection) when the server is unreachable or
    // while a backoff after a failed attempt has not elapsed yet.
    void ensureOpen();
    void close();
    bool isOpen() const;

    QSqlDatabase& database() { return m_db; }
    pg_conn* handle() const;
    // True when libpq reports the socket as broken (server restart, network loss).
    bool isBroken() const;

    // A statement prepared once on this connection and reused; bind values, then exec().
    QSqlQuery& prepared(const QString& sql);
    // Executes a prepared (or ad-hoc) query; throws DbError with `context` on failure.
    void exec(QSqlQuery& query, const QString& context);
    // Ad-hoc single statement without parameters, with its result rows.
    QSqlQuery execRaw(const QString& sql, const QString& context);
    // A script of several statements (migrations, demo data) through libpq's PQexec, which stops at
    // the first failing statement and reports it; Qt's driver only checks the first result.
    void execScript(const QString& sql, const QString& context);
    // Convenience: prepared statement, positional bind values, executed.
    QSqlQuery& run(const QString& sql, const QVariantList& values, const QString& context);
    // run() for a statement whose refusal a person reads: a failure keeps only the server's primary
    // message (DbError::keepPrimaryMessage), without the driver's DETAIL/CONTEXT lines.
    QSqlQuery& runWithPrimaryMessage(const QString& sql, const QVariantList& values, const QString& context);

    // Called with every failure a job throws: marks the connection for reconnect when it broke.
    void noteFailure(DbError& error);

    // Backoff before the next reconnect attempt (grows 0.25 s → 15 s with ±30 % jitter).
    static int backoffMs(int attempt);

    // Observers (thread-safe callbacks) for the connection state.
    std::function<void(const QString& message)> onLost;
    std::function<void()> onRestored;

    int backendPid() const;
    const ConnectionProfile& profile() const { return m_profile; }

    // The GUI thread never waits on the database: statements run there by a connection are counted
    // (tests assert the count does not move while windows load). Command-line tools and test
    // fixtures, which have no window to freeze, mark their connections as allowed.
    static qint64 guiThreadStatements();
    void setAllowedOnGuiThread(bool allowed) { m_allowedOnGuiThread = allowed; }

private:
    void resetStatements();
    void noteThread() const;

    ConnectionProfile m_profile;
    QString m_password;
    QString m_name;
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    int m_failedAttempts = 0;
    bool m_wasLost = false;
    QDeadlineTimer m_nextAttempt;
    bool m_allowedOnGuiThread = false;
};

// Rolls back unless committed (Trojitá's transaction guard).
class Transaction
{
public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    Connection& m_connection;
    bool m_open = false;
};

} // namespace opsdeck::db
