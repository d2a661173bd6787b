#pragma once

#include "db/Connection.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace opsdeck::auth {

// One row of the staff list.
struct StaffMember
{
    QString id;
    QString login; // the PostgreSQL login role
    QString fullName;
    QString email;
    QString roleName;        // super_admin … viewer
    QString roleDisplayName; // Super Admin … Viewer
    int roleLevel = 0;       // 1 (highest) … 8
    QString status;          // active | disabled
    QDateTime lockedUntil;   // invalid: never locked
    QDateTime lastLoginAt;   // invalid: never signed in
    QDateTime createdAt;

    bool isActive() const { return status == QLatin1String("active"); }
    bool isLocked(const QDateTime& now = QDateTime::currentDateTimeUtc()) const
    {
        return lockedUntil.isValid() && lockedUntil > now;
    }
};

struct NewStaffMember
{
    QString login;
    QString fullName;
    QString email;
    QString roleName;
};

// An open console session whose connection still exists (active_sessions()).
struct StaffSession
{
    QString id;
    QString staffId;
    QString login;
    QString fullName;
    QString roleName;
    int backendPid = 0;
    QString clientHost; // as the console reported it (session_begin)
    QString appVersion;
    QDateTime startedAt;
    bool isCurrent = false; // this connection's own session
};

// Staff administration for the command line and the Staff & access screens. Every function is
// synchronous on a connection the calling thread owns (call it from a pool job on the GUI side),
// calls one SECURITY DEFINER function of migration 0008, which checks the permission in
// PostgreSQL and writes the change with its audit row in one transaction, and throws db::DbError
// with plain words on failure (Permission for SQLSTATE 42501). Passwords are checked here and turned
// into a SCRAM-SHA-256 verifier by libpq: the plaintext never leaves this process.
class StaffAdmin
{
public:
    // Creates the PostgreSQL login and the staff row; needs ops.staff.edit and a role no higher than
    // one's own (a PostgreSQL superuser may create anyone: the first super admin). Returns the id.
    static QString createStaff(db::Connection& c, const NewStaffMember& member, const QString& password);
    // Moves the login to the group of `roleName` (ops.staff.edit; current and new role no higher than
    // one's own; not one's own role).
    static void setRole(db::Connection& c, const QString& login, const QString& roleName);
    // NOLOGIN + status disabled + its connections ended (ops.staff.delete; not oneself).
    static void disable(db::Connection& c, const QString& login);
    // LOGIN + status active (ops.staff.delete).
    static void enable(db::Connection& c, const QString& login);
    // One's own password: any staff member; someone else's: ops.staff.edit and the level rule.
    // Throws DbError(Constraint, no SQLSTATE) before contacting the server when the password is
    // too short, contains control characters or equals the login (see passwordProblem()).
    static void setPassword(db::Connection& c, const QString& login, const QString& password);
    // Lifts a sign-in lockout: staff_unlock() of the lockout monitor (migration 0010). False when
    // the login was not locked.
    static bool unlock(db::Connection& c, const QString& login);
    // Everyone with ops.staff.view (and superusers); others see their own row only. By role
    // level, then login.
    static QList<StaffMember> listStaff(db::Connection& c);

    // Records that a console session started on this connection; returns its id.
    static QString beginSession(db::Connection& c, const QString& clientHost, const QString& appVersion);
    // Ends one's own session as signed out; false when it had ended already.
    static bool endSession(db::Connection& c, const QString& sessionId);
    // Ends someone else's session and terminates its connection (ops.staff.edit, level rule); true
    // when a live connection was ended.
    static bool terminateSession(db::Connection& c, const QString& sessionId);
    // Open sessions with a live connection: one's own, everyone's with ops.staff.view. Newest first.
    static QList<StaffSession> activeSessions(db::Connection& c);
};

} // namespace opsdeck::auth

Q_DECLARE_METATYPE(opsdeck::auth::StaffMember)
Q_DECLARE_METATYPE(opsdeck::auth::StaffSession)
