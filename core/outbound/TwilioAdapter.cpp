#include "Adapters.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace opsdeck::outbound {
namespace {

// application/x-www-form-urlencoded by hand: QUrlQuery leaves '+' alone, and a '+' in "To"
// would reach Twilio as a space.
void appendField(QByteArray& form, const char* name, const QString& value)
{
    if (!form.isEmpty())
        form += '&';
    form += name;
    form += '=';
    form += QUrl::toPercentEncoding(value);
}

} // namespace

PreparedRequest buildTwilioRequest(const DeliveryRequest& request)
{
    PreparedRequest prepared;
    const QJsonObject& config = request.connectionConfig;
    const QString baseText = config.value(QLatin1String("base_url")).toString(kTwilioDefaultBaseUrl);
    const auto base = parseHttpUrl(baseText, QStringLiteral("Twilio base_url"), &prepared.error);
    if (!base)
        return prepared;
    const QString sid = config.value(QLatin1String("account_sid")).toString().trimmed();
    if (sid.isEmpty()) {
        prepared.error = QStringLiteral("no Twilio \"account_sid\" in the connection");
        return prepared;
    }
    if (!isPlainSid(sid)) {
        prepared.error = QStringLiteral("Twilio \"account_sid\" must be letters and digits only");
        return prepared;
    }
    if (request.secret.trimmed().isEmpty()) {
        prepared.error = QStringLiteral("no Twilio auth token for this connection");
        return prepared;
    }
    const QString from = config.value(QLatin1String("from")).toString().trimmed();
    const QString service = config.value(QLatin1String("messaging_service_sid")).toString().trimmed();
    if (from.isEmpty() && service.isEmpty()) {
        prepared.error =
            QStringLiteral("no sender: set \"from\" or \"messaging_service_sid\" in the connection");
        return prepared;
    }
    static const QRegularExpression e164(QStringLiteral("^\\+[1-9][0-9]{1,14}$"));
    const QString to = request.destinationPhone.trimmed();
    if (to.isEmpty()) {
        prepared.error = QStringLiteral("no destination phone number");
        return prepared;
    }
    if (!e164.match(to).hasMatch()) { // the number itself stays out of the message
        prepared.error = QStringLiteral("destination phone number is not in E.164 form (+ and digits)");
        return prepared;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(request.payload);
    if (!doc.isObject()) {
        prepared.error = QStringLiteral("sms payload is not a JSON object");
        return prepared;
    }
    const QJsonObject payload = doc.object();
    const QString text = payload.value(QLatin1String("body")).toString();
    if (text.trimmed().isEmpty()) {
        prepared.error = QStringLiteral("sms payload has no \"body\"");
        return prepared;
    }

    QByteArray form;
    appendField(form, "To", to);
    if (!from.isEmpty())
        appendField(form, "From", from);
    else
        appendField(form, "MessagingServiceSid", service);
    appendField(form, "Body", text);

    const QUrl url = joinUrl(*base, QStringLiteral("/2010-04-01/Accounts/%1/Messages.json").arg(sid));
    prepared.host = hostKey(url);
    prepared.request = baseRequest(url);
    prepared.request.setHeader(QNetworkRequest::ContentTypeHeader,
                               QByteArray("application/x-www-form-urlencoded"));
    prepared.request.setRawHeader("Authorization", basicAuthorization(sid, request.secret.trimmed()));
    prepared.body = form;
    return prepared;
}

} // namespace opsdeck::outbound
