#pragma once

#include "LocalCluster.h"
#include "db/ConnectionProfile.h"

#include <QList>
#include <QString>
#include <functional>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::demo {

struct DemoLogin
{
    QString login;
    QString fullName;
    QString roleName;
    QString password; // fresh for this start; the app stores it in the keychain
};

// `opsdeck --demo`: a private cluster, the opsdeck_demo database migrated and seeded once, and one
// PostgreSQL login per demo staff member with a fresh random password (set as a SCRAM verifier).
class DemoWorkspace
{
public:
    static constexpr const char* kDatabase = "opsdeck_demo";
    static constexpr const char* kSignInLogin = "dana.okafor"; // the demo super admin

    explicit DemoWorkspace(LocalCluster cluster = LocalCluster());

    // Blocking (run it off the GUI thread). Throws db::DbError.
    QList<DemoLogin> prepare(const std::function<void(const QString&)>& progress = {});
    void stop() { m_cluster.stop(); }

    db::ConnectionProfile profileFor(const QString& login) const;
    static QString profileName() { return QStringLiteral("Demo workspace"); }
    LocalCluster& cluster() { return m_cluster; }

private:
    LocalCluster m_cluster;
};

// Creates (or updates) a staff member's PostgreSQL login with a SCRAM verifier computed on the client
// and makes it a member of this database's staff group. Needs CREATEROLE. Throws db::DbError.
void ensureStaffLogin(db::Connection& connection, const QString& login, const QString& password);

// A random password of `length` characters from the system's secure generator.
QString randomPassword(int length = 24);

} // namespace opsdeck::demo
