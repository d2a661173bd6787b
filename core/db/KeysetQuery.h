#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace opsdeck::db {

class Connection;

// A list read one page at a time by keyset ("seek") pagination: each page continues after the
// (sort value, key) of the last row, so page 5,000 costs what page 1 costs, and no page holds more
// than pageSize rows in memory (Qt's PostgreSQL driver reads whole result sets). OFFSET and
// QSqlQueryModel are not used for large tables.
struct KeysetQuery
{
    // The columns and source, e.g. "SELECT id, created_at, endpoint FROM api_metrics". The sort and
    // key columns must be among the selected columns (by name).
    QString select;
    // Optional filter with positional placeholders, e.g. "tenant_id = ?".
    QString where;
    QVariantList whereValues;
    QString sortColumn; // must be one of allowedSortColumns
    QStringList allowedSortColumns;
    QString keyColumn = QStringLiteral("id"); // unique tie-breaker
    bool descending = true;
    int pageSize = 200;

    // Throws DbError when the sort column is not whitelisted or names are not plain identifiers.
    void validate() const;
};

struct KeysetPage
{
    QList<QVariantList> rows;
    QList<QVariant> keys; // each row's key column as text, for finding a row again after a refresh
    QVariant lastSort;    // continue after these
    QVariant lastKey;
    bool atEnd = false;
};

// One page after (afterSort, afterKey); pass null variants for the first page. Throws DbError.
KeysetPage fetchKeysetPage(Connection& connection, const KeysetQuery& query, const QVariant& afterSort,
                           const QVariant& afterKey);

// Every row from the start of the list through (untilSort, untilKey) inclusive: what a view that
// has scrolled down to that row shows now, for refreshing it in place. At most maxRows rows;
// `atEnd` is false when the window held more (then the caller reloads from the start instead).
// Throws DbError.
KeysetPage fetchKeysetWindow(Connection& connection, const KeysetQuery& query, const QVariant& untilSort,
                             const QVariant& untilKey, int maxRows);

} // namespace opsdeck::db
