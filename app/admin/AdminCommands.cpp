#include "AdminCommands.h"

#include "access/AuditLog.h"
#include "admin/StatusReport.h"
#include "auth/Password.h"
#include "auth/StaffAdmin.h"
#include "db/Connection.h"
#include "db/ConnectionProfile.h"
#include "db/MigrationRunner.h"
#include "demo/DemoSeeder.h"

#include <QCommandLineParser>
#include <QHash>
#include <iostream>
#include <optional>
#include <string>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace opsdeck::admin {
namespace {

const char* kUsage =
    "Usage: opsdeck-admin [--db URI] <command>\n"
    "\n"
    "Commands:\n"
    "  bootstrap                   create the installation's roles (once, as a superuser)\n"
    "  migrate                     apply pending schema migrations (as the owner role)\n"
    "  seed-demo [--scale N] [--reset]\n"
    "                              fill the database with demo data (N x the base volume)\n"
    "  status                      server, schema version, row counts, engines\n"
    "  staff add --login L --name N --email E --role R [--password-stdin]\n"
    "                              create a staff member and their PostgreSQL login\n"
    "  staff set-role --login L --role R\n"
    "                              move a staff member to another role\n"
    "  staff set-password --login L [--password-stdin]\n"
    "                              set a staff member's password\n"
    "  staff disable --login L     stop a staff member from signing in; ends their connections\n"
    "  staff enable --login L      let a disabled staff member sign in again\n"
    "  staff unlock --login L      lift a sign-in lockout\n"
    "  staff list                  the staff members, their roles and status\n"
    "  audit verify                check the audit log's hash chain (exit 1 when broken)\n"
    "\n"
    "Passwords are read from the terminal (typed twice, not shown) or, with --password-stdin, as one\n"
    "line of standard input without any prompt. At least 12 characters, not the login. Only a\n"
    "SCRAM-SHA-256 verifier computed here is sent to the server.\n"
    "Roles: super_admin, admin, manager, senior_agent, agent, support, analyst, viewer.\n"
    "\n"
    "The database comes from --db (postgresql:// URI or key=value) over the libpq\n"
    "environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGSSLMODE, PGPASSWORD, ~/.pgpass).\n"
    "\n"
    "Exit status: 0 done, 1 failed (message on standard error), 2 usage error.\n";

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

// One line of standard input without its line break; nothing at the end of input.
std::optional<QString> readStdinLine()
{
    std::string line;
    if (!std::getline(std::cin, line))
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return QString::fromUtf8(line.data(), qsizetype(line.size()));
}

bool stdinIsTerminal()
{
#ifdef Q_OS_UNIX
    return isatty(STDIN_FILENO) == 1;
#else
    return false;
#endif
}

// Prompts on standard error and reads a line from the terminal without echoing it.
std::optional<QString> promptHidden(const QString& prompt, QTextStream& err)
{
    err << prompt;
    err.flush();
#ifdef Q_OS_UNIX
    termios saved{};
    const bool quiet = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (quiet) {
        termios noEcho = saved;
        noEcho.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &noEcho);
    }
    const auto line = readStdinLine();
    if (quiet)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
#else
    const auto line = readStdinLine();
#endif
    err << "\n";
    err.flush();
    return line;
}

// The new password of `login`: one line of standard input with --password-stdin (never a prompt),
// otherwise typed twice at a terminal. Empty with `problem` set when there is none to use.
QString obtainPassword(bool fromStdin, const QString& login, QString* problem, QTextStream& err)
{
    QString password;
    if (fromStdin) {
        const auto line = readStdinLine();
        if (!line) {
            *problem = QStringLiteral("--password-stdin: standard input ended before a password line");
            return {};
        }
        password = *line;
    } else {
        if (!stdinIsTerminal()) {
            *problem =
                QStringLiteral("standard input is not a terminal, so there is nobody to ask for the "
                               "password: pass it as one line of standard input with --password-stdin");
            return {};
        }
        const auto first = promptHidden(QStringLiteral("New password for %1: ").arg(login), err);
        const auto second = first ? promptHidden(QStringLiteral("Repeat it: "), err) : std::nullopt;
        if (!first || !second) {
            *problem = QStringLiteral("no password entered");
            return {};
        }
        if (*first != *second) {
            *problem = QStringLiteral("the two passwords differ");
            return {};
        }
        password = *first;
    }
    if (const QString p = auth::passwordProblem(login, password); !p.isEmpty()) {
        *problem = p;
        return {};
    }
    return password;
}

