#include "PiiRepository.h"

#include "db/Connection.h"
#include "db/DbError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPair>
#include <QSqlQuery>

namespace opsdeck::pii {
namespace {

QString jsonArray(const QStringList& values)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

// Mirrors the whitelist of pii.reveal_pii(); PiiTest checks that the two agree.
const QList<QPair<QString, QStringList>>& whitelist()
{
    static const QList<QPair<QString, QStringList>> tables = {
        {QStringLiteral("contacts"),
         {QStringLiteral("full_name"), QStringLiteral("mobile"), QStringLiteral("email")}},
        {QStringLiteral("priority_queue"),
         {QStringLiteral("user_name"), QStringLiteral("user_mobile"), QStringLiteral("user_email"),
          QStringLiteral("message_snippet")}},
        {QStringLiteral("bookings"), {QStringLiteral("notes")}},
        {QStringLiteral("complaints"),
         {QStringLiteral("subject"), QStringLiteral("description"), QStringLiteral("resolution")}},
        {QStringLiteral("error_logs"),
         {QStringLiteral("error_message"), QStringLiteral("stack_trace"), QStringLiteral("request_body"),
          QStringLiteral("ip_address")}},
        {QStringLiteral("sms_messages"),
         {QStringLiteral("from_number"), QStringLiteral("to_number"), QStringLiteral("body")}},
    };
    return tables;
}

} // namespace

db::KeysetQuery PiiRepository::contactsQuery(const ContactFilter& filter, int pageSize)
{
    db::KeysetQuery q;
    q.select = QStringLiteral("SELECT id, tenant_id, full_name, coalesce(mobile, '') AS mobile, "
                              "coalesce(email, '') AS email, source, status, created_at FROM pii.contacts_v");
    QStringList where;
    if (!filter.tenantId.isEmpty()) {
        where << QStringLiteral("tenant_id = ?::uuid");
        q.whereValues << filter.tenantId;
    }
    if (!filter.status.isEmpty()) {
        where << QStringLiteral("status = ?");
        q.whereValues << filter.status;
    }
    q.where = where.join(QStringLiteral(" AND "));
    q.sortColumn = QStringLiteral("created_at");
    q.allowedSortColumns = {q.sortColumn};
    q.keyColumn = QStringLiteral("id");
    q.descending = true;
    q.pageSize = pageSize;
    return q;
}

ContactPage PiiRepository::contactsPage(const ContactFilter& filter, const QVariant& afterSort,
                                        const QVariant& afterKey, int pageSize)
{
    const db::KeysetPage page =
        db::fetchKeysetPage(m_connection, contactsQuery(filter, pageSize), afterSort, afterKey);
    ContactPage result;
    result.atEnd = page.atEnd;
    result.lastSort = page.lastSort;
    result.lastKey = page.lastKey;
    result.contacts.reserve(page.rows.size());
    for (const QVariantList& row : page.rows) {
        Contact c;
        c.id = row.value(0).toString();
        c.tenantId = row.value(1).toString();
        c.fullName = row.value(2).toString();
        c.mobile = row.value(3).toString();
        c.email = row.value(4).toString();
        c.source = row.value(5).toString();
        c.status = row.value(6).toString();
        c.createdAt = row.value(7).toDateTime();
        result.contacts.append(c);
    }
    return result;
}

RevealedValues PiiRepository::reveal(const RevealRequest& request)
{
    // Arrays travel as JSON text: bound values, never spliced into the statement.
    QSqlQuery& q = m_connection.run(
        QStringLiteral("SELECT pii.reveal_pii(?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), "
                       "ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?)::text"),
        {request.table, jsonArray(request.ids), jsonArray(request.fields), request.reason},
        QStringLiteral("revealing personal data"));
    RevealedValues values;
    if (q.next()) {
        const QJsonObject rows = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
        for (auto row = rows.begin(); row != rows.end(); ++row) {
            QVariantHash fields;
            const QJsonObject o = row.value().toObject();
            for (auto f = o.begin(); f != o.end(); ++f)
                fields.insert(f.key(), f.value().isNull() ? QVariant() : f.value().toVariant());
            values.insert(row.key(), fields);
        }
    }
    q.finish();
    return values;
}

QStringList PiiRepository::revealableFields(const QString& table)
{
    for (const auto& t : whitelist())
        if (t.first == table)
            return t.second;
    return {};
}

QStringList PiiRepository::revealableTables()
{
    QStringList tables;
    for (const auto& t : whitelist())
        tables << t.first;
    return tables;
}

} // namespace opsdeck::pii
