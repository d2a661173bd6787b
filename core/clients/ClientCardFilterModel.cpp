#include "ClientCardFilterModel.h"

#include "ClientCardModel.h"

namespace opsdeck::clients {

ClientCardFilterModel::ClientCardFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    // A reload that changes a card's health or revenue moves it to its new place at once.
    setDynamicSortFilter(true);
    sort(0, Qt::AscendingOrder);
}

void ClientCardFilterModel::setSortKey(SortKey key)
{
    if (key == m_sortKey)
        return;
    m_sortKey = key;
    invalidate();
    sort(0, Qt::AscendingOrder);
}

void ClientCardFilterModel::setFilterText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    invalidateFilter();
}

void ClientCardFilterModel::setHealthFilter(std::optional<Health> health)
{
    if (health == m_healthFilter)
        return;
    m_healthFilter = health;
    invalidateFilter();
}

bool ClientCardFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_healthFilter && i.data(ClientCardModel::HealthRole).toInt() != int(*m_healthFilter))
        return false;
    if (m_filterText.isEmpty())
        return true;
    return i.data(ClientCardModel::NameRole).toString().contains(m_filterText, Qt::CaseInsensitive) ||
           i.data(ClientCardModel::SlugRole).toString().contains(m_filterText, Qt::CaseInsensitive);
}

bool ClientCardFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    switch (m_sortKey) {
    case SortKey::Health: {
        const int l = left.data(ClientCardModel::HealthRole).toInt();
        const int r = right.data(ClientCardModel::HealthRole).toInt();
        if (l != r)
            return l < r;
        break;
    }
    case SortKey::Revenue: {
        const QVariant l = left.data(ClientCardModel::RevenueThisWeekRole);
        const QVariant r = right.data(ClientCardModel::RevenueThisWeekRole);
        if (l.isValid() != r.isValid())
            return l.isValid();
        if (l.isValid() && l.toDouble() != r.toDouble())
            return l.toDouble() > r.toDouble();
        break;
    }
    case SortKey::Name:
        break;
    }
    const int byName = QString::localeAwareCompare(left.data(ClientCardModel::NameRole).toString(),
                                                   right.data(ClientCardModel::NameRole).toString());
    if (byName != 0)
        return byName < 0;
    return left.data(ClientCardModel::IdRole).toString() < right.data(ClientCardModel::IdRole).toString();
}

} // namespace opsdeck::clients
