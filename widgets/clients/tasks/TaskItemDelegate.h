#pragma once

#include <QStyledItemDelegate>

namespace opsdeck::widgets::clients {

// How the task list draws its rows: the priority as a small coloured badge (high red, medium amber,
// low muted — StatusColors of the view's palette, so light and dark both read), completed tasks
// muted with their title struck through, an overdue task's due date in bold.
class TaskItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace opsdeck::widgets::clients
