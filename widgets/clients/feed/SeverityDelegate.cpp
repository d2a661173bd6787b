#include "SeverityDelegate.h"

#include "alerts/AlertFeedModel.h"
#include "common/StatusColors.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace opsdeck::widgets::clients {
namespace {

Tone toneOf(const QString& severity)
{
    if (severity == QLatin1String("critical"))
        return Tone::Bad;
    if (severity == QLatin1String("warning"))
        return Tone::Warn;
    return Tone::Neutral;
}

constexpr int kPadX = 8;
constexpr int kPadY = 2;

} // namespace

void SeverityDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QWidget* widget = const_cast<QWidget*>(opt.widget);
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // selection, focus

    const QColor colour = StatusColors::forPalette(opt.palette)
                              .color(toneOf(index.data(alerts::AlertFeedModel::SeverityRole).toString()));
    QFont font = opt.font;
    font.setBold(true);
    const QFontMetrics fm(font);
    const int w = fm.horizontalAdvance(text) + 2 * kPadX;
    const int h = fm.height() + 2 * kPadY;
    const QRect pill(opt.rect.left() + 4, opt.rect.center().y() - h / 2 + 1, w, h);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor wash = colour;
    wash.setAlphaF(0.16f);
    QPainterPath path;
    path.addRoundedRect(QRectF(pill), h / 2.0, h / 2.0);
    painter->fillPath(path, wash);
    painter->setPen(colour);
    painter->setFont(font);
    painter->drawText(pill, Qt::AlignCenter, text);
    painter->restore();
}

QSize SeverityDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    QFont font = option.font;
    font.setBold(true);
    const QFontMetrics fm(font);
    size.setWidth(fm.horizontalAdvance(index.data().toString()) + 2 * kPadX + 12);
    size.setHeight(qMax(size.height(), fm.height() + 2 * kPadY + 6));
    return size;
}

} // namespace opsdeck::widgets::clients
