#pragma once

#include "ClientCard.h"
#include "db/Connection.h"

#include <QList>
#include <QString>

namespace opsdeck::clients {

// The Clients tab's SQL (migration 0017). Synchronous on a connection the calling thread owns (a
// pool job); one statement prepared once per connection; throws db::DbError with the server's own
// words: Permission (42501) without tenants.view.
class ClientRepository
{
public:
    // Every tenant's card by name (`tenantScope` empty), or that tenant's card only. Revenue is
    // filled only when the signed-in staff member holds tenants.revenue. A scope that is not a
    // UUID is refused before anything is sent.
    static QList<ClientCard> cards(db::Connection& c, const QString& tenantScope);
};

} // namespace opsdeck::clients
