#include "Connection.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QVariant>
#include <atomic>
#include <libpq-fe.h>

namespace opsdeck::db {

Connection::Connection(const ConnectionProfile& profile, const QString& password,
                       const QString& connectionName)
    : m_profile(profile), m_password(password), m_name(connectionName)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
    if (!m_profile.host.isEmpty())
        m_db.setHostName(m_profile.host);
    if (m_profile.port)
        m_db.setPort(m_profile.port);
    if (!m_profile.database.isEmpty())
        m_db.setDatabaseName(m_profile.database);
    if (!m_profile.user.isEmpty())
        m_db.setUserName(m_profile.user);
    if (!m_password.isEmpty())
        m_db.setPassword(m_password);
    m_db.setConnectOptions(m_profile.connectOptions());
    m_nextAttempt = QDeadlineTimer(0);
}

Connection::~Connection()
{
    resetStatements();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

int Connection::backoffMs(int attempt)
{
    const double base = qMin(15000.0, 250.0 * double(1 << qMin(attempt, 8)));
    const double jitter = 0.7 + 0.6 * QRandomGenerator::global()->generateDouble();
    return int(base * jitter);
}

void Connection::ensureOpen()
{
    if (m_db.isOpen() && !isBroken())
        return;
    // Statements prepared in the old session died with it. Also when the driver closed the
    // connection by itself: Qt's PostgreSQL driver does so when the server drops a LISTENing
    // session, and reusing them in the new session fails with "prepared statement … does not exist".
    close();
    if (!m_nextAttempt.hasExpired()) {
        throw DbError::connection(
            QStringLiteral("%1 (next attempt in %2 s)")
                .arg(m_db.lastError().databaseText().trimmed().isEmpty()
                         ? QStringLiteral("connection lost")
                         : m_db.lastError().databaseText().trimmed().section(QLatin1Char('\n'), 0, 0))
                .arg(qMax<qint64>(1, (m_nextAttempt.remainingTime() + 999) / 1000)));
    }
    if (!m_db.open()) {
        DbError e = DbError::fromSql(m_db.lastError(),
                                     QStringLiteral("connecting to %1").arg(m_profile.displayName()));
        // Authentication failures are not worth retrying in a tight loop either; keep the kind the
        // server gave (28P01 / 28000 are "invalid authorization") but back off the same way.
        if (e.kind == DbError::Kind::Query)
            e.kind = DbError::Kind::Connection;
        ++m_failedAttempts;
        m_nextAttempt = QDeadlineTimer(backoffMs(m_failedAttempts));
        if (!m_wasLost) {
            m_wasLost = true;
            if (onLost)
                onLost(e.message);
        }
        qCWarning(lcDb) << "connection" << m_name << "failed, attempt" << m_failedAttempts << ":"
                        << e.message;
        throw e;
    }
    m_failedAttempts = 0;
    if (m_wasLost) {
        m_wasLost = false;
        qCInfo(lcDb) << "connection" << m_name << "restored";
        if (onRestored)
            onRestored();
    }
}

void Connection::close()
{
    resetStatements();
    m_db.close();
}

bool Connection::isOpen() const
{
    return m_db.isOpen();
}

pg_conn* Connection::handle() const
{
    if (!m_db.isOpen())
        return nullptr;
    const QVariant v = m_db.driver()->handle();
    // The driver hands out its PGconn*; Qt names the type "PGconn*" or "pg_conn*" by version.
    if (v.isValid() && (qstrcmp(v.typeName(), "PGconn*") == 0 || qstrcmp(v.typeName(), "pg_conn*") == 0))
        return *static_cast<PGconn* const*>(v.constData());
    qCWarning(lcDb) << "unexpected driver handle type" << v.typeName();
    return nullptr;
}

bool Connection::isBroken() const
{
    PGconn* c = handle();
    return !c || PQstatus(c) == CONNECTION_BAD;
}

int Connection::backendPid() const
{
    PGconn* c = handle();
    return c ? PQbackendPID(c) : 0;
}

void Connection::resetStatements()
{
    for (auto& q : m_statements)
        q->finish();
    m_statements.clear();
}

QSqlQuery& Connection::prepared(const QString& sql)
{
    ensureOpen();
    auto it = m_statements.find(sql);
    if (it != m_statements.end()) {
        (*it)->finish();
        return **it;
    }
    auto q = std::make_shared<QSqlQuery>(m_db);
    if (!q->prepare(sql))
        throw DbError::fromSql(q->lastError(), QStringLiteral("preparing a statement"));
    m_statements.insert(sql, q);
    return *q;
}

namespace {
std::atomic<qint64> g_guiThreadStatements{0};
}

qint64 Connection::guiThreadStatements()
{
    return g_guiThreadStatements.load();
}

void Connection::noteThread() const
{
    const QCoreApplication* app = QCoreApplication::instance();
    if (!m_allowedOnGuiThread && app && QThread::currentThread() == app->thread())
        g_guiThreadStatements.fetch_add(1);
}

void Connection::exec(QSqlQuery& query, const QString& context)
{
    noteThread();
    if (!query.exec())
        throw DbError::fromSql(query.lastError(), context);
}

QSqlQuery Connection::execRaw(const QString& sql, const QString& context)
{
    noteThread();
    ensureOpen();
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        throw DbError::fromSql(q.lastError(), context);
    return q;
}

void Connection::execScript(const QString& sql, const QString& context)
{
    noteThread();
    ensureOpen();
    PGconn* c = handle();
    if (!c)
        throw DbError::connection(QStringLiteral("no connection"), context);
    PGresult* r = PQexec(c, sql.toUtf8().constData());
    const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
        PQclear(r);
        return;
    }
    DbError e;
    e.context = context;
    e.sqlState = r ? QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE)) : QString();
    QString primary = r ? QString::fromUtf8(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)) : QString();
    const QString detail = r ? QString::fromUtf8(PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL)) : QString();
    const QString where = r ? QString::fromUtf8(PQresultErrorField(r, PG_DIAG_CONTEXT)) : QString();
    if (primary.isEmpty())
        primary = QString::fromUtf8(PQerrorMessage(c)).trimmed();
    e.message = primary;
    if (!detail.isEmpty())
        e.message += QStringLiteral(" (") + detail + QLatin1Char(')');
    if (!where.isEmpty())
        e.message += QStringLiteral(" — ") + where.section(QLatin1Char('\n'), 0, 0);
    PQclear(r);
    if (PQstatus(c) == CONNECTION_BAD || e.sqlState.startsWith(QLatin1String("08")) ||
        e.sqlState.startsWith(QLatin1String("57P")))
        e.kind = DbError::Kind::Connection;
    else if (e.sqlState == QLatin1String("42501"))
        e.kind = DbError::Kind::Permission;
    else if (e.sqlState.startsWith(QLatin1String("23")))
        e.kind = DbError::Kind::Constraint;
    else
        e.kind = DbError::Kind::Query;
    throw e;
}

