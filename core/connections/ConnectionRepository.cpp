#include "ConnectionRepository.h"

#include "db/Connection.h"
#include "db/DbError.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUuid>

namespace opsdeck::connections {
namespace {

const QString kColumns = QStringLiteral(
    "SELECT c.id, c.tenant_id, coalesce(t.name, ''), c.app_name, c.app_slug, c.delivery_type, "
    "coalesce(c.secret_key_name, ''), c.config::text, c.is_enabled, coalesce(c.disabled_reason, ''), "
    "c.last_sync_at, coalesce(c.last_sync_status, ''), coalesce(c.last_sync_error, ''), coalesce(s.login, "
    "''), "
    "c.created_at, c.updated_at "
    "FROM connections c LEFT JOIN tenants t ON t.id = c.tenant_id LEFT JOIN staff s ON s.id = c.created_by ");

db::DbError invalid(const QString& message, const QString& context)
{
    // Refused on the client: nothing was sent, so there is no SQLSTATE.
    return db::DbError{db::DbError::Kind::Constraint, message, {}, context};
}

// A refusal in the server's words; a duplicate slug in ours.
QSqlQuery& runWithSlugMessage(db::Connection& c, const QString& sql, const QVariantList& values,
                              const QString& context)
{
    try {
        return c.runWithPrimaryMessage(sql, values, context);
    } catch (db::DbError& e) {
        if (e.sqlState == QLatin1String("23505"))
            e.message =
                QStringLiteral("a connection with this slug exists already for this tenant (or for the "
                               "company): choose another slug");
        throw;
    }
}

QDateTime timestamp(const QVariant& v)
{
    return v.isNull() ? QDateTime() : v.toDateTime();
}

ConnectionRecord fromQuery(const QSqlQuery& q)
{
    ConnectionRecord r;
    r.id = q.value(0).toString();
    r.tenantId = q.value(1).isNull() ? QString() : q.value(1).toString();
    r.tenantName = q.value(2).toString();
    r.appName = q.value(3).toString();
    r.appSlug = q.value(4).toString();
    r.deliveryType = q.value(5).toString();
    r.secretKeyName = q.value(6).toString();
    r.config = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
    r.enabled = q.value(8).toBool();
    r.disabledReason = q.value(9).toString();
    r.lastSyncAt = timestamp(q.value(10));
    r.lastSyncStatus = q.value(11).toString();
    r.lastSyncError = q.value(12).toString();
    r.createdBy = q.value(13).toString();
    r.createdAt = timestamp(q.value(14));
    r.updatedAt = timestamp(q.value(15));
    return r;
}

QVariant uuidOrNull(const QString& id)
{
    return id.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(id);
}

void requireId(const QString& id, const QString& context)
{
    if (QUuid::fromString(id).isNull())
        throw invalid(QStringLiteral("\"%1\" is not a connection id").arg(id), context);
}

QString compactConfig(const QString& deliveryType, const QString& text, const QString& context)
{
    const ConfigCheck check = checkConfig(deliveryType, text);
    if (!check.ok())
        throw invalid(check.errors.join(QLatin1Char(' ')), context);
    return QString::fromUtf8(QJsonDocument(check.config).toJson(QJsonDocument::Compact));
}

} // namespace

QStringList ConnectionRepository::deliveryTypes()
{
    return {QStringLiteral("webhook"), QStringLiteral("email"), QStringLiteral("sms")};
}

QString ConnectionRepository::secretKeyNameFor(const QString& id)
{
    return QStringLiteral("connection/") + QUuid::fromString(id).toString(QUuid::WithoutBraces);
}

QString ConnectionRepository::slugFor(const QString& appName)
{
    static const QRegularExpression other(QStringLiteral("[^a-z0-9_-]+"));
    QString slug = appName.trimmed().toLower();
    slug.replace(other, QStringLiteral("-"));
    while (slug.startsWith(QLatin1Char('-')) || slug.startsWith(QLatin1Char('_')))
        slug.remove(0, 1);
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    return slug.left(64);
}

QString ConnectionRepository::draftProblem(const ConnectionDraft& d, bool creating)
{
    static const QRegularExpression slug(QStringLiteral("^[a-z0-9][a-z0-9_-]*$"));
    if (d.appName.trimmed().isEmpty())
        return QStringLiteral("Name the app (e.g. HubSpot).");
    if (d.appName.trimmed().size() > 100)
        return QStringLiteral("The app name is longer than 100 characters.");
    if (!slug.match(d.appSlug).hasMatch() || d.appSlug.size() > 64)
        return QStringLiteral(
            "The slug is lower-case letters, digits, - and _, starting with a letter or digit "
            "(e.g. hubspot).");
    if (creating && !deliveryTypes().contains(d.deliveryType))
        return QStringLiteral("Choose how it delivers: webhook, email or sms.");
    if (creating && !d.tenantId.isEmpty() && QUuid::fromString(d.tenantId).isNull())
        return QStringLiteral("Choose a tenant, or the company's own.");
    const ConfigCheck check = checkConfig(d.deliveryType, d.configText);
    if (!check.ok())
        return check.errors.join(QLatin1Char(' '));
    return {};
}

QList<ConnectionRecord> ConnectionRepository::list(const QString& tenantScope)
{
    const QString context = QStringLiteral("loading the connections");
    if (!tenantScope.isEmpty())
        requireId(tenantScope, context);
    QSqlQuery& q = runWithSlugMessage(
        m_connection,
        kColumns + QStringLiteral("WHERE c.tenant_id IS NULL OR ?::uuid IS NULL OR c.tenant_id = ?::uuid "
                                  "ORDER BY c.tenant_id IS NOT NULL, t.name, c.app_name, c.id"),
        {uuidOrNull(tenantScope), uuidOrNull(tenantScope)}, context);
    QList<ConnectionRecord> list;
    while (q.next())
        list << fromQuery(q);
    q.finish();
    return list;
}

std::optional<ConnectionRecord> ConnectionRepository::find(const QString& id)
{
    const QString context = QStringLiteral("loading a connection");
    requireId(id, context);
    QSqlQuery& q =
        runWithSlugMessage(m_connection, kColumns + QStringLiteral("WHERE c.id = ?::uuid"), {id}, context);
    std::optional<ConnectionRecord> r;
    if (q.next())
        r = fromQuery(q);
    q.finish();
    return r;
}

QList<ConnectionRecord> ConnectionRepository::findByReference(const QString& reference)
{
    QSqlQuery& q = runWithSlugMessage(
        m_connection,
        kColumns + QStringLiteral("WHERE c.id::text = ? OR (t.slug || '/' || c.app_slug) = ? "
                                  "OR (c.tenant_id IS NULL AND c.app_slug = ?) ORDER BY c.id"),
        {reference, reference, reference}, QStringLiteral("finding the connection"));
    QList<ConnectionRecord> found;
    while (q.next())
        found.append(fromQuery(q));
    q.finish();
    return found;
}

QString ConnectionRepository::create(const ConnectionDraft& d)
{
    const QString context = QStringLiteral("creating the connection %1").arg(d.appName.trimmed());
    if (const QString problem = draftProblem(d, true); !problem.isEmpty())
        throw invalid(problem, context);
    const QString config = compactConfig(d.deliveryType, d.configText, context);
    QSqlQuery& q = runWithSlugMessage(
        m_connection,
        QStringLiteral("INSERT INTO connections (tenant_id, app_name, app_slug, delivery_type, config, "
                       "created_by) VALUES (?::uuid, ?, ?, ?, ?::jsonb, (SELECT my_staff_id())) "
                       "RETURNING id"),
        {uuidOrNull(d.tenantId), d.appName.trimmed(), d.appSlug, d.deliveryType, config}, context);
    const QString id = q.next() ? q.value(0).toString() : QString();
    q.finish();
    return id;
}

void ConnectionRepository::update(const QString& id, const ConnectionDraft& d)
{
    const QString context = QStringLiteral("saving the connection %1").arg(d.appName.trimmed());
    requireId(id, context);
    if (const QString problem = draftProblem(d, false); !problem.isEmpty())
        throw invalid(problem, context);
    const QString config = compactConfig(d.deliveryType, d.configText, context);
    // The type is the row's own: a draft cannot turn an SMS connection into a webhook.
    QSqlQuery& q = runWithSlugMessage(
        m_connection,
        QStringLiteral("UPDATE connections SET app_name = ?, app_slug = ?, config = ?::jsonb, "
                       "updated_at = now() WHERE id = ?::uuid AND delivery_type = ? RETURNING id"),
        {d.appName.trimmed(), d.appSlug, config, id, d.deliveryType}, context);
    const bool found = q.next();
    q.finish();
    if (!found)
        throw invalid(QStringLiteral("the connection no longer exists, or its delivery type is not %1")
                          .arg(d.deliveryType),
                      context);
}

void ConnectionRepository::setEnabled(const QString& id, bool enabled, const QString& reason)
{
    const QString context =
        enabled ? QStringLiteral("enabling the connection") : QStringLiteral("disabling the connection");
    requireId(id, context);
    if (!enabled && reason.trimmed().size() < 3)
        throw invalid(QStringLiteral("say why it is disabled (at least 3 characters)"), context);
    QSqlQuery& q = runWithSlugMessage(
        m_connection,
        QStringLiteral("UPDATE connections SET is_enabled = ?, disabled_reason = ?, updated_at = now() "
                       "WHERE id = ?::uuid RETURNING id"),
        {enabled, enabled ? QVariant(QMetaType::fromType<QString>()) : QVariant(reason.trimmed()), id},
        context);
    const bool found = q.next();
    q.finish();
    if (!found)
        throw invalid(QStringLiteral("the connection no longer exists"), context);
}

QString ConnectionRepository::ensureSecretKeyName(const QString& id)
{
    const QString context = QStringLiteral("naming the connection's keychain entry");
    requireId(id, context);
    // Set once; both statements see the same snapshot, so an existing name wins over ours.
    QSqlQuery& q = runWithSlugMessage(
        m_connection,
        QStringLiteral("WITH named AS (UPDATE connections SET secret_key_name = ?, updated_at = now() "
                       "WHERE id = ?::uuid AND secret_key_name IS NULL RETURNING secret_key_name) "
                       "SELECT coalesce((SELECT secret_key_name FROM named), "
                       "(SELECT secret_key_name FROM connections WHERE id = ?::uuid))"),
        {secretKeyNameFor(id), id, id}, context);
    const QString name = q.next() ? q.value(0).toString() : QString();
    q.finish();
    if (name.isEmpty())
        throw invalid(QStringLiteral("the connection no longer exists"), context);
    return name;
}

} // namespace opsdeck::connections
