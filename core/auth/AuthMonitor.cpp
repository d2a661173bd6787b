#include "AuthMonitor.h"

#include "common/Logging.h"
#include "db/Connection.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlQuery>
#include <algorithm>

namespace opsdeck::auth {
namespace {

constexpr qint64 kReadBlock = 1024 * 1024;
constexpr int kMaxWarnings = 5; // per kind of problem and process, then only the counts

// SHA-256 (hex) of a file's first line; empty when it has no complete first line yet.
QByteArray firstLineHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray start = f.read(4096);
    const qsizetype nl = start.indexOf('\n');
    if (nl < 0)
        return start.size() >= 4096 ? QCryptographicHash::hash(start, QCryptographicHash::Sha256).toHex()
                                    : QByteArray();
    return QCryptographicHash::hash(start.left(nl + 1), QCryptographicHash::Sha256).toHex();
}

// Problems the database has with one event (bad data): skip it. Anything else stops the pass.
bool isEventSpecific(const db::DbError& e)
{
    return e.kind == db::DbError::Kind::Constraint || e.sqlState.startsWith(QLatin1String("22"));
}

} // namespace

AuthMonitor::AuthMonitor(QString logDirectory, QString stateFile)
    : m_dir(std::move(logDirectory)), m_stateFile(std::move(stateFile))
{
    loadState();
}

void AuthMonitor::loadState()
{
    if (m_stateFile.isEmpty())
        return;
    QFile f(m_stateFile);
    if (!f.open(QIODevice::ReadOnly))
        return; // first start
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(64 * 1024));
    const QJsonObject o = doc.object();
    const QString file = o.value(QLatin1String("file")).toString();
    const qint64 offset = qint64(o.value(QLatin1String("offset")).toDouble(-1));
    // A name outside the log directory or a negative offset: not ours, start afresh.
    if (file.isEmpty() || file.contains(QLatin1Char('/')) || offset < 0) {
        qCWarning(lcAuth) << "auth monitor: ignoring the unreadable position file" << m_stateFile;
        return;
    }
    m_file = file;
    m_offset = offset;
    m_head = o.value(QLatin1String("head")).toString().toLatin1();
    m_savedAt = QDateTime::fromString(o.value(QLatin1String("saved_at")).toString(), Qt::ISODateWithMs);
    m_savedFile = m_file;
    m_savedOffset = m_offset;
}

void AuthMonitor::saveState()
{
    if (m_stateFile.isEmpty() || (m_file == m_savedFile && m_offset == m_savedOffset))
        return;
    QJsonObject o;
    o.insert(QLatin1String("file"), m_file);
    o.insert(QLatin1String("offset"), double(m_offset));
    o.insert(QLatin1String("head"), QString::fromLatin1(m_head));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    o.insert(QLatin1String("saved_at"), now.toString(Qt::ISODateWithMs));
    QSaveFile f(m_stateFile);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) < 0 ||
        !f.commit()) {
        qCWarning(lcAuth) << "auth monitor: cannot write its position to" << m_stateFile << f.errorString();
        return;
    }
    QFile::setPermissions(m_stateFile, QFile::ReadOwner | QFile::WriteOwner);
    m_savedFile = m_file;
    m_savedOffset = m_offset;
    m_savedAt = now;
}

QList<AuthMonitor::LogFile> AuthMonitor::listFiles(QString* problem) const
{
    QDir dir(m_dir);
    if (!dir.exists()) {
        *problem = QStringLiteral("the PostgreSQL log directory %1 does not exist").arg(m_dir);
        return {};
    }
    if (!QFileInfo(m_dir).isReadable()) {
        *problem = QStringLiteral("the PostgreSQL log directory %1 is not readable by this user").arg(m_dir);
        return {};
    }
    QList<LogFile> files;
    for (const QFileInfo& fi : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files | QDir::Hidden))
        files.append(LogFile{fi.fileName(), fi.lastModified(), fi.size()});
    // Oldest first; the server writes only to the newest.
    std::sort(files.begin(), files.end(), [](const LogFile& a, const LogFile& b) {
        return a.modified != b.modified ? a.modified < b.modified : a.name < b.name;
    });
    if (files.isEmpty())
        *problem =
            QStringLiteral("no jsonlog files (*.json) in %1: is log_destination = 'jsonlog' set?").arg(m_dir);
    return files;
}

