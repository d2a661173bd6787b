#include "DemoWorkspace.h"

#include "DemoSeeder.h"
#include "auth/SignIn.h"
#include "common/Logging.h"
#include "db/Connection.h"
#include "db/MigrationRunner.h"

#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QUuid>

namespace opsdeck::demo {
namespace {

// Login names contain dots, which the driver's escapeIdentifier would split on.
QString quoteIdent(const QString& name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
           QLatin1Char('"');
}

QString connectionName(const char* what)
{
    return QStringLiteral("opsdeck-demo-%1-%2")
        .arg(QLatin1String(what), QUuid::createUuid().toString(QUuid::Id128));
}

} // namespace

QString randomPassword(int length)
{
    static const QString alphabet =
        QStringLiteral("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    QString s;
    s.reserve(length);
    for (int i = 0; i < length; ++i)
        s.append(alphabet.at(int(QRandomGenerator::system()->bounded(quint32(alphabet.size())))));
    return s;
}

void ensureStaffLogin(db::Connection& c, const QString& login, const QString& password)
{
    const QString verifier = auth::scramVerifier(c, login, password);
    QSqlQuery& exists = c.run(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)"),
                              {login}, QStringLiteral("looking up a login"));
    const bool has = exists.next() && exists.value(0).toBool();
    exists.finish();
    // The verifier is a salted hash, never the password; DDL takes no parameters, hence the literal.
    const QString literal = QLatin1Char('\'') +
                            QString(verifier).replace(QLatin1Char('\''), QStringLiteral("''")) +
                            QLatin1Char('\'');
    c.execRaw(QStringLiteral("%1 ROLE %2 LOGIN PASSWORD %3")
                  .arg(has ? QStringLiteral("ALTER") : QStringLiteral("CREATE"), quoteIdent(login), literal),
              QStringLiteral("setting the login of %1").arg(login));
    // Membership follows the staff member's app role: the group of that role (a member of the staff group).
    QSqlQuery& group =
        c.run(QStringLiteral("SELECT staff_role_group(r.name) FROM staff s JOIN roles r ON r.id = "
                             "s.role_id WHERE s.login = ?"),
              {login}, QStringLiteral("finding the role group"));
    if (!group.next())
        throw db::DbError{
            db::DbError::Kind::Query, QStringLiteral("%1 is not a staff member").arg(login), {}, {}};
    const QString roleGroup = group.value(0).toString();
    group.finish();
    c.execRaw(QStringLiteral("GRANT %1 TO %2").arg(quoteIdent(roleGroup), quoteIdent(login)),
              QStringLiteral("granting staff access to %1").arg(login));
}

DemoWorkspace::DemoWorkspace(LocalCluster cluster) : m_cluster(std::move(cluster)) {}

db::ConnectionProfile DemoWorkspace::profileFor(const QString& login) const
{
    return m_cluster.profileFor(login, QString::fromLatin1(kDatabase));
}

QList<DemoLogin> DemoWorkspace::prepare(const std::function<void(const QString&)>& progress)
{
    m_cluster.ensureRunning(progress);
    {
        db::Connection admin(m_cluster.superuserProfile(QStringLiteral("postgres")), QString(),
                             connectionName("admin"));
        QSqlQuery& q =
            admin.run(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ?)"),
                      {QString::fromLatin1(kDatabase)}, QStringLiteral("looking for the demo database"));
        const bool exists = q.next() && q.value(0).toBool();
        q.finish();
        if (!exists) {
            if (progress)
                progress(QStringLiteral("Creating the demo database"));
            admin.execRaw(QStringLiteral("CREATE DATABASE %1").arg(QLatin1String(kDatabase)),
                          QStringLiteral("creating the demo database"));
        }
    }
    db::Connection c(m_cluster.superuserProfile(QString::fromLatin1(kDatabase)), QString(),
                     connectionName("setup"));
    const QStringList applied = db::MigrationRunner().migrate(c, [&](const QString& m) {
        if (progress)
            progress(m);
    });
    if (!applied.isEmpty())
        qCInfo(lcDemo) << "applied" << applied.size() << "migrations";
    if (!hasDemoData(c)) {
        if (progress)
            progress(QStringLiteral("Loading demo data"));
        seedDemo(c, SeedOptions{}, progress);
    }
    if (progress)
        progress(QStringLiteral("Preparing the demo staff logins"));
    QList<DemoLogin> logins;
    QSqlQuery staff = c.execRaw(QStringLiteral("SELECT s.login, s.full_name, r.name FROM staff s "
                                               "JOIN roles r ON r.id = s.role_id ORDER BY r.level, s.login"),
                                QStringLiteral("listing demo staff"));
    while (staff.next())
        logins.append(
            {staff.value(0).toString(), staff.value(1).toString(), staff.value(2).toString(), QString()});
    staff.finish();
    for (auto& l : logins) {
        l.password = randomPassword();
        ensureStaffLogin(c, l.login, l.password);
    }
    return logins;
}

} // namespace opsdeck::demo
