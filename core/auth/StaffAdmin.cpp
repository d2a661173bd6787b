#include "StaffAdmin.h"

#include "Password.h"
#include "SignIn.h"
#include "common/Logging.h"

#include <QSqlQuery>
#include <QVariant>

namespace opsdeck::auth {
namespace {

db::DbError invalid(const QString& message, const QString& context)
{
    // Refused on the client: nothing was sent, so there is no SQLSTATE.
    return db::DbError{db::DbError::Kind::Constraint, message, {}, context};
}

QDateTime timestamp(const QVariant& v)
{
    return v.isNull() ? QDateTime() : v.toDateTime();
}

} // namespace

QString StaffAdmin::createStaff(db::Connection& c, const NewStaffMember& m, const QString& password)
{
    const QString context = QStringLiteral("creating the staff member %1").arg(m.login);
    if (const QString problem = loginProblem(m.login); !problem.isEmpty())
        throw invalid(problem, context);
    if (const QString problem = passwordProblem(m.login, password); !problem.isEmpty())
        throw invalid(problem, context);
    const QString verifier = scramVerifier(c, m.login, password);
    QSqlQuery& q = c.runWithPrimaryMessage(QStringLiteral("SELECT staff_create(?, ?, ?, ?, ?)"),
                                           {m.login, m.fullName, m.email, m.roleName, verifier}, context);
    const QString id = q.next() ? q.value(0).toString() : QString();
    q.finish();
    qCInfo(lcAuth) << "created staff login" << m.login << "with role" << m.roleName;
    return id;
}

void StaffAdmin::setRole(db::Connection& c, const QString& login, const QString& roleName)
{
    c.runWithPrimaryMessage(QStringLiteral("SELECT staff_set_role(?, ?)"), {login, roleName},
                            QStringLiteral("changing the role of %1").arg(login))
        .finish();
    qCInfo(lcAuth) << "role of" << login << "set to" << roleName;
}

void StaffAdmin::disable(db::Connection& c, const QString& login)
{
    c.runWithPrimaryMessage(QStringLiteral("SELECT staff_disable(?)"), {login},
                            QStringLiteral("disabling %1").arg(login))
        .finish();
    qCInfo(lcAuth) << "disabled staff login" << login;
}

void StaffAdmin::enable(db::Connection& c, const QString& login)
{
    c.runWithPrimaryMessage(QStringLiteral("SELECT staff_enable(?)"), {login},
                            QStringLiteral("enabling %1").arg(login))
        .finish();
    qCInfo(lcAuth) << "enabled staff login" << login;
}

void StaffAdmin::setPassword(db::Connection& c, const QString& login, const QString& password)
{
    const QString context = QStringLiteral("setting the password of %1").arg(login);
    if (const QString problem = passwordProblem(login, password); !problem.isEmpty())
        throw invalid(problem, context);
    const QString verifier = scramVerifier(c, login, password);
    c.runWithPrimaryMessage(QStringLiteral("SELECT staff_set_password(?, ?)"), {login, verifier}, context)
        .finish();
    qCInfo(lcAuth) << "password of" << login << "set";
}

bool StaffAdmin::unlock(db::Connection& c, const QString& login)
{
    const QString context = QStringLiteral("unlocking %1").arg(login);
    bool wasLocked = false;
    try {
        QSqlQuery& q = c.runWithPrimaryMessage(QStringLiteral("SELECT staff_unlock(?)"), {login}, context);
        wasLocked = q.next() && q.value(0).toBool();
        q.finish();
    } catch (db::DbError& e) {
        if (e.sqlState == QLatin1String("42883")) { // undefined_function
            e.message = QStringLiteral("this database has no staff_unlock(): the sign-in lockout is not "
                                       "installed yet (%1)")
                            .arg(e.message);
            e.context = context;
        }
        throw;
    }
    qCInfo(lcAuth) << "unlock of" << login << (wasLocked ? "lifted a lock" : "found no lock");
    return wasLocked;
}

QList<StaffMember> StaffAdmin::listStaff(db::Connection& c)
{
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral(
            "SELECT s.id, s.login, s.full_name, s.email, r.name, r.display_name, r.level, s.status, "
            "s.locked_until, s.last_login_at, s.created_at "
            "FROM staff s JOIN roles r ON r.id = s.role_id ORDER BY r.level, s.login"),
        {}, QStringLiteral("loading the staff list"));
    QList<StaffMember> list;
    while (q.next()) {
        StaffMember m;
        m.id = q.value(0).toString();
        m.login = q.value(1).toString();
        m.fullName = q.value(2).toString();
        m.email = q.value(3).toString();
        m.roleName = q.value(4).toString();
        m.roleDisplayName = q.value(5).toString();
        m.roleLevel = q.value(6).toInt();
        m.status = q.value(7).toString();
        m.lockedUntil = timestamp(q.value(8));
        m.lastLoginAt = timestamp(q.value(9));
        m.createdAt = timestamp(q.value(10));
        list.append(m);
    }
    q.finish();
    return list;
}

QString StaffAdmin::beginSession(db::Connection& c, const QString& clientHost, const QString& appVersion)
{
    QSqlQuery& q = c.runWithPrimaryMessage(QStringLiteral("SELECT session_begin(?, ?)"),
                                           {clientHost, appVersion}, QStringLiteral("recording the session"));
    const QString id = q.next() ? q.value(0).toString() : QString();
    q.finish();
    return id;
}

bool StaffAdmin::endSession(db::Connection& c, const QString& sessionId)
{
    QSqlQuery& q = c.runWithPrimaryMessage(QStringLiteral("SELECT session_end(?::uuid)"), {sessionId},
                                           QStringLiteral("ending the session"));
    const bool ended = q.next() && q.value(0).toBool();
    q.finish();
    return ended;
}

bool StaffAdmin::terminateSession(db::Connection& c, const QString& sessionId)
{
    QSqlQuery& q = c.runWithPrimaryMessage(QStringLiteral("SELECT session_terminate(?::uuid)"), {sessionId},
                                           QStringLiteral("ending another session"));
    const bool killed = q.next() && q.value(0).toBool();
    q.finish();
    qCInfo(lcAuth) << "terminated session" << sessionId
                   << (killed ? "and its connection" : "(no connection)");
    return killed;
}

QList<StaffSession> StaffAdmin::activeSessions(db::Connection& c)
{
    QSqlQuery& q = c.runWithPrimaryMessage(
        QStringLiteral("SELECT id, staff_id, login, full_name, role_name, backend_pid, client_host, "
                       "app_version, started_at, is_current "
                       "FROM active_sessions()"),
        {}, QStringLiteral("loading the open sessions"));
    QList<StaffSession> list;
    while (q.next()) {
        StaffSession s;
        s.id = q.value(0).toString();
        s.staffId = q.value(1).toString();
        s.login = q.value(2).toString();
        s.fullName = q.value(3).toString();
        s.roleName = q.value(4).toString();
        s.backendPid = q.value(5).toInt();
        s.clientHost = q.value(6).toString();
        s.appVersion = q.value(7).toString();
        s.startedAt = timestamp(q.value(8));
        s.isCurrent = q.value(9).toBool();
        list.append(s);
    }
    q.finish();
    return list;
}

} // namespace opsdeck::auth
