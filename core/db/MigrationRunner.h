#pragma once

#include "Connection.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>

namespace opsdeck::db {

struct Migration
{
    int version = 0;  // from the file name: 0003_change_events.sql → 3
    QString fileName; // 0003_change_events.sql
    QByteArray sql;
    QString checksum; // SHA-256 of the file, hex
};

// Applies the numbered files of sql/migrations (built into the binary under :/sql/migrations).
// Each file runs in its own transaction and is recorded in schema_migrations with its checksum; an
// advisory lock serialises consoles and workers starting together; an applied file that was
// edited afterwards stops everything with a message that names it.
class MigrationRunner
{
public:
    explicit MigrationRunner(QString directory = QStringLiteral(":/sql/migrations"));

    // The migration files, ordered by version. Throws DbError(Schema) on a malformed directory.
    QList<Migration> available() const;
    int latestVersion() const;

    struct Status
    {
        int latestAvailable = 0;
        int latestApplied = 0;
        QStringList pending; // file names not applied yet
        QStringList edited;  // applied, but the file's checksum changed since
        QStringList unknown; // applied versions this build does not have (a newer Opsdeck migrated)
        bool upToDate() const { return pending.isEmpty() && edited.isEmpty() && unknown.isEmpty(); }
    };

    // Reads the state without changing anything (works before the first migration too).
    Status status(Connection& connection) const;

    // Applies every pending migration; returns the file names applied (empty when up to date).
    // Throws DbError: Schema for edited/unknown files, Query with the failing file named otherwise.
    QStringList migrate(Connection& connection,
                        const std::function<void(const QString&)>& progress = {}) const;

    // Creates the installation's roles (sql/bootstrap.sql); needs a superuser. migrate() calls it
    // itself when it runs as a superuser. Throws DbError.
    static void bootstrap(Connection& connection);

    // Throws DbError(Schema) unless the database is exactly at this build's schema.
    void requireUpToDate(Connection& connection) const;

    static constexpr qint64 kAdvisoryLockKey = 0x6f70736465636bLL; // "opsdeck"

private:
    QString m_directory;
};

} // namespace opsdeck::db
