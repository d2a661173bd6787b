#include "Adapters.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace opsdeck::outbound {
namespace {

QString nonEmptyString(const QJsonObject& object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    return value.isString() ? value.toString().trimmed() : QString();
}

} // namespace

PreparedRequest buildResendRequest(const DeliveryRequest& request)
{
    PreparedRequest prepared;
    const QJsonObject& config = request.connectionConfig;
    const QString baseText = config.value(QLatin1String("base_url")).toString(kResendDefaultBaseUrl);
    const auto base = parseHttpUrl(baseText, QStringLiteral("Resend base_url"), &prepared.error);
    if (!base)
        return prepared;
    if (request.secret.trimmed().isEmpty()) {
        prepared.error = QStringLiteral("no Resend API key for this connection");
        return prepared;
    }
    if (request.idempotencyKey.isEmpty()) {
        prepared.error = QStringLiteral("no idempotency key");
        return prepared;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.payload, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        prepared.error = QStringLiteral("email payload is not a JSON object");
        return prepared;
    }
    const QJsonObject payload = doc.object();

    QString from = nonEmptyString(config, QLatin1String("from"));
    if (from.isEmpty())
        from = nonEmptyString(payload, QLatin1String("from"));
    const QString to = request.destinationEmail.trimmed();
    const QString subject = nonEmptyString(payload, QLatin1String("subject"));
    const QJsonValue html = payload.value(QLatin1String("html"));
    // The messages name the missing field only: the values are personal data.
    if (from.isEmpty()) {
        prepared.error = QStringLiteral("no sender: set \"from\" in the connection or the payload");
        return prepared;
    }
    if (to.isEmpty()) {
        prepared.error = QStringLiteral("no recipient address");
        return prepared;
    }
    if (subject.isEmpty()) {
        prepared.error = QStringLiteral("email payload has no \"subject\"");
        return prepared;
    }
    if (!html.isString() || html.toString().isEmpty()) {
        prepared.error = QStringLiteral("email payload has no \"html\"");
        return prepared;
    }

    QJsonObject body{
        {QStringLiteral("from"), from},
        {QStringLiteral("to"), QJsonArray{to}},
        {QStringLiteral("subject"), subject},
        {QStringLiteral("html"), html},
    };
    const QJsonValue text = payload.value(QLatin1String("text"));
    if (text.isString() && !text.toString().isEmpty())
        body.insert(QStringLiteral("text"), text);
    const QJsonValue attachments = payload.value(QLatin1String("attachments"));
    if (!attachments.isUndefined() && !attachments.isNull()) {
        if (!attachments.isArray()) {
            prepared.error = QStringLiteral("email payload \"attachments\" is not a list");
            return prepared;
        }
        QJsonArray out;
        const QJsonArray list = attachments.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject item = list.at(i).toObject();
            const QString filename = nonEmptyString(item, QLatin1String("filename"));
            const QJsonValue content = item.value(QLatin1String("content"));
            if (filename.isEmpty() || !content.isString() ||
                !QByteArray::fromBase64Encoding(content.toString().toLatin1(),
                                                QByteArray::AbortOnBase64DecodingErrors)) {
                prepared.error =
                    QStringLiteral("email attachment %1 needs a \"filename\" and base64 \"content\"")
                        .arg(i + 1);
                return prepared;
            }
            out.append(
                QJsonObject{{QStringLiteral("filename"), filename}, {QStringLiteral("content"), content}});
        }
        if (!out.isEmpty())
            body.insert(QStringLiteral("attachments"), out);
    }

    const QUrl url = joinUrl(*base, QStringLiteral("/emails"));
    prepared.host = hostKey(url);
    prepared.request = baseRequest(url);
    prepared.request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    prepared.request.setRawHeader("Authorization", "Bearer " + request.secret.trimmed().toUtf8());
    // Resend keeps the key for 24 h: a retry after a lost answer does not send the email twice.
    prepared.request.setRawHeader("Idempotency-Key", request.idempotencyKey.toUtf8());
    prepared.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return prepared;
}

} // namespace opsdeck::outbound
