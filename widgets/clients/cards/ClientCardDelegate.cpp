#include "ClientCardDelegate.h"

#include "clients/ClientCardModel.h"
#include "common/DataAgeLabel.h"
#include "common/StatusColors.h"

#include <QAbstractItemView>
#include <QDateTime>
#include <QHelpEvent>
#include <QImage>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <cmath>

namespace opsdeck::widgets::clients {
namespace {

using opsdeck::clients::ClientCardModel;
using opsdeck::clients::Health;

constexpr int kItemWidth = 300;   // four cards in a row at 1280 px
constexpr int kItemHeight = 216;  // with the revenue block
constexpr int kRevenueBlock = 58; // what the card loses without revenue
constexpr int kMargin = 5;        // between the item rectangle and the card
constexpr int kPad = 14;          // inside the card
constexpr int kLogo = 40;
constexpr int kButtonHeight = 24;

QRect cardRect(const QRect& itemRect)
{
    return itemRect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
}

QColor healthColor(Health h, const StatusColors& s)
{
    switch (h) {
    case Health::Red:
        return s.bad;
    case Health::Yellow:
        return s.warn;
    case Health::Green:
        return s.good;
    case Health::Inactive:
        break;
    }
    return s.neutral;
}

QString monogram(const QString& name)
{
    const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString m;
    for (const QString& w : words) {
        if (w.front().isLetterOrNumber())
            m += w.front().toUpper();
        if (m.size() == 2)
            break;
    }
    return m.isEmpty() ? QStringLiteral("?") : m;
}

// "24 h", "90 min", "7 d": the health window as the tooltips word it.
QString windowText(int minutes)
{
    if (minutes > 1440 && minutes % 1440 == 0)
        return QStringLiteral("%1 d").arg(minutes / 1440);
    if (minutes % 60 == 0)
        return QStringLiteral("%1 h").arg(minutes / 60);
    return QStringLiteral("%1 min").arg(minutes);
}

QFont scaled(const QFont& base, qreal factor, bool bold = false)
{
    QFont f = base;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * factor);
    else
        f.setPixelSize(qRound(f.pixelSize() * factor));
    f.setBold(bold);
    return f;
}

void drawSparkline(QPainter* p, const QRectF& r, const QVariantList& values, const QColor& color)
{
    if (values.size() < 2)
        return;
    double max = 0;
    for (const QVariant& v : values)
        max = std::max(max, v.toDouble());
    QPainterPath line;
    const double step = r.width() / double(values.size() - 1);
    for (int i = 0; i < values.size(); ++i) {
        const double y = max > 0 ? r.bottom() - values[i].toDouble() / max * r.height() : r.bottom();
        const QPointF pt(r.left() + i * step, y);
        if (i == 0)
            line.moveTo(pt);
        else
            line.lineTo(pt);
    }
    QPainterPath area = line;
    area.lineTo(r.right(), r.bottom());
    area.lineTo(r.left(), r.bottom());
    area.closeSubpath();
    QColor fill = color;
    fill.setAlphaF(0.16);
    p->fillPath(area, fill);
    // The last 7 days (this week) are drawn stronger than the 7 before.
    QColor faint = color;
    faint.setAlphaF(0.45);
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(faint, 1.5));
    p->drawPath(line);
    p->save();
    p->setClipRect(QRectF(r.left() + 6.5 * step, r.top() - 4, r.width(), r.height() + 8));
    p->setPen(QPen(color, 2));
    p->drawPath(line);
    p->restore();
    p->setPen(Qt::NoPen);
    p->setBrush(color);
    p->drawEllipse(line.currentPosition(), 2.5, 2.5);
}

} // namespace

ClientCardDelegate::ClientCardDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QSize ClientCardDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex& index) const
{
    const bool revenue = index.data(ClientCardModel::HasRevenueRole).toBool();
    return {kItemWidth, revenue ? kItemHeight : kItemHeight - kRevenueBlock};
}

QRect ClientCardDelegate::actionRect(const QRect& itemRect, Action action, const QList<Action>& offered)
{
    if (!offered.contains(action))
        return {};
    const QRect card = cardRect(itemRect);
    const int y = card.bottom() - kPad - kButtonHeight + 1;
    // Right-aligned, right to left: Task, Note, Dashboard (those offered).
    const int widths[] = {78, 56, 56};
    int right = card.right() - kPad + 1;
    for (int i = 2; i >= 0; --i) {
        if (!offered.contains(Action(i)))
            continue;
        if (Action(i) == action)
            return QRect(right - widths[i], y, widths[i], kButtonHeight);
        right -= widths[i] + 5;
    }
    return {};
}

