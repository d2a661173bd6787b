#pragma once

#include <QString>

namespace opsdeck::auth {

// The shortest password a staff member may get.
inline constexpr int kMinimumPasswordLength = 12;

// Why `password` cannot be the password of `login`, as one sentence a person can act on; empty
// when it is acceptable. Checked on the client before anything is sent (the server only ever
// receives a SCRAM verifier, so it cannot check a password itself).
QString passwordProblem(const QString& login, const QString& password);

// Why `login` cannot be a staff login (the rule of the staff.login CHECK constraint, plus the names
// PostgreSQL and Opsdeck installations reserve); empty when it can.
QString loginProblem(const QString& login);

} // namespace opsdeck::auth
