#pragma once

#include "db/ConnectionProfile.h"

#include <QString>
#include <QTextStream>

namespace opsdeck::worker {

// `opsdeck-worker secrets set CONNECTION --stdin`: stores a connection's secret in this host's
// keychain, under the key name its row holds (given one, connection/<id>, when it has none yet),
// so the engines here can serve it. CONNECTION is the connection's id, "tenant-slug/app-slug", or
// the app slug of one of the company's own connections. The secret never reaches the database,
// a file or a log. Returns the process exit code (0 stored, 1 failed, 2 bad usage).
int setConnectionSecret(const db::ConnectionProfile& profile, const QString& password,
                        const QString& connection, const QString& secret, QTextStream& out, QTextStream& err);

} // namespace opsdeck::worker
