#include "WorkerService.h"
#include "common/Logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    (void)!::write(g_signalFd[0], &c, 1);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("opsdeck-worker"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPSDECK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Opsdeck engines without a window"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(QStringLiteral("db"),
                                QStringLiteral("Database (postgresql:// URI or key=value)."),
                                QStringLiteral("conninfo"));
    QCommandLineOption beatOption(QStringLiteral("heartbeat-ms"), QStringLiteral("Heartbeat interval."),
                                  QStringLiteral("ms"), QStringLiteral("5000"));
    QCommandLineOption logDirOption(QStringLiteral("log-dir"),
                                    QStringLiteral("Folder for the rotating log file."),
                                    QStringLiteral("dir"));
    QCommandLineOption authMonitorOption(
        QStringLiteral("auth-monitor"),
        QStringLiteral(
            "Follow PostgreSQL's jsonlog on this host and report failed sign-ins; locks a login "
            "after repeated failures (needs --pg-log-dir and the system.auth_monitor permission)."));
    QCommandLineOption pgLogDirOption(QStringLiteral("pg-log-dir"),
                                      QStringLiteral("PostgreSQL's log_directory (with --auth-monitor)."),
                                      QStringLiteral("dir"));
    QCommandLineOption authPollOption(QStringLiteral("auth-poll-ms"),
                                      QStringLiteral("How often --auth-monitor reads the log."),
                                      QStringLiteral("ms"), QStringLiteral("1000"));
    QCommandLineOption authStateOption(
        QStringLiteral("auth-state-file"),
        QStringLiteral("Where --auth-monitor keeps its log position (default: beside the worker's log)."),
        QStringLiteral("file"));
    parser.addOptions({dbOption, beatOption, logDirOption, authMonitorOption, pgLogDirOption, authPollOption,
                       authStateOption});
    parser.process(app);

    opsdeck::common::installLogHandler(parser.isSet(logDirOption) ? parser.value(logDirOption)
                                                                  : opsdeck::common::defaultLogDirectory(),
                                       QStringLiteral("opsdeck-worker"));
    QString error, password;
    auto profile = opsdeck::db::ConnectionProfile::fromCommandLine(parser.value(dbOption), &error, &password);
    if (!error.isEmpty()) {
        qCCritical(lcWorker).noquote() << "Invalid --db:" << error;
        return 2;
    }
    profile.applicationName = QStringLiteral("opsdeck-worker");
    const int beatMs = qBound(200, parser.value(beatOption).toInt(), 60000);

    std::optional<opsdeck::worker::AuthMonitorOptions> authMonitor;
    if (parser.isSet(authMonitorOption) != parser.isSet(pgLogDirOption)) {
        qCCritical(lcWorker) << "--auth-monitor and --pg-log-dir go together";
        return 2;
    }
    if (parser.isSet(authMonitorOption)) {
        opsdeck::worker::AuthMonitorOptions o;
        o.pgLogDir = parser.value(pgLogDirOption);
        o.pollMs = qBound(100, parser.value(authPollOption).toInt(), 60000);
        o.stateFile = parser.value(authStateOption);
        if (o.stateFile.isEmpty()) {
            const QString log = opsdeck::common::currentLogFile();
            const QDir dir = log.isEmpty()
                                 ? QDir(parser.isSet(logDirOption) ? parser.value(logDirOption)
                                                                   : opsdeck::common::defaultLogDirectory())
                                 : QFileInfo(log).dir();
            o.stateFile = dir.filePath(QStringLiteral("opsdeck-worker-auth-monitor.state"));
        }
        authMonitor = o;
    }

    // SIGTERM / SIGINT reach the event loop through a socket pair (Qt's documented pattern).
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0)
        return 1;
    QSocketNotifier notifier(g_signalFd[1], QSocketNotifier::Read);
    opsdeck::worker::WorkerService service(profile, password, beatMs, authMonitor);
    QObject::connect(&notifier, &QSocketNotifier::activated, &service, [&] {
        char c;
        (void)!::read(g_signalFd[1], &c, 1);
        notifier.setEnabled(false);
        qCInfo(lcWorker) << "signal received, stopping";
        service.stop();
    });
    QObject::connect(&service, &opsdeck::worker::WorkerService::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    service.start();
    return app.exec();
}
