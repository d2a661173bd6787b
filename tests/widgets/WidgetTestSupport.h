#pragma once

// Helpers shared by the widget tests (header only: tests/CMakeLists.txt globs the .cpp files).

#include "TestDatabase.h"
#include "auth/SecretStore.h"
#include "auth/SignIn.h"
#include "db/DbPool.h"
#include "session/Session.h"

#include <QDir>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QPair>
#include <QWidget>
#include <catch2/catch.hpp>
#include <memory>

// Readable QStrings in Catch's failure messages.
namespace Catch {
template <> struct StringMaker<QString>
{
    static std::string convert(const QString& s) { return '"' + s.toStdString() + '"'; }
};
template <> struct StringMaker<QStringList>
{
    static std::string convert(const QStringList& l)
    {
        return "[" + l.join(QStringLiteral(", ")).toStdString() + "]";
    }
};
} // namespace Catch

namespace opsdeck::test {

struct SignedIn
{
    std::shared_ptr<db::DbPool> pool;
    auth::StaffIdentity identity;
};

// With OPSDECK_WIDGET_SHOTS=DIR, tests save what they show there for a person to review.
inline void reviewShot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("OPSDECK_WIDGET_SHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// Signs `staff` in the way the app does (DbPool + auth::loadIdentity); the test may spin the loop.
inline SignedIn signIn(const TestDatabase::Staff& staff)
{
    SignedIn s;
    s.pool = std::make_shared<db::DbPool>(staff.profile, staff.password, 3);
    auto future = auth::loadIdentity(*s.pool);
    REQUIRE(waitFor([&] { return future.isFinished(); }, 20000));
    INFO((future.result().ok() ? QString() : future.result().error().text()).toStdString());
    REQUIRE(future.result().ok());
    s.identity = future.result().value();
    return s;
}

// A signed-in staff member with the Session a window would have (live events, session recording).
struct OpenSession
{
    SignedIn in;
    std::unique_ptr<session::Session> session;
};

inline OpenSession openSession(const TestDatabase::Staff& staff)
{
    OpenSession s;
    s.in = signIn(staff);
    s.session = std::make_unique<session::Session>(s.in.pool, s.in.identity, staff.password);
    return s;
}

// A keychain in memory that records what it was asked, for tests of the remember-password flow.
class MemorySecretStore : public auth::SecretStore
{
public:
    QHash<QString, QString> secrets;
    QList<QPair<QString, QString>> writes;
    QStringList removals;
    QStringList reads;

    QFuture<Result> read(const QString& key) override
    {
        reads << key;
        if (!secrets.contains(key))
            return QtFuture::makeReadyFuture(Result{Status::NotFound, {}, QStringLiteral("not found")});
        return QtFuture::makeReadyFuture(Result{Status::Ok, secrets.value(key), {}});
    }
    QFuture<Result> write(const QString& key, const QString& secret) override
    {
        writes.append({key, secret});
        secrets.insert(key, secret);
        return QtFuture::makeReadyFuture(Result{Status::Ok, {}, {}});
    }
    QFuture<Result> remove(const QString& key) override
    {
        removals << key;
        secrets.remove(key);
        return QtFuture::makeReadyFuture(Result{Status::Ok, {}, {}});
    }
    QString backendName() const override { return QStringLiteral("test keychain"); }
};

} // namespace opsdeck::test
