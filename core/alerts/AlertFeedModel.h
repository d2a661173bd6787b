#pragma once

#include "AlertTypes.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace opsdeck::alerts {

// The aggregated alerts feed as a read-only table, newest first. setItems() updates the rows in
// place by alert id (insert, remove, move, dataChanged — never a reset), so a view's selection and
// scroll position survive every reload.
class AlertFeedModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeverityColumn,
        TitleColumn,
        TenantColumn,
        TypeColumn,
        AgeColumn,
        StatusColumn,
        ColumnCount,
    };

    enum Role
    {
        IdRole = Qt::UserRole + 1,
        SeverityRole, // critical | warning | info
        TenantIdRole, // empty: not about one tenant
        TenantNameRole,
        TypeRole, // the rule type (sla_breach, …)
        TitleRole,
        MessageRole,
        CreatedAtRole,    // QDateTime
        AgeSecondsRole,   // qint64, against now()
        StateRole,        // the caller's view: unread | read | snoozed | dismissed
        StatusRole,       // open | acknowledged
        UnreadRole,       // bool
        SnoozedUntilRole, // QDateTime, invalid unless snoozed
        ResourceTypeRole,
        ResourceIdRole,
    };

    explicit AlertFeedModel(QObject* parent = nullptr);

    void setItems(const QList<FeedItem>& items);
    const QList<FeedItem>& items() const { return m_items; }
    // The row of alert `id`, or -1.
    int rowOf(const QString& id) const;
    // The earliest end of a snooze among the rows, invalid when none is snoozed.
    QDateTime earliestSnoozeEnd() const;

    // Tests pin the clock the ages are measured against; invalid = the current time.
    void setNow(const QDateTime& now);
    // Ages move on: the panel calls this on a timer (dataChanged of the age column only).
    void refreshAges();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // "just now", "12 min ago", "3 h ago", "2 d ago".
    static QString ageText(qint64 seconds);
    // unread | read | snoozed | dismissed.
    static QString stateOf(const FeedItem& item);
    // "Critical", "Warning", "Info".
    static QString severityText(const QString& severity);

private:
    QDateTime now() const;

    QList<FeedItem> m_items;
    QDateTime m_now;
};

} // namespace opsdeck::alerts
