#include "DashboardRepository.h"

#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace opsdeck::clients {

AnalyticsSummary DashboardRepository::summary(db::Connection& c, const QString& tenantId, Range range)
{
    return summary(c, tenantId, rangeCode(range));
}

AnalyticsSummary DashboardRepository::summary(db::Connection& c, const QString& tenantId, const QString& code)
{
    const QString context = QStringLiteral("loading the dashboard");
    QVariant tenant(QMetaType(QMetaType::QString)); // NULL: every tenant
    if (!tenantId.isEmpty()) {
        const QUuid u = QUuid::fromString(tenantId);
        if (u.isNull())
            throw db::DbError{db::DbError::Kind::Query,
                              QStringLiteral("\"%1\" is not a tenant id").arg(tenantId),
                              QStringLiteral("22P02"), context};
        tenant = u.toString(QUuid::WithoutBraces);
    }
    QByteArray json;
    QSqlQuery& q = c.runWithPrimaryMessage(QStringLiteral("SELECT analytics_summary(?::uuid, ?)::text"),
                                           {tenant, code}, context);
    if (q.next())
        json = q.value(0).toString().toUtf8();
    q.finish();
    try {
        return parseAnalyticsSummary(json);
    } catch (const SummaryParseError& e) {
        throw db::DbError{db::DbError::Kind::Query, e.message(), {}, context};
    }
}

} // namespace opsdeck::clients
