#include "WebhookSignature.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QStringList>

namespace opsdeck::outbound {
namespace {

const QLatin1String kPrefix("whsec_");
// Standard Webhooks recommends 24–64 bytes; shorter keys are refused as too weak, longer ones as
// almost certainly not a key at all.
constexpr int kMinKeyBytes = 16;
constexpr int kMaxKeyBytes = 1024;

QStringList splitSecrets(const QString& secrets)
{
    return secrets.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QByteArray signedContent(const QString& msgId, qint64 timestamp, const QByteArray& body)
{
    QByteArray content = msgId.toUtf8();
    content.reserve(content.size() + 24 + body.size());
    content += '.';
    content += QByteArray::number(timestamp);
    content += '.';
    content += body;
    return content;
}

bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

std::optional<QByteArray> WebhookSignature::decodeSecret(const QString& secret, QString* error)
{
    auto fail = [error](const QString& why) -> std::optional<QByteArray> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!secret.startsWith(kPrefix))
        return fail(QStringLiteral("webhook secret does not start with \"whsec_\""));
    const QByteArray encoded = secret.mid(kPrefix.size()).toLatin1();
    if (encoded.isEmpty())
        return fail(QStringLiteral("webhook secret has no key after \"whsec_\""));
    const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fail(QStringLiteral("webhook secret is not valid base64 after \"whsec_\""));
    if (decoded.decoded.size() < kMinKeyBytes)
        return fail(QStringLiteral("webhook secret key is shorter than %1 bytes").arg(kMinKeyBytes));
    if (decoded.decoded.size() > kMaxKeyBytes)
        return fail(QStringLiteral("webhook secret key is longer than %1 bytes").arg(kMaxKeyBytes));
    return decoded.decoded;
}

WebhookSignature::Signed WebhookSignature::sign(const QString& secrets, const QString& msgId,
                                                qint64 timestamp, const QByteArray& body)
{
    const QStringList list = splitSecrets(secrets);
    if (list.isEmpty())
        return {{}, QStringLiteral("no webhook secret to sign with")};
    const QByteArray content = signedContent(msgId, timestamp, body);
    QStringList signatures;
    signatures.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        QString why;
        const auto key = decodeSecret(list[i], &why);
        if (!key) {
            // Say which one of several is broken, never what it contains.
            if (list.size() > 1)
                why += QStringLiteral(" (secret %1 of %2)").arg(i + 1).arg(list.size());
            return {{}, why};
        }
        const QByteArray mac = QMessageAuthenticationCode::hash(content, *key, QCryptographicHash::Sha256);
        signatures << QStringLiteral("v1,") + QString::fromLatin1(mac.toBase64());
    }
    return {signatures.join(QLatin1Char(' ')), {}};
}

bool WebhookSignature::verify(const QString& secrets, const QString& msgId, qint64 timestamp,
                              const QByteArray& body, const QString& header)
{
    const QByteArray content = signedContent(msgId, timestamp, body);
    const QStringList offered = header.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString& secret : splitSecrets(secrets)) {
        const auto key = decodeSecret(secret);
        if (!key)
            continue;
        const QByteArray expected =
            QMessageAuthenticationCode::hash(content, *key, QCryptographicHash::Sha256).toBase64();
        for (const QString& signature : offered) {
            if (signature.startsWith(QLatin1String("v1,")) &&
                constantTimeEquals(signature.mid(3).toLatin1(), expected))
                return true;
        }
    }
    return false;
}

QString WebhookSignature::generateSecret()
{
    quint32 words[8];
    QRandomGenerator::system()->generate(std::begin(words), std::end(words));
    const QByteArray key(reinterpret_cast<const char*>(words), sizeof(words));
    return kPrefix + QString::fromLatin1(key.toBase64());
}

} // namespace opsdeck::outbound
