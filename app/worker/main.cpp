#include "SecretsCommand.h"
#include "WorkerService.h"
#include "auth/SecretStore.h"
#include "common/Logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QTextStream>
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
    QCommandLineOption enginesOption(
        QStringLiteral("engines"),
        QStringLiteral("Engines to run: outbound, alerts, both (the default) or none."),
        QStringLiteral("list"), QStringLiteral("outbound,alerts"));
    QCommandLineOption threadsOption(QStringLiteral("outbound-threads"),
                                     QStringLiteral("Outbound engines (threads) in this process."),
                                     QStringLiteral("n"), QStringLiteral("1"));
    QCommandLineOption stdinOption(
        QStringLiteral("stdin"), QStringLiteral("With `secrets set`: read the secret from standard input."));
    parser.addOptions({dbOption, beatOption, logDirOption, authMonitorOption, pgLogDirOption, authPollOption,
                       authStateOption, enginesOption, threadsOption, stdinOption});
    parser.addPositionalArgument(QStringLiteral("secrets set CONNECTION --stdin"),
                                 QStringLiteral("Store a connection's secret in this host's keychain."));
    parser.process(app);

    opsdeck::common::logToStandardOutput(true); // a service's log goes to stdout (the journal)
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

    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty()) {
        QTextStream out(stdout), err(stderr);
        if (args.size() != 3 || args.at(0) != QLatin1String("secrets") ||
            args.at(1) != QLatin1String("set") || !parser.isSet(stdinOption)) {
            err << "usage: opsdeck-worker --db URI secrets set CONNECTION --stdin\n";
            return 2;
        }
        QTextStream in(stdin);
        const QString secret = in.readAll().trimmed();
        return opsdeck::worker::setConnectionSecret(profile, password, args.at(2), secret, out, err);
    }

    opsdeck::worker::EngineSelection engines;
    const QStringList names = parser.value(enginesOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& n : names) {
        if (n != QLatin1String("outbound") && n != QLatin1String("alerts") && n != QLatin1String("none")) {
            qCCritical(lcWorker).noquote() << "unknown engine" << n << "(use outbound, alerts or none)";
            return 2;
        }
    }
    engines.outboundThreads =
        names.contains(QLatin1String("outbound")) ? qBound(1, parser.value(threadsOption).toInt(), 16) : 0;
    engines.alerts = names.contains(QLatin1String("alerts"));
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
    // The connections' secrets come from this host's keychain (Secret Service); none without one.
    std::unique_ptr<opsdeck::auth::SecretStore> secrets;
    if (engines.outboundThreads > 0)
        secrets = std::make_unique<opsdeck::auth::KeychainSecretStore>();
    opsdeck::worker::WorkerService service(profile, password, beatMs, authMonitor, engines,
                                           std::move(secrets));
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