QString localTime(const QDateTime& t, const QString& none)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : none;
}

void printStaffList(const QList<auth::StaffMember>& staff, QTextStream& out)
{
    if (staff.isEmpty()) {
        out << "No staff members yet.\n";
        return;
    }
    QList<QStringList> rows{{QStringLiteral("LOGIN"), QStringLiteral("NAME"), QStringLiteral("EMAIL"),
                             QStringLiteral("ROLE"), QStringLiteral("STATUS"),
                             QStringLiteral("LAST SIGN-IN")}};
    for (const auto& m : staff) {
        QString status = m.status;
        if (m.isLocked())
            status += QStringLiteral(", locked until ") + localTime(m.lockedUntil, {});
        rows.append({m.login, m.fullName, m.email, m.roleName, status,
                     localTime(m.lastLoginAt, QStringLiteral("never"))});
    }
    QList<int> widths(rows.first().size(), 0);
    for (const auto& r : rows) {
        for (int i = 0; i < r.size(); ++i)
            widths[i] = qMax(widths[i], int(r[i].size()));
    }
    for (const auto& r : rows) {
        QString line;
        for (int i = 0; i < r.size(); ++i)
            line += i + 1 < r.size() ? r[i].leftJustified(widths[i] + 2) : r[i];
        out << line << "\n";
    }
}

