#pragma once

#include <QMetaType>
#include <QString>

namespace opsdeck::db {

// One change announced on the `opsdeck_changes` channel (sql/migrations/0003_change_events.sql).
struct ChangeEvent
{
    qint64 seq = 0;
    QString table;
    QString op;            // insert / update / delete / truncate
    QString rowId;         // empty for statement-level events (telemetry tables)
    QString tenantId;      // empty when the table has no tenant
    bool replayed = false; // read back from change_log after a reconnect, not received live

    // Parses the NOTIFY payload; returns false for anything that is not a well-formed event.
    static bool fromPayload(const QByteArray& json, ChangeEvent* out);
};

} // namespace opsdeck::db

Q_DECLARE_METATYPE(opsdeck::db::ChangeEvent)
