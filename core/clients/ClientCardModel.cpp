#include "ClientCardModel.h"

#include <QSet>
#include <QStringList>
#include <utility>

namespace opsdeck::clients {

ClientCardModel::ClientCardModel(QObject* parent) : QAbstractListModel(parent) {}

void ClientCardModel::setCards(const QList<ClientCard>& cards)
{
    QHash<QString, int> incoming;
    for (int i = 0; i < cards.size(); ++i)
        incoming.insert(cards[i].id, i);

    // Rows of tenants that are gone, from the bottom up so the rows above keep their numbers.
    for (int row = int(m_cards.size()) - 1; row >= 0; --row) {
        if (incoming.contains(m_cards[row].id))
            continue;
        int first = row;
        while (first > 0 && !incoming.contains(m_cards[first - 1].id))
            --first;
        beginRemoveRows({}, first, row);
        m_cards.remove(first, row - first + 1);
        endRemoveRows();
        row = first;
    }

    // Tenants still there: updated in place, dataChanged only where something changed.
    QSet<QString> present;
    for (int row = 0; row < m_cards.size(); ++row) {
        const ClientCard& fresh = cards[incoming.value(m_cards[row].id)];
        present.insert(fresh.id);
        if (m_cards[row] == fresh)
            continue;
        m_cards[row] = fresh;
        Q_EMIT dataChanged(index(row), index(row));
    }

    // New tenants at the end, in the order they came.
    QList<ClientCard> added;
    for (const ClientCard& c : cards) {
        if (!present.contains(c.id))
            added << c;
    }
    if (!added.isEmpty()) {
        const int first = int(m_cards.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_cards << added;
        endInsertRows();
    }
}

int ClientCardModel::rowOf(const QString& id) const
{
    for (int i = 0; i < m_cards.size(); ++i) {
        if (m_cards[i].id == id)
            return i;
    }
    return -1;
}

ClientCard ClientCardModel::cardAt(int row) const
{
    return row >= 0 && row < m_cards.size() ? m_cards[row] : ClientCard();
}

int ClientCardModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_cards.size());
}

QVariant ClientCardModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClientCard& c = m_cards[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return c.name;
    case Qt::ToolTipRole: // the name too: a long one is elided on the card
        return tr("%1 \u2014 %2").arg(c.name, healthDisplayName(c.health)) + QLatin1Char('\n') +
               c.reasonsText();
    case Qt::AccessibleTextRole:
        return tr("%1, %2").arg(c.name, healthDisplayName(c.health));
    case IdRole:
        return c.id;
    case SlugRole:
        return c.slug;
    case LogoRole:
        return c.logo;
    case BrandColorRole:
        return c.brandColor;
    case StatusRole:
        return c.status;
    case CurrencyRole:
        return c.currency;
    case HealthRole:
        return int(c.health);
    case HealthTextRole:
        return healthText(c.health);
    case HealthReasonsRole: {
        QStringList lines;
        for (const HealthReason& r : c.reasons)
            lines << r.text;
        return lines;
    }
    case PipelineHealthRole: {
        for (const HealthReason& r : c.reasons) {
            if (r.signal == QLatin1String("pipeline"))
                return int(r.level);
        }
        return int(Health::Green);
    }
    case RequestCountRole:
        return c.requestCount;
    case HealthWindowRole:
        return c.healthWindowMinutes;
    case ErrorRateRole:
        return c.errorRatePercent ? QVariant(*c.errorRatePercent) : QVariant();
    case P95Role:
        return c.p95Ms ? QVariant(*c.p95Ms) : QVariant();
    case LastSuccessRole:
        return c.lastSuccessAt;
    case LastRunRole:
        return c.lastRunAt;
    case LastRunStatusRole:
        return c.lastRunStatus;
    case OpenAlertsRole:
        return c.openAlerts;
    case OpenCriticalAlertsRole:
        return c.openCriticalAlerts;
    case HasRevenueRole:
        return c.hasRevenue;
    case RevenueThisWeekRole:
        return c.hasRevenue ? QVariant(c.revenueThisWeek) : QVariant();
    case RevenueLastWeekRole:
        return c.hasRevenue ? QVariant(c.revenueLastWeek) : QVariant();
    case RevenueChangeRole: {
        const auto change = c.revenueChangePercent();
        return change ? QVariant(*change) : QVariant();
    }
    case RevenueDailyRole: {
        if (!c.hasRevenue)
            return {};
        QVariantList values;
        for (double v : c.revenueDaily)
            values << v;
        return values;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> ClientCardModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    const std::pair<int, const char*> extra[] = {
        {IdRole, "tenantId"},
        {NameRole, "name"},
        {SlugRole, "slug"},
        {LogoRole, "logo"},
        {BrandColorRole, "brandColor"},
        {StatusRole, "status"},
        {CurrencyRole, "currency"},
        {HealthRole, "health"},
        {HealthTextRole, "healthText"},
        {HealthReasonsRole, "healthReasons"},
        {PipelineHealthRole, "pipelineHealth"},
        {RequestCountRole, "requestCount"},
        {HealthWindowRole, "healthWindowMinutes"},
        {ErrorRateRole, "errorRatePercent"},
        {P95Role, "p95Ms"},
        {LastSuccessRole, "lastSuccessAt"},
        {LastRunRole, "lastRunAt"},
        {LastRunStatusRole, "lastRunStatus"},
        {OpenAlertsRole, "openAlerts"},
        {OpenCriticalAlertsRole, "openCriticalAlerts"},
        {HasRevenueRole, "hasRevenue"},
        {RevenueThisWeekRole, "revenueThisWeek"},
        {RevenueLastWeekRole, "revenueLastWeek"},
        {RevenueChangeRole, "revenueChangePercent"},
        {RevenueDailyRole, "revenueDaily"},
    };
    for (const auto& [role, name] : extra)
        names.insert(role, name);
    return names;
}

} // namespace opsdeck::clients
