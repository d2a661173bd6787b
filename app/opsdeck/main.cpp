#include "CommandLine.h"
#include "ConsoleApp.h"
#include "common/Logging.h"
#include "common/Theme.h"
#include "db/ConnectionProfile.h"

#include <QApplication>
#include <QIcon>
#include <QTextStream>
#include <QTimer>

int main(int argc, char* argv[])
{
    using namespace opsdeck;
    // Screenshots on a machine without a display (CI, ssh) render offscreen; the platform must be
    // chosen before QApplication exists.
    if (app::CommandLine::wantsScreenshots(argc, argv) && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    Q_INIT_RESOURCE(resources); // opsdeck_resources is a static library
    QApplication qapp(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Opsdeck"));
    QApplication::setApplicationName(QStringLiteral("opsdeck"));
    QApplication::setApplicationVersion(QStringLiteral(OPSDECK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.opsdeck.Opsdeck"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.opsdeck.Opsdeck"),
                                                 QIcon(QStringLiteral(":/opsdeck/icons/opsdeck.svg"))));

    app::CommandLine options;
    QString error;
    if (!app::CommandLine::parse(qapp, &options, &error)) {
        QTextStream(stderr) << "opsdeck: " << error << "\nTry 'opsdeck --help'.\n";
        return 2;
    }
    common::installLogHandler(options.logDir.isEmpty() ? common::defaultLogDirectory() : options.logDir,
                              QStringLiteral("opsdeck"));
    if (!options.db.isEmpty()) {
        QString password;
        db::ConnectionProfile::parse(options.db, &error, &password);
        if (!error.isEmpty()) {
            QTextStream(stderr) << "opsdeck: invalid --db: " << error << '\n';
            return 2;
        }
    }
    widgets::Theme::apply(options.theme);

    app::ConsoleApp console(options);
    // Started from the event loop, so a failure can end it with an exit code.
    QTimer::singleShot(0, &console, &app::ConsoleApp::start);
    const int code = qapp.exec();
    console.shutdown();
    return code;
}
