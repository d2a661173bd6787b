#include "JsonLogReader.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QTimeZone>

namespace opsdeck::auth {
namespace {

// log_line_prefix does not apply to jsonlog: PostgreSQL always writes "%Y-%m-%d %H:%M:%S.mmm %Z".
const QRegularExpression& timestampPattern()
{
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,6}))? ([A-Za-z0-9+\\-:/_]{1,64})$"));
    return re;
}

QString normalisedAddress(const QString& remoteHost)
{
    if (remoteHost.isEmpty() || remoteHost.startsWith(QLatin1Char('[')))
        return {}; // "[local]": a Unix socket has no address
    QHostAddress address;
    if (!address.setAddress(remoteHost))
        return {}; // a host name (log_hostname = on): not an inet
    address.setScopeId(QString());
    return address.toString();
}

QString reasonFor(const QString& stateCode, const QString& message, const QString& detail)
{
    if (stateCode == QLatin1String("28P01")) {
        if (detail.contains(QLatin1String("does not exist")))
            return QStringLiteral("unknown_login");
        if (detail.contains(QLatin1String("has an expired password")))
            return QStringLiteral("locked");
        return QStringLiteral("password");
    }
    if (message.startsWith(QLatin1String("role \"")) && message.endsWith(QLatin1String("\" does not exist")))
        return QStringLiteral("unknown_login");
    if (message.startsWith(QLatin1String("role \"")) &&
        message.endsWith(QLatin1String("\" is not permitted to log in")))
        return QStringLiteral("locked");
    return QStringLiteral("other");
}

} // namespace

QDateTime parseLogTimestamp(const QString& text)
{
    const auto m = timestampPattern().match(text);
    if (!m.hasMatch())
        return {};
    QDateTime local = QDateTime::fromString(m.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!local.isValid())
        return {};
    int ms = 0;
    if (m.hasCaptured(2))
        ms = (m.captured(2) + QStringLiteral("00")).left(3).toInt();
    const QString zone = m.captured(3);
    int offsetSeconds = 0;
    if (zone == QLatin1String("UTC") || zone == QLatin1String("GMT") || zone == QLatin1String("Z")) {
        offsetSeconds = 0;
    } else {
        static const QRegularExpression numeric(QStringLiteral("^([+-])(\\d{2})(?::?(\\d{2}))?$"));
        const auto n = numeric.match(zone);
        if (!n.hasMatch())
            return {};
        offsetSeconds = (n.captured(2).toInt() * 3600 + n.captured(3).toInt() * 60) *
                        (n.captured(1) == QLatin1String("-") ? -1 : 1);
    }
    QDateTime result(local.date(), local.time(), QTimeZone(offsetSeconds));
    return result.addMSecs(ms).toUTC();
}

ParsedLogLine parseJsonLogLine(QByteArrayView line)
{
    ParsedLogLine result;
    const QByteArrayView trimmed = line.trimmed();
    if (trimmed.isEmpty())
        return result;
    result.kind = LogLineKind::Malformed;
    if (!trimmed.startsWith('{') || !trimmed.endsWith('}'))
        return result;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return result;
    const QJsonObject o = doc.object();
    const QJsonValue timestamp = o.value(QLatin1String("timestamp"));
    const QJsonValue severity = o.value(QLatin1String("error_severity"));
    if (!timestamp.isString() || !severity.isString() ||
        !timestampPattern().match(timestamp.toString()).hasMatch())
        return result;

    result.kind = LogLineKind::Other;
    const QString stateCode = o.value(QLatin1String("state_code")).toString();
    if (severity.toString() != QLatin1String("FATAL") ||
        (stateCode != QLatin1String("28P01") && stateCode != QLatin1String("28000")))
        return result;
    const QString login = o.value(QLatin1String("user")).toString();
    if (login.isEmpty())
        return result; // no login to count it against (an incomplete startup packet)

    AuthFailureEvent& e = result.event;
    e.login = login;
    e.timestampText = timestamp.toString();
    e.occurredAt = parseLogTimestamp(e.timestampText);
    e.remoteHost = o.value(QLatin1String("remote_host")).toString();
    e.clientAddress = normalisedAddress(e.remoteHost);
    e.stateCode = stateCode;
    e.message = o.value(QLatin1String("message")).toString();
    e.reason = reasonFor(stateCode, e.message, o.value(QLatin1String("detail")).toString());
    result.kind = LogLineKind::AuthFailure;
    return result;
}

} // namespace opsdeck::auth