int auditVerify(db::Connection& c, QTextStream& out, QTextStream& err)
{
    const access::ChainStatus status = access::verifyAuditChain(c);
    const bool intact = status.intact;
    const qint64 rows = status.rowsChecked;
    const qint64 broken = status.firstBrokenId;
    if (intact) {
        out << "Audit log intact: " << rows << " row(s) checked.\n";
        return 0;
    }
    out << "Audit log BROKEN: first broken row id " << broken << " (" << rows << " row(s) checked).\n";
    err << "opsdeck-admin: the audit log's hash chain is broken at row id " << broken
        << ": it was changed around its append-only trigger\n";
    return 1;
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
    QCommandLineOption loginOption(QStringLiteral("login"), QStringLiteral("Staff login."),
                                   QStringLiteral("L"));
    QCommandLineOption nameOption(QStringLiteral("name"), QStringLiteral("Full name."), QStringLiteral("N"));
    QCommandLineOption emailOption(QStringLiteral("email"), QStringLiteral("Email address."),
                                   QStringLiteral("E"));
    QCommandLineOption roleOption(QStringLiteral("role"), QStringLiteral("App role."), QStringLiteral("R"));
    QCommandLineOption passwordStdinOption(
        QStringLiteral("password-stdin"), QStringLiteral("Read the password as one line of standard input."));
    QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOptions({dbOption, scaleOption, resetOption, loginOption, nameOption, emailOption, roleOption,
                       passwordStdinOption, helpOption});
    parser.addPositionalArgument(
        QStringLiteral("command"),
        QStringLiteral("bootstrap | migrate | seed-demo | status | staff … | audit verify"));
    if (!parser.parse(arguments)) {
        err << parser.errorText() << "\n\n" << kUsage;
        return 2;
    }
    if (parser.isSet(helpOption)) {
        out << kUsage;
        return 0;
    }
    const QStringList pos = parser.positionalArguments();
    const QString command = pos.join(QLatin1Char(' '));

    // Each command and the options it takes (--db and --help go with all of them).
    const QHash<QString, QList<const QCommandLineOption*>> commands{
        {QStringLiteral("bootstrap"), {}},
        {QStringLiteral("migrate"), {}},
        {QStringLiteral("seed-demo"), {&scaleOption, &resetOption}},
        {QStringLiteral("status"), {}},
        {QStringLiteral("staff add"),
         {&loginOption, &nameOption, &emailOption, &roleOption, &passwordStdinOption}},
        {QStringLiteral("staff set-role"), {&loginOption, &roleOption}},
        {QStringLiteral("staff set-password"), {&loginOption, &passwordStdinOption}},
        {QStringLiteral("staff disable"), {&loginOption}},
        {QStringLiteral("staff enable"), {&loginOption}},
        {QStringLiteral("staff unlock"), {&loginOption}},
        {QStringLiteral("staff list"), {}},
        {QStringLiteral("audit verify"), {}},
    };
    if (pos.isEmpty()) {
        err << kUsage;
        return 2;
    }
    const auto spec = commands.constFind(command);
    if (spec == commands.constEnd()) {
        err << "Unknown command \"" << command << "\"\n\n" << kUsage;
        return 2;
    }
    for (const QCommandLineOption* o : {&scaleOption, &resetOption, &loginOption, &nameOption, &emailOption,
                                        &roleOption, &passwordStdinOption}) {
        if (parser.isSet(*o) && !spec->contains(o)) {
            err << "--" << o->names().first() << " does not apply to `" << command << "`\n\n" << kUsage;
            return 2;
        }
    }
    for (const QCommandLineOption* o : {&loginOption, &nameOption, &emailOption, &roleOption}) {
        if (spec->contains(o) && parser.value(*o).trimmed().isEmpty()) {
            err << "`" << command << "` needs --" << o->names().first() << "\n\n" << kUsage;
            return 2;
        }
    }
    bool scaleOk = false;
    const int scale = parser.value(scaleOption).toInt(&scaleOk);
    if (!scaleOk || scale < 1) {
        err << "--scale takes a whole number of at least 1\n";
        return 2;
    }
    const QString login = parser.value(loginOption).trimmed();
    if (command == QLatin1String("staff add")) {
        if (const QString problem = auth::loginProblem(login); !problem.isEmpty()) {
            err << "opsdeck-admin: " << problem << "\n";
            return 2;
        }
    }
    // Read before connecting: a password problem is the caller's to fix, and needs no server.
    QString newPassword;
    if (command == QLatin1String("staff add") || command == QLatin1String("staff set-password")) {
        QString problem;
        newPassword = obtainPassword(parser.isSet(passwordStdinOption), login, &problem, err);
        if (!problem.isEmpty()) {
            err << "opsdeck-admin: " << problem << "\n";
            return 2;
        }
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
        if (command == QLatin1String("status"))
            return status(c, out);

        db::MigrationRunner().requireUpToDate(c);
        const QString role = parser.value(roleOption).trimmed();
        if (command == QLatin1String("staff add")) {
            auth::StaffAdmin::createStaff(
                c, {login, parser.value(nameOption).trimmed(), parser.value(emailOption).trimmed(), role},
                newPassword);
            out << "Created staff member " << login << " with the role " << role
                << "; they can sign in now.\n";
        } else if (command == QLatin1String("staff set-role")) {
            auth::StaffAdmin::setRole(c, login, role);
            out << login << " now has the role " << role << ".\n";
        } else if (command == QLatin1String("staff set-password")) {
            auth::StaffAdmin::setPassword(c, login, newPassword);
            out << "The password of " << login << " is set.\n";
        } else if (command == QLatin1String("staff disable")) {
            auth::StaffAdmin::disable(c, login);
            out << login
                << " is disabled: they can no longer sign in, and their open connections were ended.\n";
        } else if (command == QLatin1String("staff enable")) {
            auth::StaffAdmin::enable(c, login);
            out << login << " can sign in again.\n";
        } else if (command == QLatin1String("staff unlock")) {
            if (auth::StaffAdmin::unlock(c, login))
                out << login << " is unlocked.\n";
            else
                out << login << " was not locked.\n";
        } else if (command == QLatin1String("staff list")) {
            printStaffList(auth::StaffAdmin::listStaff(c), out);
        } else if (command == QLatin1String("audit verify")) {
            return auditVerify(c, out, err);
        }
        return 0;
    } catch (const db::DbError& e) {
        err << "opsdeck-admin: " << e.text() << "\n";
        return 1;
    }
}

} // namespace opsdeck::admin
