#pragma once

#include <QLoggingCategory>
#include <QString>

// One category per component; the central handler below writes them all to one rotating file.
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcDb)
Q_DECLARE_LOGGING_CATEGORY(lcListener)
Q_DECLARE_LOGGING_CATEGORY(lcMigrations)
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcKeychain)
Q_DECLARE_LOGGING_CATEGORY(lcDemo)
Q_DECLARE_LOGGING_CATEGORY(lcWorker)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcQueue)
Q_DECLARE_LOGGING_CATEGORY(lcAlerts)

namespace opsdeck::common {

// Installs the process-wide message handler: every message goes to stderr and to
// <dir>/<baseName>.log, which rotates at maxBytes keeping `keep` old files (.1 … .keep).
// Callers never log secrets or PII; the handler does not try to scrub them.
void installLogHandler(const QString& dir, const QString& baseName, qint64 maxBytes = 5 * 1024 * 1024,
                       int keep = 5);

// Headless programs (opsdeck-worker under systemd) log to stdout instead of stderr.
void logToStandardOutput(bool on);

// The folder the programs log to by default: <AppLocalDataLocation>/logs.
QString defaultLogDirectory();

// Where the current handler writes, empty when none is installed.
QString currentLogFile();

} // namespace opsdeck::common
