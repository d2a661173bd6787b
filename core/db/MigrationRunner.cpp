#include "MigrationRunner.h"

#include "common/Logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace opsdeck::db {
namespace {

const QString kCreateTable = QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                            " version integer PRIMARY KEY,"
                                            " file_name text NOT NULL,"
                                            " checksum text NOT NULL,"
                                            " applied_at timestamptz NOT NULL DEFAULT now(),"
                                            " applied_by text NOT NULL DEFAULT session_user,"
                                            " duration_ms integer NOT NULL)");

struct Applied
{
    QString fileName;
    QString checksum;
};

QHash<int, Applied> readApplied(Connection& c)
{
    QHash<int, Applied> applied;
    QSqlQuery exists = c.execRaw(QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL"),
                                 QStringLiteral("reading the schema version"));
    if (!exists.next() || !exists.value(0).toBool())
        return applied;
    QSqlQuery q = c.execRaw(QStringLiteral("SELECT version, file_name, checksum FROM schema_migrations"),
                            QStringLiteral("reading the schema version"));
    while (q.next())
        applied.insert(q.value(0).toInt(), Applied{q.value(1).toString(), q.value(2).toString()});
    return applied;
}

} // namespace

MigrationRunner::MigrationRunner(QString directory) : m_directory(std::move(directory)) {}

QList<Migration> MigrationRunner::available() const
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_[a-z0-9_]+\\.sql$"));
    QDir dir(m_directory);
    const QStringList files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    QList<Migration> result;
    for (const QString& f : files) {
        const auto m = pattern.match(f);
        if (!m.hasMatch())
            throw DbError::schema(QStringLiteral("Migration file %1 is not named NNNN_name.sql").arg(f));
        QFile file(dir.filePath(f));
        if (!file.open(QIODevice::ReadOnly))
            throw DbError::schema(QStringLiteral("Cannot read migration %1").arg(f));
        Migration mig;
        mig.version = m.captured(1).toInt();
        mig.fileName = f;
        mig.sql = file.readAll();
        mig.checksum =
            QString::fromLatin1(QCryptographicHash::hash(mig.sql, QCryptographicHash::Sha256).toHex());
        if (!result.isEmpty() && result.last().version == mig.version)
            throw DbError::schema(QStringLiteral("Two migrations share version %1").arg(mig.version));
        result.append(mig);
    }
    return result;
}

int MigrationRunner::latestVersion() const
{
    const auto all = available();
    return all.isEmpty() ? 0 : all.last().version;
}

MigrationRunner::Status MigrationRunner::status(Connection& c) const
{
    Status s;
    const auto files = available();
    const auto applied = readApplied(c);
    s.latestAvailable = files.isEmpty() ? 0 : files.last().version;
    QHash<int, const Migration*> byVersion;
    for (const auto& m : files) {
        byVersion.insert(m.version, &m);
        auto it = applied.find(m.version);
        if (it == applied.end())
            s.pending << m.fileName;
        else if (it->checksum != m.checksum)
            s.edited << m.fileName;
    }
    for (auto it = applied.begin(); it != applied.end(); ++it) {
        s.latestApplied = qMax(s.latestApplied, it.key());
        if (!byVersion.contains(it.key()))
            s.unknown << it->fileName;
    }
    s.unknown.sort();
    return s;
}

