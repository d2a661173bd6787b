#include "LocalCluster.h"

#include "common/Logging.h"
#include "db/DbError.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QVersionNumber>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace opsdeck::demo {
namespace {

constexpr const char* kClusterUserWhenRoot = "postgres";

QString osUserName()
{
    if (passwd* pw = getpwuid(geteuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER");
}

db::DbError clusterError(const QString& what, const QString& output)
{
    QString tail = output.trimmed();
    if (tail.size() > 1500)
        tail = QStringLiteral("…") + tail.right(1500);
    return db::DbError{db::DbError::Kind::Connection,
                       tail.isEmpty() ? what : what + QStringLiteral(":\n") + tail,
                       {},
                       QStringLiteral("demo workspace")};
}

} // namespace

QString postgresBinDir()
{
    const QString env = qEnvironmentVariable("OPSDECK_PG_BINDIR");
    if (!env.isEmpty())
        return env;
    QDir lib(QStringLiteral("/usr/lib/postgresql"));
    QVersionNumber best;
    QString bestDir;
    for (const QString& v : lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QVersionNumber n = QVersionNumber::fromString(v);
        if (QFile::exists(lib.filePath(v + QStringLiteral("/bin/pg_ctl"))) && n > best) {
            best = n;
            bestDir = lib.filePath(v + QStringLiteral("/bin"));
        }
    }
    if (!bestDir.isEmpty())
        return bestDir;
    const QString pgctl = QStandardPaths::findExecutable(QStringLiteral("pg_ctl"));
    return pgctl.isEmpty() ? QString() : QFileInfo(pgctl).absolutePath();
}

LocalCluster::LocalCluster(QString baseDir) : m_baseDir(std::move(baseDir)), m_binDir(postgresBinDir())
{
    m_asRoot = geteuid() == 0;
}

QString LocalCluster::defaultBaseDir()
{
    const QString env = qEnvironmentVariable("OPSDECK_DEMO_DIR");
    if (!env.isEmpty())
        return env;
    if (geteuid() == 0) // root's home is closed to the postgres user
        return QStringLiteral("/var/tmp/opsdeck-demo-0");
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("demo-cluster"));
}

QString LocalCluster::dataDir() const
{
    return QDir(m_baseDir).filePath(QStringLiteral("data"));
}

QString LocalCluster::socketDir() const
{
    return QDir(m_baseDir).filePath(QStringLiteral("socket"));
}

QString LocalCluster::superuser() const
{
    return m_asRoot ? QString::fromLatin1(kClusterUserWhenRoot) : osUserName();
}

bool LocalCluster::runAsClusterUser(const QString& tool, const QStringList& args, QString* output,
                                    int timeoutMs) const
{
    const QString exe = QDir(m_binDir).filePath(tool);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_baseDir);
    if (m_asRoot)
        p.start(QStringLiteral("runuser"),
                QStringList{QStringLiteral("-u"), QString::fromLatin1(kClusterUserWhenRoot),
                            QStringLiteral("--"), exe} +
                    args);
    else
        p.start(exe, args);
    if (!p.waitForStarted(10000)) {
        if (output)
            *output = QStringLiteral("cannot start %1: %2").arg(exe, p.errorString());
        return false;
    }
    p.waitForFinished(timeoutMs);
    if (output)
        *output = QString::fromLocal8Bit(p.readAll());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

void LocalCluster::writeClusterFile(const QString& path, const QByteArray& content) const
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw clusterError(QStringLiteral("Cannot write %1").arg(path), f.errorString());
    f.write(content);
    f.close();
    if (m_asRoot) {
        if (passwd* pw = getpwnam(kClusterUserWhenRoot))
            (void)::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid);
    }
}

