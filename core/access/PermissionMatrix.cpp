#include "PermissionMatrix.h"

#include "db/Connection.h"

#include <QSqlQuery>

namespace opsdeck::access {

QStringList PermissionMatrix::modules() const
{
    QStringList m;
    for (const auto& p : permissions) {
        if (!m.contains(p.module))
            m << p.module;
    }
    return m;
}

PermissionMatrix loadPermissionMatrix(db::Connection& c)
{
    PermissionMatrix m;
    QSqlQuery& r = c.run(QStringLiteral("SELECT id, name, display_name, level FROM roles ORDER BY level"), {},
                         QStringLiteral("loading roles"));
    while (r.next())
        m.roles.append(
            {r.value(0).toInt(), r.value(1).toString(), r.value(2).toString(), r.value(3).toInt()});
    r.finish();
    QSqlQuery& p = c.run(QStringLiteral("SELECT id, code, module, description, in_seed FROM permissions "
                                        "ORDER BY module, code"),
                         {}, QStringLiteral("loading permissions"));
    while (p.next())
        m.permissions.append({p.value(0).toInt(), p.value(1).toString(), p.value(2).toString(),
                              p.value(3).toString(), p.value(4).toBool()});
    p.finish();
    QSqlQuery& g = c.run(QStringLiteral("SELECT role_id, permission_id FROM role_permissions"), {},
                         QStringLiteral("loading the permission matrix"));
    while (g.next())
        m.grants.insert({g.value(0).toInt(), g.value(1).toInt()});
    g.finish();
    return m;
}

void setPermissionGrant(db::Connection& c, int roleId, int permissionId, bool granted)
{
    if (granted) {
        c.run(QStringLiteral("INSERT INTO role_permissions (role_id, permission_id) VALUES (?, ?) ON "
                             "CONFLICT DO NOTHING"),
              {roleId, permissionId}, QStringLiteral("granting a permission"))
            .finish();
    } else {
        c.run(QStringLiteral("DELETE FROM role_permissions WHERE role_id = ? AND permission_id = ?"),
              {roleId, permissionId}, QStringLiteral("revoking a permission"))
            .finish();
    }
}

} // namespace opsdeck::access
