#pragma once

#include "db/Connection.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace opsdeck::notes {

// One consultant note as its author sees it (row-level security shows nobody else's).
struct ConsultantNote
{
    QString id;
    QString tenantId;
    QString content;
    bool pinned = false;
    QDateTime createdAt;
    QDateTime updatedAt;

    bool operator==(const ConsultantNote&) const = default;
};

// Private consultant notes about a tenant (consultant_notes). PostgreSQL keeps them private:
// row-level security (0006) asks for notes.use (42501 without it) and shows and changes only the
// caller's own; the author is filled in by the database (0020). Synchronous on a connection the
// calling thread owns (a pool job); statements prepared once; throws db::DbError with the server's
// own words. The Clients cards' "Add note" uses add(); the Tools tab's notes screen builds on list().
class NoteRepository
{
public:
    // Stores a note about `tenantId`; returns it as stored.
    static ConsultantNote add(db::Connection& c, const QString& tenantId, const QString& content,
                              bool pinned);
    // The caller's notes about `tenantId`, pinned first, then newest first.
    static QList<ConsultantNote> list(db::Connection& c, const QString& tenantId);

    // Why a note cannot be stored, in words for the form; empty when it can.
    static QString draftProblem(const QString& content);
};

} // namespace opsdeck::notes

Q_DECLARE_METATYPE(opsdeck::notes::ConsultantNote)
