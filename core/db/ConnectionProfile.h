#pragma once

#include <QString>

namespace opsdeck::db {

// Where to connect, without the password. Empty fields fall back to libpq's own defaults and
// environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGSSLMODE, PGSSLROOTCERT, PGPASSWORD, ~/.pgpass).
struct ConnectionProfile
{
    QString name; // the profile's display name ("Production", "Demo workspace")
    QString host; // host name, IP address or a Unix socket directory
    int port = 0; // 0: libpq default
    QString database;
    QString user;        // the PostgreSQL login role
    QString sslMode;     // disable / allow / prefer / require / verify-ca / verify-full
    QString sslRootCert; // CA file for verify-ca / verify-full
    QString applicationName = QStringLiteral("opsdeck");

    // Parses a `postgresql://` URI or a libpq key=value string (PQconninfoParse does both).
    // A password in the string is returned through `password` and never kept in the profile.
    static ConnectionProfile parse(const QString& conninfo, QString* error = nullptr,
                                   QString* password = nullptr);

    // What the command-line tools use: `--db` (URI or key=value; may be empty) over the libpq
    // environment. Sets `error` when the string cannot be parsed.
    static ConnectionProfile fromCommandLine(const QString& conninfo, QString* error, QString* password);

    // The profile the libpq environment describes (PGHOST, PGPORT, ...).
    static ConnectionProfile fromEnvironment();

    // Fields left empty here are taken from `fallback`.
    ConnectionProfile mergedWith(const ConnectionProfile& fallback) const;

    // Options for QSqlDatabase::setConnectOptions: ssl, application name, time-outs, keepalives.
    QString connectOptions() const;

    // "user@host:port/database" for headers and logs (never a password).
    QString displayName() const;

    // postgresql:// URI without a password.
    QString toUri() const;

    bool isValidSslMode() const;

    bool operator==(const ConnectionProfile&) const = default;
};

} // namespace opsdeck::db
