#pragma once

#include "ConnectionConfig.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::connections {

// One row of `connections`: a tenant's app (or, without a tenant, the company's own connection for
// staff alert e-mail and SMS). The secret is never here: only the name it has in the OS keychain.
struct ConnectionRecord
{
    QString id;
    QString tenantId; // empty: the company's own
    QString tenantName;
    QString appName;
    QString appSlug;
    QString deliveryType;  // webhook | email | sms
    QString secretKeyName; // keychain entry name; empty until a secret was set
    QJsonObject config;
    bool enabled = true;
    QString disabledReason;
    QDateTime lastSyncAt;
    QString lastSyncStatus; // success | error | pending | empty
    QString lastSyncError;
    QString createdBy; // staff login, when visible
    QDateTime createdAt;
    QDateTime updatedAt;

    bool isCompanys() const { return tenantId.isEmpty(); }
};

// What the create and edit forms submit. The config is the text as typed (checked here).
struct ConnectionDraft
{
    QString tenantId; // empty: the company's own (create only; a connection keeps its tenant)
    QString appName;
    QString appSlug;
    QString deliveryType; // create only: a connection keeps its type
    QString configText;
};

// Tools → Connections. Reads need connections.view, writes connections.edit; row-level security
// refuses the rest (42501) and the audit trigger records every change. Synchronous on a connection
// the calling thread owns (a pool job); throws db::DbError. Invalid input is refused before anything
// is sent (DbError::Kind::Constraint without a SQLSTATE).
class ConnectionRepository
{
public:
    explicit ConnectionRepository(db::Connection& connection) : m_connection(connection) {}

    // The company's own connections first, then by tenant and app. With a tenant scope: that
    // tenant's connections and the company's own.
    QList<ConnectionRecord> list(const QString& tenantScope = {});
    std::optional<ConnectionRecord> find(const QString& id);
    // The connections a person names on a command line: its id, "tenant-slug/app-slug", or the app
    // slug of one of the company's own. More than one match means the name was ambiguous.
    QList<ConnectionRecord> findByReference(const QString& reference);

    // Returns the new id.
    QString create(const ConnectionDraft& draft);
    // Name, slug and config.
    void update(const QString& id, const ConnectionDraft& draft);
    // Disabling needs a reason (at least 3 characters); enabling clears it.
    void setEnabled(const QString& id, bool enabled, const QString& reason = {});

    // The keychain entry name of the connection's secret, stored in connections.secret_key_name on
    // first use (secretKeyNameFor(id)); an existing name is kept. The secret itself never reaches
    // the database: the caller writes it to the keychain under this name.
    QString ensureSecretKeyName(const QString& id);
    static QString secretKeyNameFor(const QString& id);

    // Why the draft cannot be saved (name, slug, type, config), or empty. `creating`: type and tenant
    // count too.
    static QString draftProblem(const ConnectionDraft& draft, bool creating);
    // "HubSpot CRM" -> "hubspot-crm".
    static QString slugFor(const QString& appName);
    static QStringList deliveryTypes();

private:
    db::Connection& m_connection;
};

} // namespace opsdeck::connections
