#pragma once

#include "AlertTypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace opsdeck::alerts {

// The signed-in staff member's subscriptions: one row per alert type, a checkable column for the
// subscription itself and one per channel. A toggle does not change the model: it asks
// (changeRequested, with the whole subscription as it would become) and the caller applies the
// database's answer with setSubscription(). Only editable when the caller may store their own
// subscriptions.
class AlertSubscriptionModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TypeColumn,
        EnabledColumn,
        InAppColumn,
        EmailColumn,
        SmsColumn,
        ColumnCount,
    };

    explicit AlertSubscriptionModel(QObject* parent = nullptr);

    void setSubscriptions(const QList<AlertSubscription>& subscriptions, bool canEdit);
    void setSubscription(const AlertSubscription& subscription);
    const QList<AlertSubscription>& subscriptions() const { return m_items; }
    int rowOf(const QString& alertType) const;
    bool canEdit() const { return m_canEdit; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // The channel of a channel column ("in_app", "email", "sms"), empty for the others.
    static QString channelOf(int column);

Q_SIGNALS:
    void changeRequested(const opsdeck::alerts::AlertSubscription& subscription);

private:
    QList<AlertSubscription> m_items;
    bool m_canEdit = false;
};

} // namespace opsdeck::alerts
