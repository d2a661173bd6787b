#include "TaskItemDelegate.h"

#include "clients/TaskModel.h"
#include "common/StatusColors.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>

namespace opsdeck::widgets::clients {

using opsdeck::clients::TaskModel;

namespace {

Tone priorityTone(const QString& priority)
{
    if (priority == QLatin1String("high"))
        return Tone::Bad;
    if (priority == QLatin1String("medium"))
        return Tone::Warn;
    return Tone::Neutral;
}

constexpr int kBadgePadding = 8;

} // namespace

void TaskItemDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const bool completed = index.data(TaskModel::CompletedRole).toBool();
    if (completed) {
        const QColor muted = mutedText(option->palette);
        option->palette.setColor(QPalette::Text, muted);
        if (index.column() == TaskModel::TitleColumn)
            option->font.setStrikeOut(true);
    }
    if (index.column() == TaskModel::DueColumn && index.data(TaskModel::OverdueRole).toBool())
        option->font.setBold(true);
}

void TaskItemDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const
{
    if (index.column() != TaskModel::PriorityColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The cell's background and selection as usual, then the badge instead of the text.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const StatusColors colors = StatusColors::forPalette(opt.palette);
    QColor ink = colors.color(priorityTone(index.data(TaskModel::PriorityRole).toString()));
    if (index.data(TaskModel::CompletedRole).toBool())
        ink = colors.neutral;
    QColor fill = ink;
    fill.setAlphaF(StatusColors::isDark(opt.palette) ? 0.22f : 0.13f);

    QFont font = opt.font;
    font.setBold(true);
    font.setStrikeOut(false);
    const QFontMetrics metrics(font);
    const int width = metrics.horizontalAdvance(text) + 2 * kBadgePadding;
    const int height = metrics.height() + 4;
    const QRect cell = opt.rect.adjusted(4, 0, -4, 0);
    const QRect badge(cell.left(), cell.top() + (cell.height() - height) / 2, qMin(width, cell.width()),
                      height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), height / 2.0, height / 2.0);
    painter->fillPath(path, fill);
    painter->setFont(font);
    painter->setPen(ink);
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}

QSize TaskItemDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == TaskModel::PriorityColumn) {
        QFont font = option.font;
        font.setBold(true);
        const QFontMetrics metrics(font);
        size.setWidth(
            qMax(size.width(), metrics.horizontalAdvance(TaskModel::priorityText(QStringLiteral("medium"))) +
                                   2 * kBadgePadding + 8));
        size.setHeight(qMax(size.height(), metrics.height() + 8));
    }
    return size;
}

} // namespace opsdeck::widgets::clients
