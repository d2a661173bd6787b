#include "NoteRepository.h"

#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace opsdeck::notes {
namespace {

const QString kColumns = QStringLiteral("id, tenant_id, content, is_pinned, created_at, updated_at");

ConsultantNote noteFrom(const QSqlQuery& q)
{
    ConsultantNote n;
    n.id = q.value(0).toString();
    n.tenantId = q.value(1).toString();
    n.content = q.value(2).toString();
    n.pinned = q.value(3).toBool();
    n.createdAt = q.value(4).toDateTime();
    n.updatedAt = q.value(5).toDateTime();
    return n;
}

QString checkedTenant(const QString& id, const QString& context)
{
    const QUuid u = QUuid::fromString(id);
    if (u.isNull())
        throw db::DbError{db::DbError::Kind::Query, QStringLiteral("\"%1\" is not a tenant id").arg(id),
                          QStringLiteral("22P02"), context};
    return u.toString(QUuid::WithoutBraces);
}

} // namespace

QString NoteRepository::draftProblem(const QString& content)
{
    return content.trimmed().isEmpty() ? QStringLiteral("A note needs some text") : QString();
}

ConsultantNote NoteRepository::add(db::Connection& c, const QString& tenantId, const QString& content,
                                   bool pinned)
{
    const QString context = QStringLiteral("adding the note");
    const QString tenant = checkedTenant(tenantId, context);
    const QString problem = draftProblem(content);
    if (!problem.isEmpty())
        throw db::DbError{db::DbError::Kind::Constraint, problem, QStringLiteral("23514"), context};
    QSqlQuery& q =
        c.runWithPrimaryMessage(QStringLiteral("INSERT INTO consultant_notes (tenant_id, content, is_pinned) "
                                               "VALUES (?::uuid, ?, ?) RETURNING ") +
                                    kColumns,
                                {tenant, content.trimmed(), pinned}, context);
    if (!q.next()) {
        q.finish();
        throw db::DbError{
            db::DbError::Kind::Query, QStringLiteral("The database returned no note"), {}, context};
    }
    ConsultantNote n = noteFrom(q);
    q.finish();
    return n;
}

QList<ConsultantNote> NoteRepository::list(db::Connection& c, const QString& tenantId)
{
    const QString context = QStringLiteral("loading your notes");
    // As TaskRepository::list(): a role without notes.use is refused, not shown an empty list.
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral("SELECT ") + kColumns +
            QStringLiteral(
                " FROM consultant_notes WHERE require_permission('notes.use') AND tenant_id = ?::uuid "
                "ORDER BY is_pinned DESC, created_at DESC, id"),
        {checkedTenant(tenantId, context)}, context);
    QList<ConsultantNote> notes;
    while (q.next())
        notes << noteFrom(q);
    q.finish();
    return notes;
}

} // namespace opsdeck::notes
