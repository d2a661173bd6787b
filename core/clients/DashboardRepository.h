#pragma once

#include "AnalyticsSummary.h"
#include "db/Connection.h"

#include <QString>

namespace opsdeck::clients {

// The tenant dashboard's SQL: one call of analytics_summary() (migration 0019). Synchronous on a
// connection the calling thread owns (a pool job on the GUI side).
class DashboardRepository
{
public:
    // The dashboard for one tenant, or for every tenant when `tenantId` is empty. Throws db::DbError
    // with the server's own words: Permission without tenants.view, Query 22023 for a range the
    // database refuses, P0002 for an unknown tenant, and Query (SQLSTATE empty) when the document
    // that came back cannot be read (the parser's message; never zeros).
    static AnalyticsSummary summary(db::Connection& c, const QString& tenantId, Range range);
    // The same with the range as text, so a caller's bad code reaches the database's check.
    static AnalyticsSummary summary(db::Connection& c, const QString& tenantId, const QString& rangeCode);
};

} // namespace opsdeck::clients
