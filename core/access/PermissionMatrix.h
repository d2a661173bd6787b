#pragma once

#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::access {

// The editable permission matrix (roles × permissions). The database decides who may change it:
// only holders of system.admin, and nobody for a role above their own level.
struct MatrixRole
{
    int id = 0;
    QString name;
    QString displayName;
    int level = 0;
};

struct MatrixPermission
{
    int id = 0;
    QString code;
    QString module;
    QString description;
    bool inSeed = false;
};

struct PermissionMatrix
{
    QList<MatrixRole> roles;             // by level
    QList<MatrixPermission> permissions; // by module, then code
    QSet<QPair<int, int>> grants;        // (role id, permission id)

    bool granted(int roleId, int permissionId) const { return grants.contains({roleId, permissionId}); }
    QStringList modules() const;
};

// Throws db::DbError.
PermissionMatrix loadPermissionMatrix(db::Connection& connection);

// Grants or revokes one cell. Throws db::DbError (42501 when the database refuses).
void setPermissionGrant(db::Connection& connection, int roleId, int permissionId, bool granted);

} // namespace opsdeck::access
