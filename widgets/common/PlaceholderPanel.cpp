#include "PlaceholderPanel.h"

#include "StatusColors.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

namespace opsdeck::widgets {
namespace {

// The card in the middle of the placeholder: base colour and a hairline, like a framed Panel.
class Card : public QWidget
{
public:
    using QWidget::QWidget;

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        QPainterPath path;
        path.addRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
        p.fillPath(path, palette().color(QPalette::Base));
        p.setPen(hairlineColor(palette()));
        p.drawPath(path);
    }
};

} // namespace

PlaceholderPanel::PlaceholderPanel(session::Session& session, const session::TabInfo& tab, QWidget* parent)
    : Panel(session, tab.id + QStringLiteral("-overview"), tab.title, parent), m_tab(tab)
{
    // The card carries its own heading; a panel header and data age would promise live data.
    setHeaderVisible(false);
    setShowsDataAge(false);
    setFramed(false);

    auto* content = new QWidget(this);
    auto* outer = new QVBoxLayout(content);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addStretch(2);

    m_card = new Card(content);
    m_card->setObjectName(QStringLiteral("placeholderCard"));
    m_card->setMaximumWidth(680);
    m_card->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto* card = new QVBoxLayout(m_card);
    card->setContentsMargins(32, 28, 32, 28);
    card->setSpacing(10);

    auto* heading = new QLabel(tab.title, m_card);
    heading->setObjectName(QStringLiteral("placeholderTitle"));
    QFont hf = heading->font();
    hf.setPointSizeF(hf.pointSizeF() * 1.6);
    hf.setBold(true);
    heading->setFont(hf);

    m_purpose = new QLabel(tab.purpose, m_card);
    m_purpose->setObjectName(QStringLiteral("placeholderPurpose"));
    m_purpose->setWordWrap(true);
    QFont pf = m_purpose->font();
    pf.setPointSizeF(pf.pointSizeF() * 1.1);
    m_purpose->setFont(pf);

    m_plannedHeading = new QLabel(tr("PLANNED PANELS"), m_card);
    QFont sf = m_plannedHeading->font();
    sf.setPointSizeF(sf.pointSizeF() * 0.85);
    sf.setBold(true);
    sf.setLetterSpacing(QFont::AbsoluteSpacing, 0.8);
    m_plannedHeading->setFont(sf);

    // A grid rather than one rich-text list: each bullet keeps a hanging indent when a line wraps.
    auto* list = new QGridLayout();
    list->setContentsMargins(0, 0, 0, 0);
    list->setHorizontalSpacing(10);
    list->setVerticalSpacing(6);
    list->setColumnStretch(1, 1);
    for (int i = 0; i < tab.plannedPanels.size(); ++i) {
        auto* bullet = new QLabel(QStringLiteral("•"), m_card);
        auto* item = new QLabel(tab.plannedPanels.at(i), m_card);
        item->setObjectName(QStringLiteral("plannedPanel"));
        item->setWordWrap(true);
        list->addWidget(bullet, i, 0, Qt::AlignTop);
        list->addWidget(item, i, 1);
        m_bullets << bullet;
        m_items << item;
    }

    m_note = new QLabel(tr("Coming in a later release. Until then this tab shows no data."), m_card);
    m_note->setObjectName(QStringLiteral("placeholderNote"));
    m_note->setWordWrap(true);

    card->addWidget(heading);
    card->addWidget(m_purpose);
    card->addSpacing(10);
    card->addWidget(m_plannedHeading);
    card->addLayout(list);
    card->addSpacing(10);
    card->addWidget(m_note);

    auto* row = new QHBoxLayout();
    row->addStretch(1);
    row->addWidget(m_card, 3);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(3);

    setContentWidget(content);
    applyTones();
}

QStringList PlaceholderPanel::listedPanels() const
{
    QStringList out;
    for (const QLabel* l : m_items)
        out << l->text();
    return out;
}

void PlaceholderPanel::fetch()
{
    showContent(); // nothing to load: the round ends at once
}

void PlaceholderPanel::changeEvent(QEvent* event)
{
    Panel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTones();
}

void PlaceholderPanel::applyTones()
{
    applyTone(m_purpose, Tone::Neutral);
    applyTone(m_plannedHeading, Tone::Neutral);
    applyTone(m_note, Tone::Neutral);
    for (QLabel* b : m_bullets)
        applyTone(b, Tone::Neutral);
}

} // namespace opsdeck::widgets
