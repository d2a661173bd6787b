#include "CommandLine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstring>

namespace opsdeck::app {

bool CommandLine::wantsScreenshots(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--screenshot-dir") == 0 ||
            std::strncmp(argv[i], "--screenshot-dir=", 17) == 0)
            return true;
    }
    return false;
}

bool CommandLine::parse(const QCoreApplication& app, CommandLine* out, QString* error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Opsdeck operator console. Signs in with a PostgreSQL login; --demo starts a private demo "
        "workspace instead."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Start the private demo workspace (its own PostgreSQL cluster) and "
                       "sign in as its super admin."));
    const QCommandLineOption db(
        QStringLiteral("db"),
        QStringLiteral("Connect to this database (postgresql:// URI or key=value); PGHOST, "
                       "PGPORT, PGDATABASE, PGUSER, PGSSLMODE fill what it leaves out."),
        QStringLiteral("uri"));
    const QCommandLineOption login(QStringLiteral("login"),
                                   QStringLiteral("Sign in with this PostgreSQL login."),
                                   QStringLiteral("name"));
    const QCommandLineOption shots(
        QStringLiteral("screenshot-dir"),
        QStringLiteral("Write PNG screenshots of every tab into this folder and exit "
                       "(offscreen when there is no display)."),
        QStringLiteral("dir"));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use the dark palette."));
    const QCommandLineOption light(QStringLiteral("light"), QStringLiteral("Use the light palette."));
    const QCommandLineOption logDir(QStringLiteral("log-dir"),
                                    QStringLiteral("Folder for the rotating log file."),
                                    QStringLiteral("dir"));
    parser.addOptions({demo, db, login, shots, dark, light, logDir});
    if (!parser.parse(app.arguments())) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("Unexpected argument: %1").arg(parser.positionalArguments().constFirst());
        return false;
    }
    if (parser.isSet(dark) && parser.isSet(light)) {
        *error = QStringLiteral("Choose --dark or --light, not both.");
        return false;
    }
    if (parser.isSet(demo) && parser.isSet(db)) {
        *error = QStringLiteral("--demo starts its own database; it cannot be combined with --db.");
        return false;
    }
    out->demo = parser.isSet(demo);
    out->db = parser.value(db);
    out->login = parser.value(login);
    out->screenshotDir = parser.value(shots);
    out->logDir = parser.value(logDir);
    out->theme = parser.isSet(dark)    ? widgets::Theme::Mode::Dark
                 : parser.isSet(light) ? widgets::Theme::Mode::Light
                                       : widgets::Theme::Mode::System;
    return true;
}

} // namespace opsdeck::app
