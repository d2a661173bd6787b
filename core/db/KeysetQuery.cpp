#include "KeysetQuery.h"

#include "Connection.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>

namespace opsdeck::db {
namespace {

bool isIdentifier(const QString& s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z_][a-z0-9_]*$"));
    return re.match(s).hasMatch();
}

} // namespace

void KeysetQuery::validate() const
{
    if (!allowedSortColumns.contains(sortColumn) || !isIdentifier(sortColumn) || !isIdentifier(keyColumn))
        throw DbError{DbError::Kind::Query, QStringLiteral("Cannot sort by \"%1\"").arg(sortColumn), {}, {}};
    if (pageSize < 1 || pageSize > 10000)
        throw DbError{DbError::Kind::Query, QStringLiteral("Page size out of range"), {}, {}};
}

namespace {

// One statement for both: rows after a cursor (a page) or through a cursor (a window).
KeysetPage fetchRows(Connection& c, const KeysetQuery& q, const QVariant& cursorSort,
                     const QVariant& cursorKey, bool through, int limit)
{
    q.validate();
    const QString dir = q.descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    QString cmp;
    if (through)
        cmp = q.descending ? QStringLiteral(">=") : QStringLiteral("<=");
    else
        cmp = q.descending ? QStringLiteral("<") : QStringLiteral(">");
    QStringList conditions;
    if (!q.where.isEmpty())
        conditions << QLatin1Char('(') + q.where + QLatin1Char(')');
    const bool bounded = cursorKey.isValid() && !cursorKey.isNull();
    if (bounded)
        conditions << QStringLiteral("(%1, %2) %3 (?, ?)").arg(q.sortColumn, q.keyColumn, cmp);
    // Rows with a NULL sort value would break the row comparison; keyset lists sort by NOT NULL columns.
    // The cursor travels as text: a QDateTime would lose PostgreSQL's microseconds and repeat rows.
    const QString sql =
        QStringLiteral("SELECT *, %3::text AS keyset_sort_cursor, %4::text AS keyset_key_cursor "
                       "FROM (%1) AS page_source%2 ORDER BY %3 %5, %4 %5 LIMIT ?")
            .arg(q.select,
                 conditions.isEmpty() ? QString()
                                      : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND ")),
                 q.sortColumn, q.keyColumn, dir);
    // The limit is bound, not spliced: one prepared statement per list, whatever the window size.
    QVariantList values = q.whereValues;
    if (bounded)
        values << cursorSort << cursorKey;
    values << limit + 1;
    QSqlQuery& query = c.run(sql, values, QStringLiteral("loading a page"));
    KeysetPage page;
    const QSqlRecord rec = query.record();
    const int columns = rec.count() - 2; // without the two cursor columns
    while (query.next()) {
        if (page.rows.size() == limit) {
            page.atEnd = false;
            query.finish();
            return page;
        }
        QVariantList row;
        row.reserve(columns);
        for (int i = 0; i < columns; ++i)
            row << query.value(i);
        page.lastSort = query.value(columns);
        page.lastKey = query.value(columns + 1);
        page.keys.append(page.lastKey);
        page.rows.append(row);
    }
    query.finish();
    page.atEnd = true;
    return page;
}

} // namespace

KeysetPage fetchKeysetPage(Connection& c, const KeysetQuery& q, const QVariant& afterSort,
                           const QVariant& afterKey)
{
    return fetchRows(c, q, afterSort, afterKey, false, q.pageSize);
}

KeysetPage fetchKeysetWindow(Connection& c, const KeysetQuery& q, const QVariant& untilSort,
                             const QVariant& untilKey, int maxRows)
{
    if (maxRows < 1)
        throw DbError{DbError::Kind::Query, QStringLiteral("Window size out of range"), {}, {}};
    return fetchRows(c, q, untilSort, untilKey, true, maxRows);
}

} // namespace opsdeck::db
