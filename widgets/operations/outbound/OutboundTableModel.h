#pragma once

#include "db/PagedRowModel.h"
#include "outbound/OutboundRepository.h"

#include <QDateTime>
#include <QHash>

namespace opsdeck::widgets::operations {

// The outbound queue as the table shows it: keyset-paged and refreshed in place by
// db::PagedRowModel, each row read as an outbound::OutboundItem and worded for an operator —
// "Email", "2 / 5", "in 4 min", the status coloured, numbers right-aligned.
class OutboundTableModel : public db::PagedRowModel
{
    Q_OBJECT

public:
    enum Column
    {
        TypeColumn,
        TenantColumn,
        DestinationColumn,
        StatusColumn,
        AttemptsColumn,
        LastAttemptColumn,
        NextRetryColumn,
        StatusCodeColumn,
        ErrorColumn,
        ColumnCount,
    };
    enum Role
    {
        ItemIdRole = Qt::UserRole + 1,
        StatusRole, // the raw status (pending, failed, …)
    };

    explicit OutboundTableModel(db::DbPool& pool, QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // The row as an item, converted once per row and change (views ask for many roles per cell).
    const outbound::OutboundItem& item(int row) const;
    // The row of the item `id`, or -1.
    int rowOf(const QString& id) const;

    // Relative times count from here; tests pin it. Invalid: the current time.
    void setNow(const QDateTime& now) { m_now = now; }
    QDateTime now() const;

    static QString typeText(const QString& deliveryType);
    static QString statusText(const QString& status);
    // "in 4 min", "due now", "3 min ago".
    static QString relativeText(const QDateTime& when, const QDateTime& now);
    // What "Next retry" says for an item: a time for pending items, otherwise why there is none.
    static QString nextRetryText(const outbound::OutboundItem& item, const QDateTime& now);

private:
    QDateTime m_now;
    mutable QHash<int, outbound::OutboundItem> m_items; // by row; cleared on every change of rows
};

} // namespace opsdeck::widgets::operations
