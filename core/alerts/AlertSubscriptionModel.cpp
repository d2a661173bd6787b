#include "AlertSubscriptionModel.h"

namespace opsdeck::alerts {

AlertSubscriptionModel::AlertSubscriptionModel(QObject* parent) : QAbstractTableModel(parent) {}

void AlertSubscriptionModel::setSubscriptions(const QList<AlertSubscription>& subscriptions, bool canEdit)
{
    beginResetModel();
    m_items = subscriptions;
    m_canEdit = canEdit;
    endResetModel();
}

void AlertSubscriptionModel::setSubscription(const AlertSubscription& subscription)
{
    const int row = rowOf(subscription.alertType);
    if (row < 0 || m_items[row] == subscription)
        return;
    m_items[row] = subscription;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int AlertSubscriptionModel::rowOf(const QString& alertType) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items[i].alertType == alertType)
            return i;
    }
    return -1;
}

int AlertSubscriptionModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int AlertSubscriptionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertSubscriptionModel::channelOf(int column)
{
    switch (column) {
    case InAppColumn:
        return QStringLiteral("in_app");
    case EmailColumn:
        return QStringLiteral("email");
    case SmsColumn:
        return QStringLiteral("sms");
    default:
        return {};
    }
}

QVariant AlertSubscriptionModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size() || index.column() >= ColumnCount)
        return {};
    const AlertSubscription& s = m_items[index.row()];
    if (index.column() == TypeColumn) {
        if (role == Qt::DisplayRole)
            return typeDisplayName(s.alertType);
        if (role == Qt::ToolTipRole)
            return s.stored ? QVariant() : tr("Not set yet: in-app only, the default");
        return {};
    }
    if (role == Qt::CheckStateRole) {
        const bool on =
            index.column() == EnabledColumn ? s.enabled : s.channels.contains(channelOf(index.column()));
        return on ? Qt::Checked : Qt::Unchecked;
    }
    if (role == Qt::ToolTipRole && index.column() == SmsColumn)
        return tr("Text messages go to the mobile number of your staff record");
    return {};
}

QVariant AlertSubscriptionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TypeColumn:
        return tr("Alert type");
    case EnabledColumn:
        return tr("Subscribed");
    case InAppColumn:
        return tr("In-app");
    case EmailColumn:
        return tr("Email");
    case SmsColumn:
        return tr("SMS");
    default:
        return {};
    }
}

Qt::ItemFlags AlertSubscriptionModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() != TypeColumn && m_canEdit)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool AlertSubscriptionModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole || !(flags(index) & Qt::ItemIsUserCheckable))
        return false;
    const bool on = value.toInt() == Qt::Checked;
    AlertSubscription next = m_items[index.row()];
    if (index.column() == EnabledColumn) {
        next.enabled = on;
    } else {
        const QString channel = channelOf(index.column());
        next.channels.removeAll(channel);
        if (on) {
            QStringList ordered;
            for (const QString& c : allChannels()) {
                if (c == channel || next.channels.contains(c))
                    ordered << c;
            }
            next.channels = ordered;
        }
    }
    if (next == m_items[index.row()])
        return false;
    Q_EMIT changeRequested(next);
    return true;
}

} // namespace opsdeck::alerts