void LocalCluster::prepareDirectories() const
{
    for (const QString& d : {m_baseDir, socketDir()}) {
        if (!QDir().mkpath(d))
            throw clusterError(QStringLiteral("Cannot create %1").arg(d), QString());
        QFile::setPermissions(d, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        if (m_asRoot) {
            passwd* pw = getpwnam(kClusterUserWhenRoot);
            if (!pw)
                throw clusterError(QStringLiteral("Running as root needs the `postgres` system user (package "
                                                  "postgresql)"),
                                   QString());
            if (::chown(QFile::encodeName(d).constData(), pw->pw_uid, pw->pw_gid) != 0)
                throw clusterError(QStringLiteral("Cannot hand %1 to the postgres user").arg(d), QString());
        }
    }
}

bool LocalCluster::isRunning() const
{
    QString out;
    return QFile::exists(dataDir() + QStringLiteral("/PG_VERSION")) &&
           runAsClusterUser(QStringLiteral("pg_ctl"),
                            {QStringLiteral("-D"), dataDir(), QStringLiteral("status")}, &out, 10000);
}

void LocalCluster::ensureRunning(const std::function<void(const QString&)>& progress)
{
    if (m_binDir.isEmpty())
        throw clusterError(
            QStringLiteral("PostgreSQL server programs (initdb, pg_ctl) are not installed; install "
                           "the `postgresql` package"),
            QString());
    prepareDirectories();
    QString out;
    if (!QFile::exists(dataDir() + QStringLiteral("/PG_VERSION"))) {
        if (progress)
            progress(QStringLiteral("Creating the demo database cluster"));
        qCInfo(lcDemo) << "initdb in" << dataDir();
        if (!runAsClusterUser(QStringLiteral("initdb"),
                              {QStringLiteral("-D"), dataDir(), QStringLiteral("-U"), superuser(),
                               QStringLiteral("-E"), QStringLiteral("UTF8"),
                               QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--auth-local=peer"),
                               QStringLiteral("--auth-host=scram-sha-256")},
                              &out))
            throw clusterError(QStringLiteral("initdb failed"), out);
        // The OS user running Opsdeck may act as the cluster's superuser; everyone else needs a password.
        writeClusterFile(dataDir() + QStringLiteral("/pg_hba.conf"),
                         QStringLiteral("local all %1 peer map=opsdeck\nlocal all all scram-sha-256\n")
                             .arg(superuser())
                             .toUtf8());
        writeClusterFile(dataDir() + QStringLiteral("/pg_ident.conf"),
                         QStringLiteral("opsdeck %1 %2\n").arg(osUserName(), superuser()).toUtf8());
        writeClusterFile(dataDir() + QStringLiteral("/postgresql.auto.conf"),
                         QStringLiteral("listen_addresses = ''\n"
                                        "unix_socket_directories = '%1'\n"
                                        "port = %2\n"
                                        "password_encryption = 'scram-sha-256'\n"
                                        "max_connections = 100\n"
                                        "shared_buffers = '128MB'\n")
                             .arg(socketDir())
                             .arg(port())
                             .toUtf8());
    }
    if (isRunning())
        return;
    if (progress)
        progress(QStringLiteral("Starting the demo database"));
    qCInfo(lcDemo) << "starting the demo cluster";
    if (!runAsClusterUser(QStringLiteral("pg_ctl"),
                          {QStringLiteral("-D"), dataDir(), QStringLiteral("-l"),
                           QDir(m_baseDir).filePath(QStringLiteral("server.log")), QStringLiteral("-w"),
                           QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start")},
                          &out)) {
        QFile log(QDir(m_baseDir).filePath(QStringLiteral("server.log")));
        QString logTail;
        if (log.open(QIODevice::ReadOnly))
            logTail = QString::fromLocal8Bit(log.readAll()).right(1000);
        throw clusterError(QStringLiteral("The demo database did not start"), out + logTail);
    }
}

void LocalCluster::stop()
{
    if (!QFile::exists(dataDir() + QStringLiteral("/postmaster.pid")))
        return;
    QString out;
    qCInfo(lcDemo) << "stopping the demo cluster";
    if (!runAsClusterUser(QStringLiteral("pg_ctl"),
                          {QStringLiteral("-D"), dataDir(), QStringLiteral("-m"), QStringLiteral("fast"),
                           QStringLiteral("-w"), QStringLiteral("stop")},
                          &out, 60000))
        qCWarning(lcDemo) << "pg_ctl stop failed:" << out.trimmed();
}

void LocalCluster::restart()
{
    QString out;
    qCInfo(lcDemo) << "restarting the demo cluster";
    if (!runAsClusterUser(QStringLiteral("pg_ctl"),
                          {QStringLiteral("-D"), dataDir(), QStringLiteral("-l"),
                           QDir(m_baseDir).filePath(QStringLiteral("server.log")), QStringLiteral("-m"),
                           QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("-t"),
                           QStringLiteral("60"), QStringLiteral("restart")},
                          &out))
        throw clusterError(QStringLiteral("The demo database did not restart"), out);
}

db::ConnectionProfile LocalCluster::superuserProfile(const QString& database) const
{
    return profileFor(superuser(), database);
}

db::ConnectionProfile LocalCluster::profileFor(const QString& login, const QString& database) const
{
    db::ConnectionProfile p;
    p.name = QStringLiteral("Demo workspace");
    p.host = socketDir();
    p.port = port();
    p.database = database;
    p.user = login;
    p.sslMode = QStringLiteral("disable"); // a Unix socket: nothing to encrypt
    return p;
}

} // namespace opsdeck::demo
