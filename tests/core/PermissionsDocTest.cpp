#include "TestDatabase.h"

#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSqlQuery>
#include <catch2/catch.hpp>

using namespace opsdeck;

TEST_CASE("docs/permissions.md lists every permission with exactly the roles that hold it", "[rbac][docs]")
{
    QFile f(QStringLiteral(OPSDECK_SOURCE_DIR "/docs/permissions.md"));
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QString doc = QString::fromUtf8(f.readAll());
    // | `code` | seed | description | role, role |
    static const QRegularExpression row(
        QStringLiteral("^\\| `([a-z_.]+)` \\| (seed)? \\| [^|]* \\| ([a-z_, ]*) \\|$"),
        QRegularExpression::MultilineOption);
    QMap<QString, QString> documented;
    QMap<QString, bool> documentedSeed;
    for (auto it = row.globalMatch(doc); it.hasNext();) {
        const auto m = it.next();
        documented.insert(m.captured(1), m.captured(3).trimmed());
        documentedSeed.insert(m.captured(1), !m.captured(2).isEmpty());
    }

    test::TestDatabase db;
    QSqlQuery q = db.admin().execRaw(
        QStringLiteral(
            "SELECT p.code, p.in_seed, coalesce((SELECT string_agg(r.name, ', ' ORDER BY r.level) "
            "FROM role_permissions rp JOIN roles r ON r.id = rp.role_id WHERE rp.permission_id = p.id), '') "
            "FROM permissions p ORDER BY p.id"),
        {});
    int n = 0;
    while (q.next()) {
        ++n;
        const QString code = q.value(0).toString();
        INFO(code.toStdString());
        REQUIRE(documented.contains(code));
        CHECK(documented.value(code) == q.value(2).toString());
        CHECK(documentedSeed.value(code) == q.value(1).toBool());
    }
    CHECK(documented.size() == n);
}
