#include "StatCard.h"

#include "common/StatusColors.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

namespace opsdeck::widgets::clients {

StatCard::StatCard(const QString& caption, QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("statCard"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred); // a row of cards shares one height
    setMinimumWidth(150);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->setSpacing(2);

    m_caption = new QLabel(caption, this);
    m_caption->setObjectName(QStringLiteral("statCaption"));
    QFont captionFont = m_caption->font();
    captionFont.setBold(true);
    m_caption->setFont(captionFont);

    auto* valueRow = new QHBoxLayout;
    valueRow->setSpacing(6);
    m_value = new QLabel(QStringLiteral("–"), this);
    m_value->setObjectName(QStringLiteral("statValue"));
    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.9);
    valueFont.setBold(true);
    m_value->setFont(valueFont);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_unit = new QLabel(this);
    m_unit->setObjectName(QStringLiteral("statUnit"));
    valueRow->addWidget(m_value, 0, Qt::AlignBaseline);
    valueRow->addWidget(m_unit, 0, Qt::AlignBaseline);
    valueRow->addStretch(1);

    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("statDetail"));
    m_detail->setWordWrap(true);

    layout->addWidget(m_caption);
    layout->addLayout(valueRow);
    layout->addWidget(m_detail);
    layout->addStretch(1);
    updateColors();
}

void StatCard::setValue(const QString& value, const QString& unit)
{
    m_value->setText(value);
    m_unit->setText(unit);
}

void StatCard::setDetail(const QString& detail)
{
    m_detail->setText(detail);
}

QString StatCard::caption() const
{
    return m_caption->text();
}

QString StatCard::value() const
{
    return m_value->text();
}

QString StatCard::unit() const
{
    return m_unit->text();
}

QString StatCard::detail() const
{
    return m_detail->text();
}

void StatCard::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateColors();
}

void StatCard::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    p.fillPath(path, palette().color(QPalette::Base));
    p.setPen(hairlineColor(palette()));
    p.drawPath(path);
}

void StatCard::updateColors()
{
    applyTone(m_caption, Tone::Neutral);
    applyTone(m_unit, Tone::Neutral);
    applyTone(m_detail, Tone::Neutral);
}

} // namespace opsdeck::widgets::clients
