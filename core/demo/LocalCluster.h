#pragma once

#include "db/ConnectionProfile.h"

#include <QString>
#include <QStringList>
#include <functional>

namespace opsdeck::demo {

// A private PostgreSQL cluster made with the system's initdb / pg_ctl: its own data folder, no TCP
// listener, a socket in a 0700 folder beside it. The OS user who runs Opsdeck reaches the cluster's
// superuser by peer authentication (pg_ident map); staff logins use SCRAM passwords.
// PostgreSQL refuses to run as root, so when root starts it the cluster runs as `postgres`.
class LocalCluster
{
public:
    explicit LocalCluster(QString baseDir = defaultBaseDir());

    // $OPSDECK_DEMO_DIR, else /var/tmp/opsdeck-demo-<uid> for root, else <AppDataLocation>/demo-cluster.
    static QString defaultBaseDir();

    QString baseDir() const { return m_baseDir; }
    QString dataDir() const;
    QString socketDir() const;
    QString superuser() const;
    int port() const { return 5432; } // only names the socket file; nothing listens on TCP

    // initdb when the folder is new, then start the server unless it runs. Blocking; throws
    // db::DbError with the tool's output when a step fails.
    void ensureRunning(const std::function<void(const QString&)>& progress = {});
    bool isRunning() const;
    void stop();
    // Restarts a running server (settings that need a restart, such as logging_collector).
    // Blocking; throws db::DbError with the tool's output when it fails.
    void restart();

    db::ConnectionProfile superuserProfile(const QString& database = QStringLiteral("postgres")) const;
    db::ConnectionProfile profileFor(const QString& login, const QString& database) const;

private:
    bool runAsClusterUser(const QString& tool, const QStringList& args, QString* output,
                          int timeoutMs = 120000) const;
    void writeClusterFile(const QString& path, const QByteArray& content) const;
    void prepareDirectories() const;

    QString m_baseDir;
    QString m_binDir;
    bool m_asRoot = false;
};

// The PostgreSQL server binaries (initdb, pg_ctl): $OPSDECK_PG_BINDIR, else the newest
// /usr/lib/postgresql/<version>/bin, else the PATH.
QString postgresBinDir();

} // namespace opsdeck::demo
