#pragma once

#include "ClientCard.h"

#include <QSortFilterProxyModel>
#include <optional>

namespace opsdeck::clients {

// Sorts and filters a ClientCardModel for the card grid. Sorting is always ascending in the sense
// of "what comes first": health puts red first (then yellow, green, inactive), revenue puts the
// highest revenue of this week first (cards without revenue last), name is A to Z; ties go by name.
// The text filter matches name or slug (case-insensitive); the health filter shows one health only.
class ClientCardFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class SortKey
    {
        Health,
        Revenue,
        Name,
    };
    Q_ENUM(SortKey)

    explicit ClientCardFilterModel(QObject* parent = nullptr);

    SortKey sortKey() const { return m_sortKey; }
    void setSortKey(SortKey key);

    QString filterText() const { return m_filterText; }
    void setFilterText(const QString& text);

    std::optional<Health> healthFilter() const { return m_healthFilter; }
    void setHealthFilter(std::optional<Health> health);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    SortKey m_sortKey = SortKey::Health;
    QString m_filterText;
    std::optional<Health> m_healthFilter;
};

} // namespace opsdeck::clients
