#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace opsdeck::connections {

// A connection's non-secret configuration (connections.config), checked against what the
// delivery adapters read for each type:
//   webhook  "url"                          http(s) endpoint, no user:password in it
//   email    "from", optional "base_url"     sender address ("Name <a@b.example>" or a@b.example)
//   sms      "account_sid", "from" or "messaging_service_sid", optional "base_url"
// Values are strings. A key that looks like a secret (api_key, token, password, …) is refused:
// secrets go to the keychain. Other keys are kept, with a note that the delivery does not use them.
struct ConfigCheck
{
    QJsonObject config; // the parsed object (empty when the text is not a JSON object)
    QStringList errors; // why it cannot be saved, one sentence each
    QStringList notes;  // worth knowing, not blocking
    bool ok() const { return errors.isEmpty(); }
};

ConfigCheck checkConfig(const QString& deliveryType, const QString& jsonText);
ConfigCheck checkConfig(const QString& deliveryType, const QJsonObject& config);

// The keys the delivery of `deliveryType` reads (required first).
QStringList configKeys(const QString& deliveryType);
// A filled-in example for the editor, as indented JSON.
QString exampleConfig(const QString& deliveryType);
// The config as indented JSON for the editor ("{}" for an empty one).
QString configText(const QJsonObject& config);

// True when a config key names a secret ("api_key", "auth_token", "password", …).
bool looksLikeSecretKey(const QString& key);

} // namespace opsdeck::connections
