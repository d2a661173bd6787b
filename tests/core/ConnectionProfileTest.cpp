#include "db/ConnectionProfile.h"

#include <catch2/catch.hpp>

using opsdeck::db::ConnectionProfile;

TEST_CASE("A postgresql:// URI fills every field and hands the password out separately", "[profile]")
{
    QString error, password;
    const auto p =
        ConnectionProfile::parse(QStringLiteral("postgresql://ops%40desk:s3cret@db.example.com:6543/"
                                                "opsdeck?sslmode=verify-full&sslrootcert=/etc/ca.pem"),
                                 &error, &password);
    CHECK(error.isEmpty());
    CHECK(p.host == QStringLiteral("db.example.com"));
    CHECK(p.port == 6543);
    CHECK(p.database == QStringLiteral("opsdeck"));
    CHECK(p.user == QStringLiteral("ops@desk"));
    CHECK(p.sslMode == QStringLiteral("verify-full"));
    CHECK(p.sslRootCert == QStringLiteral("/etc/ca.pem"));
    CHECK(password == QStringLiteral("s3cret"));
    // The password never becomes part of the profile or its printable forms.
    CHECK_FALSE(p.toUri().contains(QStringLiteral("s3cret")));
    CHECK_FALSE(p.displayName().contains(QStringLiteral("s3cret")));
    CHECK(p.connectOptions().contains(QStringLiteral("sslmode=verify-full")));
}

TEST_CASE("libpq key=value strings and socket directories are accepted", "[profile]")
{
    QString error;
    const auto p =
        ConnectionProfile::parse(QStringLiteral("host=/run/pg port=5433 dbname=ops user=dana"), &error);
    CHECK(error.isEmpty());
    CHECK(p.host == QStringLiteral("/run/pg"));
    CHECK(p.port == 5433);
    CHECK(p.user == QStringLiteral("dana"));
    // A socket round-trips through a URI.
    const auto back = ConnectionProfile::parse(p.toUri(), &error);
    CHECK(error.isEmpty());
    CHECK(back.host == p.host);
    CHECK(back.database == p.database);
}

TEST_CASE("A malformed connection string is reported, not guessed", "[profile]")
{
    QString error;
    const auto p = ConnectionProfile::parse(QStringLiteral("postgresql://host:notaport/db"), &error);
    INFO(p.port);
    CHECK_FALSE(error.isEmpty());
    error.clear();
    ConnectionProfile::parse(QStringLiteral("postgresql://host/db?no_such_option=1"), &error);
    CHECK_FALSE(error.isEmpty());
    error.clear();
    ConnectionProfile::parse(QStringLiteral("host=x sslmode=paranoid"), &error);
    CHECK(error.contains(QStringLiteral("sslmode")));
}

TEST_CASE("The libpq environment fills what --db leaves out", "[profile]")
{
    qputenv("PGHOST", "env-host");
    qputenv("PGDATABASE", "envdb");
    qputenv("PGUSER", "envuser");
    QString error, password;
    const auto p =
        ConnectionProfile::fromCommandLine(QStringLiteral("postgresql://cli-host/clidb"), &error, &password);
    qunsetenv("PGHOST");
    qunsetenv("PGDATABASE");
    qunsetenv("PGUSER");
    CHECK(error.isEmpty());
    CHECK(p.host == QStringLiteral("cli-host"));
    CHECK(p.database == QStringLiteral("clidb"));
    CHECK(p.user == QStringLiteral("envuser"));
}
