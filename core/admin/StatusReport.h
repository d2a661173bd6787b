#pragma once

#include "db/MigrationRunner.h"

#include <QList>
#include <QString>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::admin {

// What `opsdeck-admin status` prints: the server, the schema state, table sizes and engines.
struct StatusReport
{
    QString serverVersion;
    QString database;
    QString login;
    db::MigrationRunner::Status schema;

    struct Table
    {
        QString name;
        qint64 rows = 0;
        bool exact = true; // false: the planner's estimate (tables over a million rows)
        qint64 bytes = 0;
    };
    QList<Table> tables;

    struct Engine
    {
        QString engineId;
        QString kind;
        QString host;
        QString version;
        int secondsSinceBeat = 0;
        bool stopped = false;
    };
    QList<Engine> engines;
};

// Reads the report; tables and engines only once the schema exists. Throws db::DbError.
StatusReport readStatus(db::Connection& connection);

} // namespace opsdeck::admin
