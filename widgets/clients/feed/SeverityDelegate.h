#pragma once

#include <QStyledItemDelegate>

namespace opsdeck::widgets::clients {

// The feed's severity column: a pill with the word ("Critical") in the severity's status colour on
// a faint wash of it, from StatusColors for the view's palette, so both light and dark palettes keep
// their contrast and the word carries the meaning without the colour.
class SeverityDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace opsdeck::widgets::clients
