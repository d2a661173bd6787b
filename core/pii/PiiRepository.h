#pragma once

#include "db/KeysetQuery.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::pii {

// Contacts as every staff member reads them: through pii.contacts_v, with name, mobile and email
// masked in the seeds' formats (John S., 98****3210, j***@example.com). Unmasked values come only
// from reveal(), which the database audits (sql/migrations/0009_pii.sql).
struct ContactFilter
{
    QString tenantId; // empty: every tenant
    QString status;   // empty: every status
};

struct Contact
{
    QString id;
    QString tenantId;
    QString fullName; // masked
    QString mobile;   // masked; empty when none
    QString email;    // masked; empty when none
    QString source;
    QString status;
    QDateTime createdAt;
};

struct ContactPage
{
    QList<Contact> contacts;
    QVariant lastSort; // pass back to continue after the last row
    QVariant lastKey;
    bool atEnd = true;
};

// A reveal: which rows of which table, which fields, and why (at least 5 characters).
struct RevealRequest
{
    QString table;
    QStringList ids;
    QStringList fields;
    QString reason;
};

// Row id → field → unmasked value (a null QVariant for a NULL).
using RevealedValues = QHash<QString, QVariantHash>;

class PiiRepository
{
public:
    explicit PiiRepository(db::Connection& connection) : m_connection(connection) {}

    // Newest first, keyset-paged on (created_at, id) through the view; the select list is the order
    // of Contact's fields. For db::PagedRowModel as well as contactsPage().
    static db::KeysetQuery contactsQuery(const ContactFilter& filter = {}, int pageSize = 100);

    // One page after (afterSort, afterKey); null variants for the first page. Throws db::DbError.
    ContactPage contactsPage(const ContactFilter& filter = {}, const QVariant& afterSort = {},
                             const QVariant& afterKey = {}, int pageSize = 100);

    // pii.reveal_pii(): needs the table's full-access permission (42501 otherwise) and writes one
    // audit_log row per call. Rows the caller may not read or that do not exist are left out.
    // Throws db::DbError (Permission when refused, Query for a missing reason or an unknown field).
    RevealedValues reveal(const RevealRequest& request);

    // The fields reveal() accepts per table, as pii.reveal_pii() whitelists them.
    static QStringList revealableFields(const QString& table);
    static QStringList revealableTables();

private:
    db::Connection& m_connection;
};

} // namespace opsdeck::pii
