#include "Adapters.h"
#include "WebhookSignature.h"

namespace opsdeck::outbound {

PreparedRequest buildWebhookRequest(const DeliveryRequest& request, qint64 unixNow)
{
    PreparedRequest prepared;
    const QString urlText = !request.destinationUrl.trimmed().isEmpty()
                                ? request.destinationUrl
                                : request.connectionConfig.value(QLatin1String("url")).toString();
    const auto url = parseHttpUrl(urlText, QStringLiteral("webhook URL"), &prepared.error);
    if (!url)
        return prepared;
    if (request.idempotencyKey.isEmpty()) {
        prepared.error = QStringLiteral("no idempotency key for the webhook-id header");
        return prepared;
    }
    prepared.host = hostKey(*url);
    prepared.request = baseRequest(*url);
    prepared.request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    prepared.request.setRawHeader("webhook-id", request.idempotencyKey.toUtf8());
    prepared.request.setRawHeader("webhook-timestamp", QByteArray::number(unixNow));
    // The exact bytes of the row: receivers verify the signature over what they receive.
    prepared.body = request.payload;
    if (!request.secret.trimmed().isEmpty()) {
        const auto signature =
            WebhookSignature::sign(request.secret, request.idempotencyKey, unixNow, prepared.body);
        if (!signature.ok()) {
            prepared.error = signature.error;
            return prepared;
        }
        prepared.request.setRawHeader("webhook-signature", signature.header.toLatin1());
    }
    return prepared;
}

} // namespace opsdeck::outbound
