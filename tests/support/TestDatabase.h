#pragma once

#include "db/Connection.h"
#include "db/ConnectionProfile.h"

#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

namespace opsdeck::test {

// A fresh database on the throwaway cluster scripts/test.sh starts (OPSDECK_TEST_PGHOST,
// OPSDECK_TEST_PGPORT, OPSDECK_TEST_PGUSER), migrated unless asked not to, dropped afterwards
// together with every login role the test created.
class TestDatabase
{
public:
    explicit TestDatabase(bool migrate = true);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    QString name() const { return m_name; }
    db::ConnectionProfile superuserProfile() const;
    // A superuser connection owned by the calling thread (the test's main thread).
    db::Connection& admin();
    // Runs SQL as superuser; throws db::DbError.
    void exec(const QString& sql);
    // First column of the first row.
    QVariant scalar(const QString& sql);

    struct Staff
    {
        QString login;
        QString password;
        db::ConnectionProfile profile;
    };
    // A staff row of role `roleName` with its own PostgreSQL login (SCRAM password).
    // The login is "<database>.<loginSuffix>" (the role name unless given).
    Staff createStaff(const QString& roleName, const QString& fullName = QStringLiteral("Test Staff"),
                      const QString& loginSuffix = QString());

    // The demo data at `scale` (sql/demo).
    void seedDemo(int scale = 1);

    static db::ConnectionProfile clusterProfile(const QString& database);

private:
    QString m_name;
    std::unique_ptr<db::Connection> m_admin;
    QStringList m_roles;
};

// Spins the event loop until `condition` holds or `timeoutMs` passes; returns the condition.
bool waitFor(const std::function<bool()>& condition, int timeoutMs = 5000);

} // namespace opsdeck::test
