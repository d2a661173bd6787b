#include "SignIn.h"

#include "common/Logging.h"
#include "db/MigrationRunner.h"

#include <QSqlQuery>
#include <libpq-fe.h>

namespace opsdeck::auth {

bool StaffIdentity::hasAny(const QStringList& list) const
{
    for (const auto& p : list) {
        if (permissions.contains(p))
            return true;
    }
    return false;
}

StaffIdentity loadIdentity(db::Connection& c)
{
    db::MigrationRunner().requireUpToDate(c);
    QSqlQuery& q =
        c.run(QStringLiteral("SELECT s.id, s.login, s.full_name, s.email, r.name, r.display_name, r.level, "
                             "s.status, current_setting('server_version'), session_user "
                             "FROM staff s JOIN roles r ON r.id = s.role_id WHERE s.login = session_user"),
              {}, QStringLiteral("loading your staff profile"));
    if (!q.next()) {
        throw db::DbError{
            db::DbError::Kind::Permission,
            QStringLiteral("The PostgreSQL login \"%1\" is not registered as Opsdeck staff. Ask an "
                           "administrator to add it with `opsdeck-admin staff add`.")
                .arg(c.profile().user),
            QStringLiteral("42501"), QString()};
    }
    StaffIdentity id;
    id.staffId = q.value(0).toString();
    id.login = q.value(1).toString();
    id.fullName = q.value(2).toString();
    id.email = q.value(3).toString();
    id.roleName = q.value(4).toString();
    id.roleDisplayName = q.value(5).toString();
    id.roleLevel = q.value(6).toInt();
    const QString status = q.value(7).toString();
    id.serverVersion = q.value(8).toString();
    q.finish();
    if (status != QLatin1String("active")) {
        throw db::DbError{db::DbError::Kind::Permission,
                          QStringLiteral("The staff account \"%1\" is disabled.").arg(id.login),
                          QStringLiteral("42501"), QString()};
    }
    QSqlQuery& p = c.run(QStringLiteral("SELECT code FROM my_permissions() AS code"), {},
                         QStringLiteral("loading your permissions"));
    while (p.next())
        id.permissions.insert(p.value(0).toString());
    p.finish();
    qCInfo(lcAuth) << "signed in as role" << id.roleName << "with" << id.permissions.size() << "permissions";
    return id;
}

QFuture<db::DbResult<StaffIdentity>> loadIdentity(db::DbPool& pool)
{
    return pool.run([](db::Connection& c) { return loadIdentity(c); });
}

QString scramVerifier(db::Connection& c, const QString& role, const QString& password)
{
    c.ensureOpen();
    PGconn* conn = c.handle();
    if (!conn)
        throw db::DbError::connection(QStringLiteral("no connection"),
                                      QStringLiteral("computing a password verifier"));
    char* verifier = PQencryptPasswordConn(conn, password.toUtf8().constData(), role.toUtf8().constData(),
                                           "scram-sha-256");
    if (!verifier) {
        throw db::DbError{db::DbError::Kind::Query,
                          QString::fromUtf8(PQerrorMessage(conn)).trimmed(),
                          {},
                          QStringLiteral("computing a password verifier")};
    }
    const QString result = QString::fromLatin1(verifier);
    PQfreemem(verifier);
    return result;
}

} // namespace opsdeck::auth
