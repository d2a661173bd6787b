#include "Logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMutex>
#include <QStandardPaths>
#include <atomic>
#include <cstdio>

Q_LOGGING_CATEGORY(lcApp, "opsdeck.app")
Q_LOGGING_CATEGORY(lcDb, "opsdeck.db")
Q_LOGGING_CATEGORY(lcListener, "opsdeck.listener")
Q_LOGGING_CATEGORY(lcMigrations, "opsdeck.migrations")
Q_LOGGING_CATEGORY(lcAuth, "opsdeck.auth")
Q_LOGGING_CATEGORY(lcKeychain, "opsdeck.keychain")
Q_LOGGING_CATEGORY(lcDemo, "opsdeck.demo")
Q_LOGGING_CATEGORY(lcWorker, "opsdeck.worker")
Q_LOGGING_CATEGORY(lcUi, "opsdeck.ui")
// One debug line per delivery attempt: off unless asked for (QT_LOGGING_RULES="opsdeck.queue.debug=true").
Q_LOGGING_CATEGORY(lcQueue, "opsdeck.queue", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAlerts, "opsdeck.alerts")

namespace opsdeck::common {
namespace {

struct LogSink
{
    QMutex mutex;
    QFile file;
    QString path;
    qint64 maxBytes = 0;
    int keep = 0;
};

LogSink& sink()
{
    static LogSink s;
    return s;
}

const char* levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "?";
}

void rotateLocked(LogSink& s)
{
    s.file.close();
    QFile::remove(s.path + QLatin1Char('.') + QString::number(s.keep));
    for (int i = s.keep - 1; i >= 1; --i) {
        QFile::rename(s.path + QLatin1Char('.') + QString::number(i),
                      s.path + QLatin1Char('.') + QString::number(i + 1));
    }
    QFile::rename(s.path, s.path + QStringLiteral(".1"));
    s.file.setFileName(s.path);
    s.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
}

std::atomic<FILE*> g_console{stderr};

void handler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const QByteArray line =
        QStringLiteral("%1 %2 %3: %4\n")
            .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                 QString::fromLatin1(levelName(type)),
                 QString::fromLatin1(context.category ? context.category : "default"), message)
            .toUtf8();
    FILE* console = g_console.load();
    std::fwrite(line.constData(), 1, size_t(line.size()), console);
    if (console == stdout)
        std::fflush(stdout); // line by line into the journal, not in blocks
    LogSink& s = sink();
    QMutexLocker lock(&s.mutex);
    if (s.file.isOpen()) {
        if (s.file.size() + line.size() > s.maxBytes)
            rotateLocked(s);
        s.file.write(line);
        s.file.flush();
    }
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

void installLogHandler(const QString& dir, const QString& baseName, qint64 maxBytes, int keep)
{
    LogSink& s = sink();
    {
        QMutexLocker lock(&s.mutex);
        QDir().mkpath(dir);
        s.path = QDir(dir).filePath(baseName + QStringLiteral(".log"));
        s.maxBytes = maxBytes;
        s.keep = qMax(1, keep);
        s.file.close();
        s.file.setFileName(s.path);
        if (!s.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
            std::fprintf(stderr, "opsdeck: cannot write log file %s\n", qPrintable(s.path));
        else
            QFile::setPermissions(s.path, QFile::ReadOwner | QFile::WriteOwner);
    }
    qInstallMessageHandler(handler);
}

void logToStandardOutput(bool on)
{
    g_console.store(on ? stdout : stderr);
}

QString defaultLogDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("logs"));
}

QString currentLogFile()
{
    LogSink& s = sink();
    QMutexLocker lock(&s.mutex);
    return s.file.isOpen() ? s.path : QString();
}

} // namespace opsdeck::common
