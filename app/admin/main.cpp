#include "AdminCommands.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("opsdeck-admin"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPSDECK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return opsdeck::admin::runAdmin(app.arguments(), out, err);
}