AuthMonitor::Pass AuthMonitor::poll(const Reporter& report)
{
    Pass pass;
    QList<LogFile> files = listFiles(&pass.problem);
    if (files.isEmpty())
        return pass;
    auto indexOf = [&](const QString& name) {
        for (int i = 0; i < files.size(); ++i) {
            if (files[i].name == name)
                return i;
        }
        return -1;
    };
    int current = indexOf(m_file);
    if (current < 0) {
        current = int(files.size()) - 1; // first start: the newest file, from its beginning
        if (!m_file.isEmpty()) {
            // The file we were reading is gone: continue with the first one written since we last
            // saved our position (reading a line twice is harmless, missing one is not).
            for (int i = 0; i < files.size(); ++i) {
                if (m_savedAt.isValid() && files[i].modified >= m_savedAt) {
                    current = i;
                    break;
                }
            }
            qCInfo(lcAuth) << "auth monitor:" << m_file << "is gone; continuing with" << files[current].name;
        }
        m_file = files[current].name;
        m_offset = 0;
        m_head.clear();
    }

    qint64 budget = kMaxBytesPerPass;
    try {
        for (;;) {
            const QString path = QDir(m_dir).filePath(m_file);
            // A later file means the server rotated: this one is complete, read it to its very end.
            const bool superseded = current + 1 < files.size();
            const QByteArray head = firstLineHash(path);
            if (m_offset > 0 && !m_head.isEmpty() && !head.isEmpty() && head != m_head) {
                qCInfo(lcAuth) << "auth monitor:" << m_file << "was replaced; reading it from the start";
                m_offset = 0;
            }
            m_head = head;
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                pass.problem = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
                break;
            }
            if (f.size() < m_offset) {
                qCInfo(lcAuth) << "auth monitor:" << m_file << "was truncated; reading it from the start";
                m_offset = 0;
            }
            f.seek(m_offset);
            QByteArray buffer;
            bool eof = false;
            while (budget > 0) {
                const QByteArray block = f.read(kReadBlock);
                if (block.isEmpty()) {
                    eof = true;
                    break;
                }
                budget -= block.size();
                buffer += block;
                qsizetype start = 0;
                for (qsizetype nl = buffer.indexOf('\n', start); nl >= 0; nl = buffer.indexOf('\n', start)) {
                    const QByteArrayView line(buffer.constData() + start, nl - start);
                    if (m_skippingLongLine)
                        m_skippingLongLine = false; // the rest of an over-long line
                    else
                        handleLine(line, report, pass);
                    m_offset += nl - start + 1;
                    start = nl + 1;
                }
                buffer.remove(0, start);
                if (buffer.size() > kMaxLineBytes) {
                    // No jsonlog line is this long: skip to the next newline.
                    if (!m_skippingLongLine) {
                        ++pass.malformed;
                        ++m_totals.malformed;
                    }
                    m_skippingLongLine = true;
                    m_offset += buffer.size();
                    buffer.clear();
                }
            }
            if (!eof) {
                pass.more = true; // budget spent; the rest next time
                break;
            }
            if (!superseded)
                break; // the newest file: an incomplete last line is still being written
            if (!buffer.isEmpty() && !m_skippingLongLine)
                handleLine(buffer, report, pass);
            m_offset += buffer.size();
            m_skippingLongLine = false;
            ++current;
            qCInfo(lcAuth) << "auth monitor: finished" << m_file << "; following" << files[current].name;
            m_file = files[current].name;
            m_offset = 0;
            m_head.clear();
        }
    } catch (const db::DbError&) {
        saveState(); // up to the line that could not be reported
        throw;
    }
    saveState();
    return pass;
}

void AuthMonitor::handleLine(QByteArrayView line, const Reporter& report, Pass& pass)
{
    const ParsedLogLine parsed = parseJsonLogLine(line);
    if (parsed.kind == LogLineKind::Empty)
        return;
    ++pass.lines;
    ++m_totals.lines;
    if (parsed.kind == LogLineKind::Malformed) {
        if (m_totals.malformed++ < kMaxWarnings)
            qCWarning(lcAuth) << "auth monitor: skipping a line that is no jsonlog record in" << m_file
                              << "at offset" << m_offset;
        ++pass.malformed;
        return;
    }
    if (parsed.kind != LogLineKind::AuthFailure)
        return;
    const AuthFailureEvent& e = parsed.event;
    try {
        const bool locked = report(e); // a Connection or Permission error leaves before m_offset moves
        ++pass.failures;
        ++m_totals.failures;
        if (locked) {
            ++pass.locks;
            ++m_totals.locks;
            qCWarning(lcAuth).noquote()
                << QStringLiteral(
                       "auth monitor: locked the login %1 after repeated failed sign-ins (the last "
                       "from %2 at %3)")
                       .arg(e.login, e.remoteHost.isEmpty() ? QStringLiteral("?") : e.remoteHost,
                            e.timestampText);
        }
    } catch (const db::DbError& err) {
        if (!isEventSpecific(err))
            throw;
        if (m_totals.rejected++ < kMaxWarnings)
            qCWarning(lcAuth).noquote()
                << "auth monitor: the database refused a failure record:" << err.text();
        ++pass.rejected;
    }
}

bool recordAuthFailure(db::Connection& c, const AuthFailureEvent& e)
{
    try {
        QSqlQuery& q = c.run(
            QStringLiteral("SELECT record_auth_failure(?, ?::timestamptz, ?::inet, ?)"),
            {e.login, e.timestampText,
             e.clientAddress.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.clientAddress),
             e.reason},
            QStringLiteral("reporting a failed sign-in"));
        const bool locked = q.next() && q.value(0).toBool();
        q.finish();
        return locked;
    } catch (db::DbError& err) {
        c.noteFailure(err); // a broken connection becomes a Connection error: retried, never skipped
        throw;
    }
}

int releaseExpiredLocks(db::Connection& c)
{
    try {
        QSqlQuery& q = c.run(QStringLiteral("SELECT auth_release_expired_locks()"), {},
                             QStringLiteral("releasing expired sign-in locks"));
        const int n = q.next() ? q.value(0).toInt() : 0;
        q.finish();
        return n;
    } catch (db::DbError& err) {
        c.noteFailure(err);
        throw;
    }
}

} // namespace opsdeck::auth
