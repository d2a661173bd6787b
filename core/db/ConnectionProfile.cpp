#include "ConnectionProfile.h"

#include <QStringList>
#include <QUrl>
#include <libpq-fe.h>

namespace opsdeck::db {
namespace {

QString envValue(const char* name)
{
    return qEnvironmentVariable(name);
}

// libpq option values: quote when they contain spaces or quotes.
QString quoted(const QString& v)
{
    if (!v.contains(QLatin1Char(' ')) && !v.contains(QLatin1Char('\'')) && !v.contains(QLatin1Char('\\')) &&
        !v.isEmpty())
        return v;
    QString out = v;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

} // namespace

ConnectionProfile ConnectionProfile::parse(const QString& conninfo, QString* error, QString* password)
{
    ConnectionProfile p;
    if (conninfo.startsWith(QLatin1String("postgres"))) {
        // libpq's URI parser lets some malformed authorities through (a non-numeric port); QUrl does not.
        const QUrl url(conninfo, QUrl::StrictMode);
        if (!url.isValid()) {
            if (error)
                // QUrl appends "; source was …" with the whole string, password included: keep the reason.
                *error = QStringLiteral("Invalid URI: %1")
                             .arg(url.errorString().section(QStringLiteral("; "), 0, 0));
            return p;
        }
    }
    char* err = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.toUtf8().constData(), &err);
    if (!options) {
        if (error)
            *error =
                err ? QString::fromUtf8(err).trimmed() : QStringLiteral("Cannot parse the connection string");
        PQfreemem(err);
        return p;
    }
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (!o->val)
            continue;
        const QString key = QString::fromLatin1(o->keyword);
        const QString val = QString::fromUtf8(o->val);
        if (key == QLatin1String("host") || key == QLatin1String("hostaddr")) {
            if (p.host.isEmpty())
                p.host = val;
        } else if (key == QLatin1String("port"))
            p.port = val.toInt();
        else if (key == QLatin1String("dbname"))
            p.database = val;
        else if (key == QLatin1String("user"))
            p.user = val;
        else if (key == QLatin1String("sslmode"))
            p.sslMode = val;
        else if (key == QLatin1String("sslrootcert"))
            p.sslRootCert = val;
        else if (key == QLatin1String("application_name"))
            p.applicationName = val;
        else if (key == QLatin1String("password") && password)
            *password = val;
    }
    PQconninfoFree(options);
    if (!p.sslMode.isEmpty() && !p.isValidSslMode() && error)
        *error = QStringLiteral("Unknown sslmode \"%1\"").arg(p.sslMode);
    return p;
}

ConnectionProfile ConnectionProfile::fromCommandLine(const QString& conninfo, QString* error,
                                                     QString* password)
{
    ConnectionProfile p = conninfo.isEmpty() ? ConnectionProfile() : parse(conninfo, error, password);
    p = p.mergedWith(fromEnvironment());
    if (p.name.isEmpty())
        p.name = QStringLiteral("Command line");
    return p;
}

ConnectionProfile ConnectionProfile::fromEnvironment()
{
    ConnectionProfile p;
    p.host = envValue("PGHOST");
    p.port = envValue("PGPORT").toInt();
    p.database = envValue("PGDATABASE");
    p.user = envValue("PGUSER");
    p.sslMode = envValue("PGSSLMODE");
    p.sslRootCert = envValue("PGSSLROOTCERT");
    return p;
}

ConnectionProfile ConnectionProfile::mergedWith(const ConnectionProfile& f) const
{
    ConnectionProfile p = *this;
    if (p.name.isEmpty())
        p.name = f.name;
    if (p.host.isEmpty())
        p.host = f.host;
    if (p.port == 0)
        p.port = f.port;
    if (p.database.isEmpty())
        p.database = f.database;
    if (p.user.isEmpty())
        p.user = f.user;
    if (p.sslMode.isEmpty())
        p.sslMode = f.sslMode;
    if (p.sslRootCert.isEmpty())
        p.sslRootCert = f.sslRootCert;
    return p;
}

QString ConnectionProfile::connectOptions() const
{
    QStringList o;
    if (!sslMode.isEmpty())
        o << QStringLiteral("sslmode=") + quoted(sslMode);
    if (!sslRootCert.isEmpty())
        o << QStringLiteral("sslrootcert=") + quoted(sslRootCert);
    o << QStringLiteral("application_name=") +
             quoted(applicationName.isEmpty() ? QStringLiteral("opsdeck") : applicationName);
    // Fail fast and notice dead peers: the UI shows "reconnecting" instead of hanging.
    o << QStringLiteral("connect_timeout=5") << QStringLiteral("keepalives=1")
      << QStringLiteral("keepalives_idle=10") << QStringLiteral("keepalives_interval=5")
      << QStringLiteral("keepalives_count=3");
    return o.join(QLatin1Char(';'));
}

QString ConnectionProfile::displayName() const
{
    const bool socket = host.startsWith(QLatin1Char('/'));
    QString s = user.isEmpty() ? QString() : user + QLatin1Char('@');
    s += socket ? QStringLiteral("local socket") : (host.isEmpty() ? QStringLiteral("localhost") : host);
    if (port && !socket)
        s += QLatin1Char(':') + QString::number(port);
    if (!database.isEmpty())
        s += QLatin1Char('/') + database;
    return s;
}

QString ConnectionProfile::toUri() const
{
    auto enc = [](const QString& v) {
        return QString::fromLatin1(QUrl::toPercentEncoding(v));
    };
    QString s = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        s += enc(user) + QLatin1Char('@');
    const bool socket = host.startsWith(QLatin1Char('/'));
    if (!socket)
        s += host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : enc(host);
    if (port && !socket)
        s += QLatin1Char(':') + QString::number(port);
    s += QLatin1Char('/') + enc(database);
    QStringList query;
    if (socket)
        query << QStringLiteral("host=") + enc(host);
    if (socket && port)
        query << QStringLiteral("port=") + QString::number(port);
    if (!sslMode.isEmpty())
        query << QStringLiteral("sslmode=") + enc(sslMode);
    if (!sslRootCert.isEmpty())
        query << QStringLiteral("sslrootcert=") + enc(sslRootCert);
    if (!query.isEmpty())
        s += QLatin1Char('?') + query.join(QLatin1Char('&'));
    return s;
}

bool ConnectionProfile::isValidSslMode() const
{
    static const QStringList modes = {QStringLiteral("disable"),   QStringLiteral("allow"),
                                      QStringLiteral("prefer"),    QStringLiteral("require"),
                                      QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    return sslMode.isEmpty() || modes.contains(sslMode);
}

} // namespace opsdeck::db
