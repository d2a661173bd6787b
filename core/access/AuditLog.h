#pragma once

#include "db/KeysetQuery.h"

#include <QDateTime>
#include <QIODevice>
#include <QString>
#include <QStringList>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::access {

// Filters of the audit log viewer (Tools → Staff & access). Empty fields do not filter.
struct AuditFilter
{
    QString staffLogin;
    QString action;
    QString tableName;
    QDateTime from; // inclusive
    QDateTime to;   // exclusive
    bool piiOnly = false;
};

// The columns the viewer shows, in the order of auditQuery()'s select list.
QStringList auditColumnTitles();

// A keyset query over audit_log, newest first, for db::PagedRowModel. Values are bound, never
// spliced into the SQL.
db::KeysetQuery auditQuery(const AuditFilter& filter, int pageSize = 200);

// Writes the whole filtered set as CSV (RFC 4180, UTF-8, header row), page by page so memory stays
// flat however large the log. Cells that a spreadsheet would run as a formula are prefixed with
// an apostrophe. Returns the number of rows written. Throws db::DbError.
qint64 exportAuditCsv(db::Connection& connection, const AuditFilter& filter, QIODevice& out);

// One CSV field, quoted when needed.
QString csvField(const QString& value);

struct ChainStatus
{
    bool intact = false;
    qint64 rowsChecked = 0;
    qint64 firstBrokenId = 0; // 0 when intact
};

// audit_verify(): walks the hash chain. Needs ops.audit.view. Throws db::DbError.
ChainStatus verifyAuditChain(db::Connection& connection);

} // namespace opsdeck::access
