#pragma once

#include <QMetaType>
#include <QSet>
#include <QString>

namespace opsdeck::auth {

// The signed-in staff member as the database resolves their PostgreSQL login: name, app role and
// permission set. The client only uses it to hide what the role cannot do; PostgreSQL refuses it.
struct StaffIdentity
{
    QString staffId;
    QString login;
    QString fullName;
    QString email;
    QString roleName;        // super_admin … viewer
    QString roleDisplayName; // Super Admin … Viewer
    int roleLevel = 0;       // 1 (highest) … 8
    QSet<QString> permissions;
    QString serverVersion;

    bool has(const QString& permission) const { return permissions.contains(permission); }
    bool hasAny(const QStringList& list) const;
    bool isValid() const { return !staffId.isEmpty(); }
};

} // namespace opsdeck::auth

Q_DECLARE_METATYPE(opsdeck::auth::StaffIdentity)