QString ClientCardDelegate::actionText(Action action)
{
    switch (action) {
    case Action::OpenDashboard:
        return tr("Dashboard");
    case Action::AddNote:
        return tr("+ Note");
    case Action::AddTask:
        break;
    }
    return tr("+ Task");
}

QString ClientCardDelegate::actionToolTip(Action action)
{
    switch (action) {
    case Action::OpenDashboard:
        return tr("Open the tenant's dashboard (Enter)");
    case Action::AddNote:
        return tr("Add a note about this tenant");
    case Action::AddTask:
        break;
    }
    return tr("Add a task for this tenant");
}

QString ClientCardDelegate::changeText(double percent)
{
    const QString number = QLocale().toString(std::abs(percent), 'f', 1);
    if (percent >= 0.05)
        return QStringLiteral("+%1 %").arg(number);
    if (percent <= -0.05)
        return QStringLiteral("\u2212%1 %").arg(number);
    return QStringLiteral("0.0 %");
}

QString ClientCardDelegate::moneyText(double amount, const QString& currency)
{
    return QStringLiteral("%1 %2").arg(currency, QLocale().toString(amount, 'f', 0));
}

QPixmap ClientCardDelegate::logoFor(const QString& tenantId, const QByteArray& bytes, int size,
                                    qreal dpr) const
{
    auto it = m_logos.find(tenantId);
    if (it != m_logos.end() && it->first == bytes)
        return it->second;
    QPixmap pm;
    QImage image = QImage::fromData(bytes);
    if (!image.isNull()) {
        const int px = qRound(size * dpr);
        pm = QPixmap::fromImage(image.scaled(px, px, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        pm.setDevicePixelRatio(dpr);
    }
    m_logos.insert(tenantId, {bytes, pm});
    return pm;
}

void ClientCardDelegate::paint(QPainter* p, const QStyleOptionViewItem& option,
                               const QModelIndex& index) const
{
    const QPalette& pal = option.palette;
    const StatusColors status = StatusColors::forPalette(pal);
    const QColor muted = mutedText(pal);
    const QRect card = cardRect(option.rect);
    const auto health = Health(index.data(ClientCardModel::HealthRole).toInt());
    const QColor tone = healthColor(health, status);
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;
    const bool focused = option.state & QStyle::State_HasFocus;

    p->save();
    p->setRenderHint(QPainter::Antialiasing);

    // Card: base colour, hairline border (highlight when selected), health accent on the left.
    QPainterPath shape;
    shape.addRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    p->fillPath(shape, pal.color(QPalette::Base));
    p->save();
    p->setClipPath(shape);
    p->fillRect(QRect(card.left(), card.top(), 4, card.height()), tone);
    p->restore();
    QColor border = hairlineColor(pal);
    qreal borderWidth = 1;
    if (selected || focused) {
        border = pal.color(QPalette::Highlight);
        borderWidth = selected ? 2 : 1;
    } else if (hovered) {
        border = pal.color(QPalette::Mid);
    }
    p->setPen(QPen(border, borderWidth));
    p->setBrush(Qt::NoBrush);
    p->drawPath(shape);

    const QFont base = option.font;
    const QFont small = scaled(base, 0.88);
    const QFontMetrics smallFm(small);
    const int left = card.left() + kPad + 2;
    const int right = card.right() - kPad + 1;

    // Logo or monogram.
    const QRect logoRect(left, card.top() + kPad, kLogo, kLogo);
    const QString id = index.data(ClientCardModel::IdRole).toString();
    const QString name = index.data(ClientCardModel::NameRole).toString();
    const QPixmap logo = logoFor(id, index.data(ClientCardModel::LogoRole).toByteArray(), kLogo,
                                 p->device()->devicePixelRatioF());
    if (!logo.isNull()) {
        const QSize s = logo.deviceIndependentSize().toSize();
        p->drawPixmap(logoRect.left() + (kLogo - s.width()) / 2, logoRect.top() + (kLogo - s.height()) / 2,
                      logo);
    } else {
        QColor disc(index.data(ClientCardModel::BrandColorRole).toString());
        if (!disc.isValid())
            disc = pal.color(QPalette::Mid);
        if (health == Health::Inactive)
            disc = QColor::fromHsvF(disc.hsvHueF(), disc.hsvSaturationF() * 0.25, disc.valueF());
        p->setPen(Qt::NoPen);
        p->setBrush(disc);
        p->drawEllipse(logoRect);
        p->setPen(disc.lightnessF() > 0.6 ? QColor(0x1f, 0x29, 0x37) : QColor(Qt::white));
        p->setFont(scaled(base, 1.1, true));
        p->drawText(logoRect, Qt::AlignCenter, monogram(name));
    }

    const int titleRight = right;

    // Name and health.
    const int textLeft = logoRect.right() + 12;
    const QFont title = scaled(base, 1.12, true);
    const QFontMetrics titleFm(title);
    p->setFont(title);
    p->setPen(pal.color(QPalette::Text));
    const QRect nameRect(textLeft, card.top() + kPad - 1, titleRight - textLeft, titleFm.height());
    p->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                titleFm.elidedText(name, Qt::ElideRight, nameRect.width()));
    const int healthY = nameRect.bottom() + 4;
    p->setPen(Qt::NoPen);
    p->setBrush(tone);
    p->drawEllipse(QRectF(textLeft, healthY + (smallFm.height() - 8) / 2.0, 8, 8));
    p->setFont(small);
    p->setPen(health == Health::Inactive ? muted : tone);
    QString healthWords = opsdeck::clients::healthDisplayName(health);
    const int reasons = index.data(ClientCardModel::HealthReasonsRole).toStringList().size();
    if (reasons > 1)
        healthWords += tr(" \u00b7 %1 signals").arg(reasons);
    // Unresolved alerts: a badge at the end of the health line, red when one is critical.
    const int alerts = index.data(ClientCardModel::OpenAlertsRole).toInt();
    const int critical = index.data(ClientCardModel::OpenCriticalAlertsRole).toInt();
    int healthRight = right;
    const QFont badgeFont = scaled(base, 0.88, true);
    const QFontMetrics badgeFm(badgeFont);
    const QString badgeText = alerts == 0   ? tr("No alerts")
                              : alerts == 1 ? tr("1 alert")
                                            : tr("%1 alerts").arg(alerts);
    const int badgeWidth = badgeFm.horizontalAdvance(badgeText) + 14;
    const QRect badge(right - badgeWidth, healthY - 2, badgeWidth, smallFm.height() + 4);
    if (alerts > 0) {
        const QColor c = critical > 0 ? status.bad : status.warn;
        QColor fill = c;
        fill.setAlphaF(StatusColors::isDark(pal) ? 0.28 : 0.14);
        p->setPen(Qt::NoPen);
        p->setBrush(fill);
        p->drawRoundedRect(badge, badge.height() / 2.0, badge.height() / 2.0);
        p->setPen(c);
        p->setFont(badgeFont);
    } else {
        p->setPen(muted);
        p->setFont(small);
    }
    p->drawText(badge, Qt::AlignCenter, badgeText);
    healthRight = badge.left() - 6;
    p->setFont(small);
    p->setPen(health == Health::Inactive ? muted : tone);
    p->drawText(QRect(textLeft + 13, healthY, healthRight - textLeft - 13, smallFm.height()),
                Qt::AlignLeft | Qt::AlignVCenter,
                smallFm.elidedText(healthWords, Qt::ElideRight, healthRight - textLeft - 13));

    int y = logoRect.bottom() + 12;

    // Revenue: amount of the last 7 days, trend against the 7 before, sparkline of 14 days.
    if (index.data(ClientCardModel::HasRevenueRole).toBool()) {
        const double week = index.data(ClientCardModel::RevenueThisWeekRole).toDouble();
        const QVariant change = index.data(ClientCardModel::RevenueChangeRole);
        const QString currency = index.data(ClientCardModel::CurrencyRole).toString();
        p->setFont(small);
        p->setPen(muted);
        p->drawText(QRect(left, y, 170, smallFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    tr("Revenue, last 7 days"));
        const QFont amountFont = scaled(base, 1.3, true);
        const QFontMetrics amountFm(amountFont);
        p->setFont(amountFont);
        p->setPen(pal.color(QPalette::Text));
        const QRect amountRect(left, y + smallFm.height() + 1, 170, amountFm.height());
        p->drawText(amountRect, Qt::AlignLeft | Qt::AlignVCenter,
                    amountFm.elidedText(moneyText(week, currency), Qt::ElideRight, 170));
        QString trend;
        QColor trendColor = muted;
        if (change.isValid()) {
            const double c = change.toDouble();
            const QString arrow = c >= 0.05    ? QStringLiteral("\u25b2")
                                  : c <= -0.05 ? QStringLiteral("\u25bc")
                                               : QStringLiteral("\u25b6");
            trend = tr("%1 %2 vs prior 7 days").arg(arrow, changeText(c));
            trendColor = c >= 0.05 ? status.good : c <= -0.05 ? status.bad : muted;
        } else {
            trend = week > 0 ? tr("None in the prior 7 days") : tr("No bookings in 14 days");
        }
        p->setFont(small);
        p->setPen(trendColor);
        p->drawText(QRect(left, amountRect.bottom() + 1, right - left, smallFm.height()),
                    Qt::AlignLeft | Qt::AlignVCenter, trend);
        // Above the trend line, which may run under it.
        const QRectF spark(right - 96, y + 4, 96, amountRect.bottom() - y - 6);
        drawSparkline(p, spark, index.data(ClientCardModel::RevenueDailyRole).toList(),
                      health == Health::Inactive ? muted : pal.color(QPalette::Highlight));
        y += kRevenueBlock;
    }

    // The numbers behind the health, with their units and window.
    p->setFont(small);
    p->setPen(muted);
    QString metrics;
    const qint64 requests = index.data(ClientCardModel::RequestCountRole).toLongLong();
    const QString window = windowText(index.data(ClientCardModel::HealthWindowRole).toInt());
    if (requests == 0) {
        metrics = tr("No API requests in %1").arg(window);
    } else {
        metrics = tr("5xx %1 % \u00b7 p95 %2 ms \u00b7 %3 requests / %4")
                      .arg(QLocale().toString(index.data(ClientCardModel::ErrorRateRole).toDouble(), 'f', 2),
                           QLocale().toString(index.data(ClientCardModel::P95Role).toInt()),
                           QLocale().toString(requests), window);
    }
    p->drawText(QRect(left, y, right - left, smallFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                smallFm.elidedText(metrics, Qt::ElideRight, right - left));

    // Data age: the last successful pipeline run, and the newest run when it did not succeed.
    y += smallFm.height() + 4;
    const QDateTime lastSuccess = index.data(ClientCardModel::LastSuccessRole).toDateTime();
    QString age =
        lastSuccess.isValid()
            ? DataAgeLabel::ageText(std::max<qint64>(0, lastSuccess.secsTo(QDateTime::currentDateTimeUtc())))
            : tr("No successful sync yet");
    const QString lastRun = index.data(ClientCardModel::LastRunStatusRole).toString();
    if (lastRun == QLatin1String("failed"))
        age += tr(" \u00b7 last run failed");
    else if (lastRun == QLatin1String("running"))
        age += tr(" \u00b7 sync running");
    const auto pipeline = Health(index.data(ClientCardModel::PipelineHealthRole).toInt());
    p->setPen(pipeline == Health::Green || health == Health::Inactive ? muted
                                                                      : healthColor(pipeline, status));
    p->drawText(QRect(left, y, right - left, smallFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                smallFm.elidedText(age, Qt::ElideRight, right - left));

    for (Action a : m_actions) {
        const QRectF b = QRectF(actionRect(option.rect, a, m_actions)).adjusted(0.5, 0.5, -0.5, -0.5);
        const bool primary = a == Action::OpenDashboard;
        p->setPen(QPen(primary ? pal.color(QPalette::Highlight) : hairlineColor(pal), 1));
        QColor fill = primary ? pal.color(QPalette::Highlight) : pal.color(QPalette::Button);
        if (primary)
            fill.setAlphaF(StatusColors::isDark(pal) ? 0.25 : 0.10);
        p->setBrush(fill);
        p->drawRoundedRect(b, 5, 5);
        p->setPen(
            primary ? (StatusColors::isDark(pal) ? pal.color(QPalette::Text) : pal.color(QPalette::Highlight))
                    : pal.color(QPalette::ButtonText));
        p->setFont(primary ? scaled(base, 0.88, true) : small);
        p->drawText(b, Qt::AlignCenter, actionText(a));
    }
    p->restore();
}

bool ClientCardDelegate::editorEvent(QEvent* event, QAbstractItemModel* model,
                                     const QStyleOptionViewItem& option, const QModelIndex& index)
{
    if (event->type() == QEvent::MouseButtonRelease || event->type() == QEvent::MouseButtonDblClick) {
        const auto* me = static_cast<QMouseEvent*>(event);
        if (me->button() == Qt::LeftButton) {
            for (Action a : m_actions) {
                if (!actionRect(option.rect, a, m_actions).contains(me->position().toPoint()))
                    continue;
                // A double click on a button is not also a double click on the card.
                if (event->type() == QEvent::MouseButtonRelease)
                    Q_EMIT actionTriggered(index, a);
                return true;
            }
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

bool ClientCardDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                   const QStyleOptionViewItem& option, const QModelIndex& index)
{
    if (event && event->type() == QEvent::ToolTip) {
        for (Action a : m_actions) {
            if (actionRect(option.rect, a, m_actions).contains(event->pos())) {
                QToolTip::showText(event->globalPos(), actionToolTip(a), view);
                return true;
            }
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace opsdeck::widgets::clients
