#pragma once

#include "ClientCard.h"

#include <QAbstractListModel>
#include <QList>

namespace opsdeck::clients {

// The client cards as a list model, one row per tenant. A reload (setCards) keeps rows in place:
// cards of tenants still there are updated where they stand (dataChanged for the rows that changed),
// vanished tenants' rows are removed and new tenants appended, so a view's selection and current
// card follow their tenant across reloads instead of being reset.
class ClientCardModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        NameRole,
        SlugRole,
        LogoRole,       // QByteArray (image bytes), empty without a logo
        BrandColorRole, // "#RRGGBB" or empty
        StatusRole,     // active | inactive
        CurrencyRole,
        HealthRole,         // int(Health)
        HealthTextRole,     // "red" | "yellow" | "green" | "inactive"
        HealthReasonsRole,  // QStringList of the reasons' sentences
        PipelineHealthRole, // int(Health) of the pipeline signal alone: Green unless it is a reason
        RequestCountRole,
        HealthWindowRole, // minutes of the window the request count, error rate and p95 cover
        ErrorRateRole,    // double percent, invalid without requests
        P95Role,          // int ms, invalid without requests
        LastSuccessRole,  // QDateTime of the last completed pipeline run, invalid when none
        LastRunRole,
        LastRunStatusRole,
        OpenAlertsRole,
        OpenCriticalAlertsRole,
        HasRevenueRole, // bool: the revenue roles below are invalid without it
        RevenueThisWeekRole,
        RevenueLastWeekRole,
        RevenueChangeRole, // double percent, invalid when last week had no revenue
        RevenueDailyRole,  // QVariantList of double, oldest first
    };
    Q_ENUM(Role)

    explicit ClientCardModel(QObject* parent = nullptr);

    void setCards(const QList<ClientCard>& cards);
    const QList<ClientCard>& cards() const { return m_cards; }
    // The row of tenant `id`, or -1.
    int rowOf(const QString& id) const;
    // The card of `row`; a default card when out of range.
    ClientCard cardAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<ClientCard> m_cards;
};

} // namespace opsdeck::clients
