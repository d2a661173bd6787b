#pragma once

#include <QByteArrayView>
#include <QDateTime>
#include <QString>

namespace opsdeck::auth {

// One failed sign-in, as PostgreSQL 15's jsonlog wrote it.
struct AuthFailureEvent
{
    QString login;         // "user": the login the client asked for
    QString timestampText; // "timestamp" as written ("2026-11-21 08:10:15.243 UTC"); the server parses it
    QDateTime occurredAt;  // the same instant when the zone is UTC/GMT or a numeric offset, else invalid
    QString
        remoteHost; // "remote_host": an address, "[local]" for a Unix socket (or a name with log_hostname)
    QString clientAddress; // remoteHost as a normalised IP address; empty for a socket or a host name
    QString reason;        // auth_failures.reason: password / unknown_login / locked / other
    QString stateCode;     // 28P01 or 28000
    QString message;       // the server's message, for the worker's log
};

enum class LogLineKind
{
    Empty,       // blank line
    Malformed,   // not a JSON object with the fields every jsonlog line has
    Other,       // a valid log line that is no failed sign-in
    AuthFailure, // FATAL with SQLSTATE 28P01 (password) or 28000 (no pg_hba.conf entry, no such role, ...)
};

struct ParsedLogLine
{
    LogLineKind kind = LogLineKind::Empty;
    AuthFailureEvent event; // set for AuthFailure
};

// Classifies one line of a jsonlog file (without its newline). Never throws; anything unexpected
// is Malformed. The reason follows the message and detail:
//   28P01 "password authentication failed for user …"            → password
//         … with detail "Role … does not exist."                  → unknown_login
//         … with detail "User … has an expired password."         → locked (a locked login, any password)
//   28000 "role … does not exist"                                 → unknown_login
//         "role … is not permitted to log in"                     → locked
//         "no pg_hba.conf entry …", "pg_hba.conf rejects …", peer/ident/cert failures → other
ParsedLogLine parseJsonLogLine(QByteArrayView line);

// "2026-11-21 08:10:15.243 UTC" (also GMT, +05, -03:30) → an instant; invalid for other zone names.
QDateTime parseLogTimestamp(const QString& text);

} // namespace opsdeck::auth
