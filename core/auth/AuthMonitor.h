#pragma once

#include "JsonLogReader.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <functional>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::auth {

// Follows PostgreSQL 15's jsonlog (log_destination = 'jsonlog', logging_collector = on) in one log
// directory and reports every failed sign-in it finds (security issue, item 6). It reads the newest
// *.json file and moves on to the next when the server rotates, finishing the old one first; its
// position (file name, offset, a hash of the file's first line to notice a file that was truncated
// or replaced under the same name) is kept in a small state file, so a restart continues where it
// stopped. Without a state file it starts at the beginning of the newest file. Reading a line twice
// is harmless: record_auth_failure() records each attempt once.
class AuthMonitor
{
public:
    // Reports one failure; returns whether the database locked the login. Throws db::DbError.
    using Reporter = std::function<bool(const AuthFailureEvent&)>;

    AuthMonitor(QString logDirectory, QString stateFile);

    struct Pass
    {
        int lines = 0;     // complete lines read
        int failures = 0;  // failed sign-ins reported
        int locks = 0;     // logins the database locked
        int malformed = 0; // lines that were no jsonlog line (skipped)
        int rejected = 0;  // failures the database refused (skipped)
        bool more = false; // stopped at the per-pass limit: call again soon
        QString problem;   // why nothing could be read (no directory, no files, unreadable file)
    };

    // Reads the complete lines written since the last pass. A db::DbError of kind Connection or
    // Permission stops the pass before the failure it could not report (the next pass retries it)
    // and is rethrown; any other database error skips that one failure (counted as rejected).
    Pass poll(const Reporter& report);

    struct Totals
    {
        qint64 lines = 0, failures = 0, locks = 0, malformed = 0, rejected = 0;
    };
    const Totals& totals() const { return m_totals; }
    QString currentFile() const { return m_file; }
    qint64 offset() const { return m_offset; }
    QString stateFile() const { return m_stateFile; }

    // Limits of one pass, so a large backlog never blocks the caller's event loop for long.
    static constexpr qint64 kMaxBytesPerPass = 8 * 1024 * 1024;
    static constexpr qint64 kMaxLineBytes = 4 * 1024 * 1024;

private:
    struct LogFile
    {
        QString name;
        QDateTime modified;
        qint64 size = 0;
    };
    QList<LogFile> listFiles(QString* problem) const;
    void handleLine(QByteArrayView line, const Reporter& report, Pass& pass);
    void loadState();
    void saveState();

    QString m_dir;
    QString m_stateFile;
    QString m_file; // current file name, inside m_dir
    qint64 m_offset = 0;
    QByteArray m_head; // SHA-256 (hex) of the current file's first line, empty while unknown
    QDateTime m_savedAt;
    QString m_savedFile;
    qint64 m_savedOffset = -1;
    bool m_skippingLongLine = false;
    Totals m_totals;
};

// record_auth_failure(login, occurred_at, client_address, reason) on `connection`: true when the
// database locked the login. Throws db::DbError.
bool recordAuthFailure(db::Connection& connection, const AuthFailureEvent& event);

// auth_release_expired_locks(): how many locks ended. Throws db::DbError.
int releaseExpiredLocks(db::Connection& connection);

} // namespace opsdeck::auth