QStringList MigrationRunner::migrate(Connection& c, const std::function<void(const QString&)>& progress) const
{
    const auto files = available();
    c.ensureOpen();
    QSqlQuery lock(c.database());
    if (!lock.exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kAdvisoryLockKey)))
        throw DbError::fromSql(lock.lastError(), QStringLiteral("waiting for the migration lock"));
    // Released on every exit path; a dropped connection releases it too.
    struct Unlock
    {
        Connection& c;
        ~Unlock()
        {
            if (c.isOpen()) {
                QSqlQuery q(c.database());
                q.exec(QStringLiteral("RESET ROLE"));
                q.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kAdvisoryLockKey));
            }
        }
    } unlock{c};

    // Every object belongs to the installation's owner role, never to the login that migrates.
    QSqlQuery who = c.execRaw(QStringLiteral("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"),
                              QStringLiteral("checking the migrating login"));
    if (who.next() && who.value(0).toBool())
        bootstrap(c);
    who.finish();
    QSqlQuery owner = c.execRaw(
        QStringLiteral("SELECT r.rolname, pg_has_role(current_user, r.oid, 'MEMBER') FROM pg_roles r "
                       "WHERE r.rolname = 'od_' || left(md5(current_database()), 8) || '_owner'"),
        QStringLiteral("finding the schema owner"));
    if (!owner.next())
        throw DbError::schema(
            QStringLiteral("This database has no Opsdeck owner role yet: run `opsdeck-admin "
                           "bootstrap` once as a PostgreSQL superuser."));
    const QString ownerRole = owner.value(0).toString();
    if (!owner.value(1).toBool())
        throw DbError::schema(QStringLiteral("This login may not act as the schema owner %1; migrate as a "
                                             "superuser or as a member of that role.")
                                  .arg(ownerRole));
    owner.finish();
    c.execRaw(QStringLiteral("SET ROLE \"%1\"").arg(ownerRole), QStringLiteral("becoming the schema owner"));

    c.execScript(QStringLiteral("SET client_min_messages = warning; ") + kCreateTable +
                     QStringLiteral("; RESET client_min_messages"),
                 QStringLiteral("creating schema_migrations"));
    const auto applied = readApplied(c);
    QSet<int> known;
    for (const auto& m : files) {
        known.insert(m.version);
        auto it = applied.find(m.version);
        if (it != applied.end() && it->checksum != m.checksum)
            throw DbError::schema(
                QStringLiteral(
                    "Migration %1 was edited after it was applied (checksum %2 in the database, %3 in "
                    "this build). Restore the file and put the change in a new migration.")
                    .arg(m.fileName, it->checksum.left(12), m.checksum.left(12)));
    }
    for (auto it = applied.begin(); it != applied.end(); ++it) {
        if (!known.contains(it.key()))
            throw DbError::schema(
                QStringLiteral("The database has migration %1, which this build does not know: "
                               "a newer Opsdeck migrated it. Update Opsdeck.")
                    .arg(it->fileName));
    }

    QStringList done;
    for (const auto& m : files) {
        if (applied.contains(m.version))
            continue;
        if (progress)
            progress(QStringLiteral("Applying %1").arg(m.fileName));
        QElapsedTimer timer;
        timer.start();
        Transaction tx(c);
        try {
            c.execScript(QString::fromUtf8(m.sql), QStringLiteral("Migration %1 failed").arg(m.fileName));
        } catch (const DbError& e) {
            qCWarning(lcMigrations).noquote() << e.text();
            throw;
        }
        QSqlQuery record(c.database());
        record.prepare(QStringLiteral(
            "INSERT INTO schema_migrations (version, file_name, checksum, duration_ms) VALUES (?, ?, ?, ?)"));
        record.addBindValue(m.version);
        record.addBindValue(m.fileName);
        record.addBindValue(m.checksum);
        record.addBindValue(int(timer.elapsed()));
        c.exec(record, QStringLiteral("recording migration %1").arg(m.fileName));
        tx.commit();
        qCInfo(lcMigrations) << "applied" << m.fileName << "in" << timer.elapsed() << "ms";
        done << m.fileName;
    }
    return done;
}

void MigrationRunner::bootstrap(Connection& c)
{
    QFile f(QStringLiteral(":/sql/bootstrap.sql"));
    if (!f.open(QIODevice::ReadOnly))
        throw DbError::schema(QStringLiteral("sql/bootstrap.sql is missing from this build"));
    c.execScript(QString::fromUtf8(f.readAll()), QStringLiteral("bootstrapping the installation's roles"));
}

void MigrationRunner::requireUpToDate(Connection& c) const
{
    const Status s = status(c);
    if (!s.edited.isEmpty())
        throw DbError::schema(
            QStringLiteral("Applied migrations were edited: %1").arg(s.edited.join(QStringLiteral(", "))));
    if (!s.unknown.isEmpty())
        throw DbError::schema(
            QStringLiteral("The database schema (version %1) is newer than this build (version %2). "
                           "Update Opsdeck.")
                .arg(s.latestApplied)
                .arg(s.latestAvailable));
    if (!s.pending.isEmpty())
        throw DbError::schema(QStringLiteral("The database schema is at version %1; this build needs %2. Run "
                                             "`opsdeck-admin migrate`.")
                                  .arg(s.latestApplied)
                                  .arg(s.latestAvailable));
}

} // namespace opsdeck::db
