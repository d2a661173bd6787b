#include "AuditLog.h"

#include "db/Connection.h"

#include <QSqlQuery>

namespace opsdeck::access {

QStringList auditColumnTitles()
{
    return {QStringLiteral("#"),
            QStringLiteral("Time"),
            QStringLiteral("Staff"),
            QStringLiteral("Action"),
            QStringLiteral("Table"),
            QStringLiteral("Row"),
            QStringLiteral("Changed fields"),
            QStringLiteral("PII"),
            QStringLiteral("Reason"),
            QStringLiteral("Client"),
            QStringLiteral("Application"),
            QStringLiteral("Old values"),
            QStringLiteral("New values")};
}

db::KeysetQuery auditQuery(const AuditFilter& f, int pageSize)
{
    db::KeysetQuery q;
    q.select = QStringLiteral(
        "SELECT id, occurred_at, staff_login, action, coalesce(table_name, '') AS table_name, "
        "coalesce(row_id, '') AS row_id, coalesce(array_to_string(changed_fields, ', '), '') AS "
        "changed_fields, "
        "pii_accessed, coalesce(reason, '') AS reason, coalesce(host(client_address), 'local') AS client, "
        "coalesce(application_name, '') AS application, coalesce(old_values::text, '') AS old_values, "
        "coalesce(new_values::text, '') AS new_values FROM audit_log");
    QStringList where;
    if (!f.staffLogin.isEmpty()) {
        where << QStringLiteral("staff_login = ?");
        q.whereValues << f.staffLogin;
    }
    if (!f.action.isEmpty()) {
        where << QStringLiteral("action = ?");
        q.whereValues << f.action;
    }
    if (!f.tableName.isEmpty()) {
        where << QStringLiteral("table_name = ?");
        q.whereValues << f.tableName;
    }
    if (f.from.isValid()) {
        where << QStringLiteral("occurred_at >= ?::timestamptz");
        q.whereValues << f.from.toUTC().toString(Qt::ISODateWithMs);
    }
    if (f.to.isValid()) {
        where << QStringLiteral("occurred_at < ?::timestamptz");
        q.whereValues << f.to.toUTC().toString(Qt::ISODateWithMs);
    }
    if (f.piiOnly)
        where << QStringLiteral("pii_accessed");
    q.where = where.join(QStringLiteral(" AND "));
    // The id follows insertion order (the chain), so it alone is a stable sort key.
    q.sortColumn = QStringLiteral("id");
    q.allowedSortColumns = {QStringLiteral("id")};
    q.keyColumn = QStringLiteral("id");
    q.descending = true;
    q.pageSize = pageSize;
    return q;
}

QString csvField(const QString& value)
{
    QString v = value;
    // A leading =, +, - or @ makes spreadsheets evaluate the cell (CSV injection).
    if (!v.isEmpty() && QStringLiteral("=+-@").contains(v.front()))
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char('"')) || v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('\n')) ||
        v.contains(QLatin1Char('\r')) || v != value) {
        v.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v;
}

qint64 exportAuditCsv(db::Connection& c, const AuditFilter& filter, QIODevice& out)
{
    const db::KeysetQuery q = auditQuery(filter, 1000);
    QStringList header;
    for (const QString& t : auditColumnTitles())
        header << csvField(t);
    out.write((header.join(QLatin1Char(',')) + QStringLiteral("\r\n")).toUtf8());
    qint64 rows = 0;
    QVariant afterSort, afterKey;
    for (;;) {
        const db::KeysetPage page = db::fetchKeysetPage(c, q, afterSort, afterKey);
        for (const QVariantList& row : page.rows) {
            QStringList cells;
            cells.reserve(row.size());
            for (int i = 0; i < row.size(); ++i) {
                const QVariant& v = row.at(i);
                if (i == 1)
                    cells << csvField(v.toDateTime().toUTC().toString(Qt::ISODateWithMs));
                else if (v.typeId() == QMetaType::Bool)
                    cells << (v.toBool() ? QStringLiteral("yes") : QStringLiteral("no"));
                else
                    cells << csvField(v.toString());
            }
            out.write((cells.join(QLatin1Char(',')) + QStringLiteral("\r\n")).toUtf8());
            ++rows;
        }
        if (page.atEnd)
            break;
        afterSort = page.lastSort;
        afterKey = page.lastKey;
    }
    return rows;
}

ChainStatus verifyAuditChain(db::Connection& c)
{
    QSqlQuery& q =
        c.run(QStringLiteral("SELECT intact, rows_checked, coalesce(first_broken_id, 0) FROM audit_verify()"),
              {}, QStringLiteral("verifying the audit chain"));
    ChainStatus s;
    if (q.next()) {
        s.intact = q.value(0).toBool();
        s.rowsChecked = q.value(1).toLongLong();
        s.firstBrokenId = q.value(2).toLongLong();
    }
    q.finish();
    return s;
}

} // namespace opsdeck::access
