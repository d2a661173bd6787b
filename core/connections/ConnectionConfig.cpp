#include "ConnectionConfig.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUrl>

namespace opsdeck::connections {
namespace {

// "line 3, column 14" of a character offset, as an editor counts.
QString position(const QString& text, int offset)
{
    const QString before = text.left(offset);
    const int line = int(before.count(QLatin1Char('\n'))) + 1;
    const int column = int(offset - (before.lastIndexOf(QLatin1Char('\n')) + 1)) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// QJsonParseError's offset counts UTF-8 bytes (at or just past the offending character); the editor
// counts characters.
int characterOffset(const QByteArray& utf8, int byteOffset)
{
    return int(QString::fromUtf8(utf8.left(qBound(0, byteOffset, int(utf8.size())))).size());
}

// Qt's parse errors in words that point at the usual typo.
QString parseProblem(const QJsonParseError& error, bool atEnd)
{
    if (atEnd) // Qt names whatever it was reading when the text ran out
        return QStringLiteral("the text ends too early: a closing }, ] or \" is missing");
    switch (error.error) {
    case QJsonParseError::UnterminatedObject:
        return QStringLiteral("a comma between two entries, or the closing }, is missing");
    case QJsonParseError::MissingNameSeparator:
        return QStringLiteral("a : is missing after a key");
    case QJsonParseError::UnterminatedString:
        return QStringLiteral("a text is not closed with \"");
    case QJsonParseError::MissingValueSeparator:
        return QStringLiteral("a comma between two values is missing");
    case QJsonParseError::UnterminatedArray:
        return QStringLiteral("a list is not closed with ]");
    case QJsonParseError::IllegalValue:
    case QJsonParseError::IllegalNumber:
        return QStringLiteral("unexpected text (keys and texts need double quotes, numbers none)");
    case QJsonParseError::MissingObject:
        return QStringLiteral("a key must be a text in double quotes");
    case QJsonParseError::GarbageAtEnd:
        return QStringLiteral("there is more after the closing }");
    default:
        return error.errorString();
    }
}

bool isHttpUrl(const QString& text, QString* problem)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.isRelative()) {
        *problem = QStringLiteral("is not an absolute URL (https://host/path)");
        return false;
    }
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        *problem = QStringLiteral("must start with http:// or https://");
        return false;
    }
    if (url.host().isEmpty()) {
        *problem = QStringLiteral("has no host name");
        return false;
    }
    if (!url.userInfo().isEmpty()) {
        *problem =
            QStringLiteral("holds a user name or password: put credentials in the secret, not the URL");
        return false;
    }
    return true;
}

bool isEmailAddress(const QString& text)
{
    // "Name <a@b.example>" or "a@b.example": one @, a dot in the domain, no spaces in the address.
    static const QRegularExpression plain(QStringLiteral(R"(^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$)"));
    static const QRegularExpression named(QStringLiteral(R"(^[^<>]*<([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>$)"));
    const QString t = text.trimmed();
    return plain.match(t).hasMatch() || named.match(t).hasMatch();
}

bool isSenderNumber(const QString& text)
{
    // E.164 (+6421555014) or an alphanumeric sender id (up to 11 characters, at least one letter).
    static const QRegularExpression e164(QStringLiteral(R"(^\+[1-9][0-9]{6,14}$)"));
    static const QRegularExpression alpha(QStringLiteral(R"(^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$)"));
    return e164.match(text).hasMatch() || alpha.match(text).hasMatch();
}

bool isPlainSid(const QString& text)
{
    static const QRegularExpression sid(QStringLiteral(R"(^[A-Za-z0-9]+$)"));
    return sid.match(text).hasMatch();
}

QString typeName(const QString& deliveryType)
{
    if (deliveryType == QLatin1String("email"))
        return QStringLiteral("e-mail");
    if (deliveryType == QLatin1String("sms"))
        return QStringLiteral("SMS");
    return deliveryType;
}

} // namespace

bool looksLikeSecretKey(const QString& key)
{
    static const QRegularExpression secret(
        QStringLiteral(R"(secret|passw|token|api[_-]?key|auth|credential|private[_-]?key|bearer)"),
        QRegularExpression::CaseInsensitiveOption);
    return secret.match(key).hasMatch();
}

QStringList configKeys(const QString& deliveryType)
{
    if (deliveryType == QLatin1String("webhook"))
        return {QStringLiteral("url")};
    if (deliveryType == QLatin1String("email"))
        return {QStringLiteral("from"), QStringLiteral("base_url")};
    if (deliveryType == QLatin1String("sms"))
        return {QStringLiteral("account_sid"), QStringLiteral("from"),
                QStringLiteral("messaging_service_sid"), QStringLiteral("base_url")};
    return {};
}

QString configText(const QJsonObject& config)
{
    if (config.isEmpty())
        return QStringLiteral("{}");
    return QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Indented)).trimmed();
}

