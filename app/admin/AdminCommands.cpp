#include "AdminCommands.h"

#include "admin/StatusReport.h"
#include "db/Connection.h"
#include "db/ConnectionProfile.h"
#include "db/MigrationRunner.h"
#include "demo/DemoSeeder.h"

#include <QCommandLineParser>

namespace opsdeck::admin {
namespace {

const char* kUsage = "Usage: opsdeck-admin [--db URI] <command>\n"
                     "\n"
                     "Commands:\n"
                     "  bootstrap                   create the installation's roles (once, as a superuser)\n"
                     "  migrate                     apply pending schema migrations (as the owner role)\n"
                     "  seed-demo [--scale N] [--reset]\n"
                     "                              fill the database with demo data (N x the base volume)\n"
                     "  status                      server, schema version, row counts, engines\n"
                     "\n"
                     "The database comes from --db (postgresql:// URI or key=value) over the libpq\n"
                     "environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGSSLMODE, PGPASSWORD, ~/.pgpass).\n";

int status(db::Connection& c, QTextStream& out)
{
    const StatusReport r = readStatus(c);
    const auto& s = r.schema;
    out << "Server:   PostgreSQL " << r.serverVersion << ", database " << r.database << " as " << r.login
        << "\n";
    out << "Schema:   version " << s.latestApplied << " of " << s.latestAvailable;
    if (s.upToDate())
        out << " (up to date)\n";
    else {
        out << "\n";
        if (!s.pending.isEmpty())
            out << "  pending: " << s.pending.join(QStringLiteral(", ")) << "\n";
        if (!s.edited.isEmpty())
            out << "  EDITED after being applied: " << s.edited.join(QStringLiteral(", ")) << "\n";
        if (!s.unknown.isEmpty())
            out << "  unknown to this build (newer Opsdeck): " << s.unknown.join(QStringLiteral(", "))
                << "\n";
    }
    if (s.latestApplied == 0)
        return s.upToDate() ? 0 : 1;
    out << "Rows (~ estimated from statistics for tables over a million rows):\n";
    for (const auto& t : r.tables) {
        const QString count = (t.exact ? QString() : QStringLiteral("~")) + QString::number(t.rows);
        out << "  " << t.name.leftJustified(22) << count.rightJustified(12) << "  "
            << QString::number(double(t.bytes) / 1024.0 / 1024.0, 'f', 1).rightJustified(9) << " MiB\n";
    }
    out << "Engines:\n";
    for (const auto& e : r.engines) {
        out << "  " << e.kind << " " << e.engineId.left(8) << " on " << e.host << " v" << e.version << ": "
            << (e.stopped ? QStringLiteral("stopped") : QStringLiteral("last beat")) << " "
            << e.secondsSinceBeat << " s ago\n";
    }
    if (r.engines.isEmpty())
        out << "  none has reported yet\n";
    return s.upToDate() ? 0 : 1;
}

} // namespace

int runAdmin(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Opsdeck administration"));
    QCommandLineOption dbOption(QStringLiteral("db"),
                                QStringLiteral("Database (postgresql:// URI or key=value)."),
                                QStringLiteral("conninfo"));
    QCommandLineOption scaleOption(QStringLiteral("scale"), QStringLiteral("Demo data volume multiplier."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    QCommandLineOption resetOption(QStringLiteral("reset"),
                                   QStringLiteral("Replace existing data with demo data."));
    QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOptions({dbOption, scaleOption, resetOption, helpOption});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("bootstrap | migrate | seed-demo | status"));
    if (!parser.parse(arguments)) {
        err << parser.errorText() << "\n\n" << kUsage;
        return 2;
    }
    if (parser.isSet(helpOption)) {
        out << kUsage;
        return 0;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1) {
        err << kUsage;
        return 2;
    }
    const QString command = pos.first();
    if (command != QLatin1String("migrate") && command != QLatin1String("seed-demo") &&
        command != QLatin1String("status") && command != QLatin1String("bootstrap")) {
        err << "Unknown command \"" << command << "\"\n\n" << kUsage;
        return 2;
    }
    bool scaleOk = false;
    const int scale = parser.value(scaleOption).toInt(&scaleOk);
    if (!scaleOk || scale < 1) {
        err << "--scale takes a whole number of at least 1\n";
        return 2;
    }

    QString parseError, password;
    db::ConnectionProfile profile =
        db::ConnectionProfile::fromCommandLine(parser.value(dbOption), &parseError, &password);
    if (!parseError.isEmpty()) {
        err << "Invalid --db: " << parseError << "\n";
        return 2;
    }
    profile.applicationName = QStringLiteral("opsdeck-admin");
    try {
        db::Connection c(profile, password, QStringLiteral("opsdeck-admin"));
        c.ensureOpen();
        if (command == QLatin1String("bootstrap")) {
            db::MigrationRunner::bootstrap(c);
            out << "The installation's roles exist; migrate next.\n";
            return 0;
        }
        if (command == QLatin1String("migrate")) {
            const QStringList applied = db::MigrationRunner().migrate(c, [&](const QString& m) {
                out << m << "\n";
                out.flush();
            });
            if (applied.isEmpty())
                out << "Schema is up to date (version " << db::MigrationRunner().latestVersion()
                    << "); nothing to do.\n";
            else
                out << "Applied " << applied.size() << " migration(s); schema is at version "
                    << db::MigrationRunner().latestVersion() << ".\n";
            return 0;
        }
        if (command == QLatin1String("seed-demo")) {
            db::MigrationRunner().requireUpToDate(c);
            demo::seedDemo(c, demo::SeedOptions{scale, parser.isSet(resetOption)}, [&](const QString& line) {
                out << line << "\n";
                out.flush();
            });
            return 0;
        }
        return status(c, out);
    } catch (const db::DbError& e) {
        err << "opsdeck-admin: " << e.text() << "\n";
        return 1;
    }
}

} // namespace opsdeck::admin
