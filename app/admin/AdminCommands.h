#pragma once

#include <QStringList>
#include <QTextStream>

namespace opsdeck::admin {

// `opsdeck-admin <command>`; returns the process exit code (0 ok, 1 failed, 2 usage).
int runAdmin(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace opsdeck::admin