QString exampleConfig(const QString& deliveryType)
{
    QJsonObject o;
    if (deliveryType == QLatin1String("webhook")) {
        o.insert(QStringLiteral("url"), QStringLiteral("https://hooks.example.com/opsdeck"));
    } else if (deliveryType == QLatin1String("email")) {
        o.insert(QStringLiteral("from"), QStringLiteral("Bookings <bookings@example.com>"));
        o.insert(QStringLiteral("base_url"), QStringLiteral("https://api.resend.com"));
    } else if (deliveryType == QLatin1String("sms")) {
        o.insert(QStringLiteral("account_sid"), QStringLiteral("AC00000000000000000000000000000000"));
        o.insert(QStringLiteral("from"), QStringLiteral("+15005550006"));
        o.insert(QStringLiteral("base_url"), QStringLiteral("https://api.twilio.com"));
    }
    return configText(o);
}

ConfigCheck checkConfig(const QString& deliveryType, const QString& jsonText)
{
    ConfigCheck check;
    const QString text = jsonText.trimmed();
    if (text.isEmpty()) {
        check.errors << QStringLiteral("The configuration is empty: write a JSON object, e.g. %1")
                            .arg(exampleConfig(deliveryType).simplified());
        return check;
    }
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError) {
        check.errors << QStringLiteral("Not valid JSON near %1: %2")
                            .arg(position(text, characterOffset(utf8, error.offset)),
                                 parseProblem(error, error.offset >= utf8.size()));
        return check;
    }
    if (!doc.isObject()) {
        check.errors << QStringLiteral("The configuration must be a JSON object ({ … }), not a list ([ … ])");
        return check;
    }
    return checkConfig(deliveryType, doc.object());
}

ConfigCheck checkConfig(const QString& deliveryType, const QJsonObject& config)
{
    ConfigCheck check;
    check.config = config;
    const QStringList known = configKeys(deliveryType);
    if (known.isEmpty()) {
        check.errors
            << QStringLiteral("Unknown delivery type \"%1\": webhook, email or sms").arg(deliveryType);
        return check;
    }

    QStringList unused;
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (looksLikeSecretKey(it.key())) {
            check.errors << QStringLiteral(
                                "\"%1\" looks like a secret: secrets go to the keychain (Set secret…), "
                                "never into the configuration, which every connection viewer reads")
                                .arg(it.key());
        } else if (!known.contains(it.key())) {
            unused << it.key();
        } else if (!it.value().isString() && !it.value().isNull()) {
            check.errors << QStringLiteral("\"%1\" must be a string").arg(it.key());
        }
    }
    if (!unused.isEmpty())
        check.notes << QStringLiteral("Not used by the %1 delivery: %2")
                           .arg(typeName(deliveryType), unused.join(QStringLiteral(", ")));

    auto text = [&config](const char* key) {
        return config.value(QLatin1String(key)).toString().trimmed();
    };
    // Missing: absent or blank. A value of the wrong type was reported above and is not "missing".
    auto missing = [&config](const char* key) {
        const QJsonValue v = config.value(QLatin1String(key));
        return v.isUndefined() || v.isNull() || (v.isString() && v.toString().trimmed().isEmpty());
    };
    auto present = [&config](const char* key) {
        const QJsonValue v = config.value(QLatin1String(key));
        return v.isString() && !v.toString().trimmed().isEmpty();
    };
    auto checkUrl = [&](const char* key, bool required) {
        if (missing(key)) {
            if (required)
                check.errors << QStringLiteral("\"%1\" is missing: the endpoint to post to, e.g. "
                                               "https://hooks.example.com/opsdeck")
                                    .arg(QLatin1String(key));
            return;
        }
        QString problem;
        if (present(key) && !isHttpUrl(text(key), &problem))
            check.errors << QStringLiteral("\"%1\" %2").arg(QLatin1String(key), problem);
    };

    if (deliveryType == QLatin1String("webhook")) {
        checkUrl("url", true);
    } else if (deliveryType == QLatin1String("email")) {
        if (missing("from"))
            check.errors << QStringLiteral(
                "\"from\" is missing: the sender, e.g. Bookings <bookings@example.com>");
        else if (present("from") && !isEmailAddress(text("from")))
            check.errors << QStringLiteral(
                "\"from\" is not an e-mail address (a@b.example or Name <a@b.example>)");
        checkUrl("base_url", false);
    } else {
        if (missing("account_sid"))
            check.errors << QStringLiteral("\"account_sid\" is missing: the provider account (AC…)");
        else if (present("account_sid") && !isPlainSid(text("account_sid")))
            check.errors << QStringLiteral("\"account_sid\" must be letters and digits only");
        if (missing("from") && missing("messaging_service_sid"))
            check.errors << QStringLiteral("Give \"from\" (the sending number) or \"messaging_service_sid\"");
        if (present("from") && !isSenderNumber(text("from")))
            check.errors << QStringLiteral(
                "\"from\" must be a number in international form (+6421555014) or a "
                "sender name of up to 11 letters and digits");
        if (present("messaging_service_sid") && !isPlainSid(text("messaging_service_sid")))
            check.errors << QStringLiteral("\"messaging_service_sid\" must be letters and digits only");
        checkUrl("base_url", false);
    }
    return check;
}

} // namespace opsdeck::connections
