#pragma once

#include "StaffIdentity.h"
#include "db/Connection.h"
#include "db/DbPool.h"
#include "db/DbResult.h"

#include <QFuture>

namespace opsdeck::auth {

// Loads who the current PostgreSQL login is: the staff row, role and permission set, and checks
// the schema matches this build. Runs on the pool (the first job after connecting).
QFuture<db::DbResult<StaffIdentity>> loadIdentity(db::DbPool& pool);

// The same, synchronously on a connection the caller's thread owns (command-line tools, engines).
StaffIdentity loadIdentity(db::Connection& connection);

// A SCRAM-SHA-256 verifier for `password`, computed on the client with libpq (as psql's \password
// does), so a plaintext password never travels to the server or lands in its log.
// Throws DbError when libpq cannot compute it.
QString scramVerifier(db::Connection& connection, const QString& role, const QString& password);

} // namespace opsdeck::auth