QSqlQuery& Connection::run(const QString& sql, const QVariantList& values, const QString& context)
{
    QSqlQuery& q = prepared(sql);
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    exec(q, context);
    return q;
}

QSqlQuery& Connection::runWithPrimaryMessage(const QString& sql, const QVariantList& values,
                                             const QString& context)
{
    try {
        return run(sql, values, context);
    } catch (DbError& e) {
        e.keepPrimaryMessage();
        throw;
    }
}

void Connection::noteFailure(DbError& error)
{
    if (!isBroken() && !error.isConnection())
        return;
    error.kind = DbError::Kind::Connection;
    const bool wasUp = m_failedAttempts == 0; // an open that failed already set its backoff
    close();
    if (wasUp)
        m_nextAttempt = QDeadlineTimer(0); // try again at once; back off only if that fails too
    if (!m_wasLost) {
        m_wasLost = true;
        qCWarning(lcDb) << "connection" << m_name << "lost:" << error.message;
        if (onLost)
            onLost(error.message);
    }
}

Transaction::Transaction(Connection& connection) : m_connection(connection)
{
    m_connection.ensureOpen();
    if (!m_connection.database().transaction())
        throw DbError::fromSql(m_connection.database().lastError(), QStringLiteral("starting a transaction"));
    m_open = true;
}

Transaction::~Transaction()
{
    if (m_open && m_connection.isOpen())
        m_connection.database().rollback();
}

void Transaction::commit()
{
    if (!m_connection.database().commit())
        throw DbError::fromSql(m_connection.database().lastError(), QStringLiteral("committing"));
    m_open = false;
}

} // namespace opsdeck::db
