// Catch2 entry point with a Qt application object: widget tests need QApplication (offscreen),
// core tests an event loop for futures, timers and the change listener.
#define CATCH_CONFIG_RUNNER
#include <QTemporaryDir>
#include <catch2/catch.hpp>

#ifdef OPSDECK_TESTS_WITH_WIDGETS
#include <QApplication>
using TestApp = QApplication;
#else
#include <QCoreApplication>
using TestApp = QCoreApplication;
#endif

#include "common/Settings.h"
#include "db/DbError.h"

CATCH_TRANSLATE_EXCEPTION(const opsdeck::db::DbError& e)
{
    return e.text().toStdString();
}

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TestApp app(argc, argv);
    TestApp::setOrganizationName(QStringLiteral("OpsdeckTests"));
    TestApp::setApplicationName(QStringLiteral("opsdeck-tests"));
    // Settings go to a temporary file, never the real profile (KeePassXC's Config::createTempFileInstance).
    QTemporaryDir settingsDir;
    opsdeck::common::Settings::createTemporary(settingsDir.filePath(QStringLiteral("settings.ini")));
    return Catch::Session().run(argc, argv);
}
