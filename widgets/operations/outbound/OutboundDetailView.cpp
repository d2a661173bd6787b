#include "OutboundDetailView.h"

#include "OutboundTableModel.h"
#include "common/StatusColors.h"

#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck::widgets::operations {
namespace {

QString localTime(const QDateTime& t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QStringLiteral("—");
}

QLabel* caption(const QString& text, QWidget* parent)
{
    auto* l = new QLabel(text, parent);
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    return l;
}

QStandardItem* cell(const QString& text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto* item = new QStandardItem(text);
    item->setEditable(false);
    item->setTextAlignment(align);
    return item;
}

} // namespace

OutboundDetailView::OutboundDetailView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("outboundDetail"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    m_message = new QLabel(m_stack);
    m_message->setObjectName(QStringLiteral("outboundDetailMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    applyTone(m_message, Tone::Neutral);
    m_stack->addWidget(m_message);

    m_detail = new QWidget(m_stack);
    auto* layout = new QVBoxLayout(m_detail);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(6);
    m_summary = new QLabel(m_detail);
    m_summary->setObjectName(QStringLiteral("outboundDetailSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_facts = new QLabel(m_detail);
    m_facts->setObjectName(QStringLiteral("outboundDetailFacts"));
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    applyTone(m_facts, Tone::Neutral);
    layout->addWidget(m_summary);
    layout->addWidget(m_facts);

    auto* split = new QSplitter(Qt::Horizontal, m_detail);
    split->setChildrenCollapsible(false);
    auto* left = new QWidget(split);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(caption(tr("Attempts"), left));
    m_attempts = new QStandardItemModel(0, AttemptColumnCount, this);
    m_attempts->setHorizontalHeaderLabels(
        {tr("#"), tr("Time"), tr("Code"), tr("Latency"), tr("Outcome"), tr("Engine"), tr("Error")});
    m_attemptsView = new QTableView(left);
    m_attemptsView->setObjectName(QStringLiteral("outboundAttempts"));
    m_attemptsView->setModel(m_attempts);
    m_attemptsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_attemptsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_attemptsView->setAlternatingRowColors(true);
    m_attemptsView->setWordWrap(false);
    m_attemptsView->verticalHeader()->hide();
    m_attemptsView->horizontalHeader()->setStretchLastSection(true);
    leftLayout->addWidget(m_attemptsView, 1);

    auto* right = new QWidget(split);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* payloadCaption = caption(tr("Payload (personal data scrubbed)"), right);
    payloadCaption->setToolTip(tr("E-mail addresses, phone numbers and the contact's name are replaced "
                                  "before the payload leaves the database"));
    rightLayout->addWidget(payloadCaption);
    m_payload = new QPlainTextEdit(right);
    m_payload->setObjectName(QStringLiteral("outboundPayload"));
    m_payload->setReadOnly(true);
    m_payload->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    rightLayout->addWidget(m_payload, 1);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    m_stack->addWidget(m_detail);

    showMessage(tr("Select an item to see its attempts and payload."));
}

QString OutboundDetailView::formatPayload(const QString& payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || doc.isNull())
        return payload; // scrubbing can leave a placeholder where a JSON number was
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

void OutboundDetailView::showMessage(const QString& text)
{
    m_itemId.clear();
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

void OutboundDetailView::showDetail(const outbound::OutboundDetail& d, const QDateTime& now)
{
    const outbound::OutboundItem& i = d.item;
    const bool sameItem = m_itemId == i.id;
    m_itemId = i.id;
    const QString to = i.destination.isEmpty() ? tr("its connection's URL") : i.destination;
    const QString tenant = i.isCompanys() ? tr("the company's own") : i.tenantName;
    m_summary->setText(
        tr("%1 to %2 — %3, attempt %4 of %5")
            .arg(OutboundTableModel::typeText(i.deliveryType), to, OutboundTableModel::statusText(i.status))
            .arg(i.attemptCount)
            .arg(i.maxAttempts));
    QStringList facts;
    facts << tr("Tenant: %1").arg(tenant);
    facts << tr("Queued %1").arg(localTime(i.createdAt));
    if (i.status == QLatin1String("pending"))
        facts << tr("Next attempt %1 (%2)")
                     .arg(OutboundTableModel::nextRetryText(i, now), localTime(i.nextAttemptAt));
    if (i.deliveredAt.isValid())
        facts << tr("Delivered %1").arg(localTime(i.deliveredAt));
    if (i.status == QLatin1String("sending") && !i.lockedBy.isEmpty())
        facts << tr("Being sent by %1 until %2").arg(i.lockedBy, localTime(i.leaseUntil));
    if (!i.error.isEmpty())
        facts << tr("Last error: %1").arg(i.error);
    facts << tr("Idempotency key: %1").arg(d.idempotencyKey);
    m_facts->setText(facts.join(QStringLiteral("  ·  ")));

    m_attempts->removeRows(0, m_attempts->rowCount());
    const QLocale locale;
    for (const outbound::OutboundAttempt& a : d.attempts) {
        const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
        QList<QStandardItem*> row;
        row << cell(QString::number(a.attempt), right) << cell(localTime(a.startedAt))
            << cell(a.statusCode ? QString::number(*a.statusCode) : QStringLiteral("—"), right)
            << cell(a.latencyMs ? tr("%1 ms").arg(locale.toString(*a.latencyMs)) : QStringLiteral("—"), right)
            << cell(a.outcome) << cell(a.engineId) << cell(a.error.section(QLatin1Char('\n'), 0, 0));
        row.at(AttemptErrorColumn)->setToolTip(a.error);
        const Tone tone = a.outcome == QLatin1String("delivered") ? Tone::Good
                          : a.outcome == QLatin1String("retry")   ? Tone::Warn
                                                                  : Tone::Bad;
        row.at(AttemptOutcomeColumn)->setData(int(tone), Qt::UserRole);
        row.at(AttemptOutcomeColumn)
            ->setForeground(StatusColors::forPalette(QGuiApplication::palette()).color(tone));
        m_attempts->appendRow(row);
    }
    if (d.attempts.isEmpty()) {
        QList<QStandardItem*> row;
        row << cell(QString()) << cell(tr("Not tried yet"));
        for (int c = row.size(); c < AttemptColumnCount; ++c)
            row << cell(QString());
        m_attempts->appendRow(row);
    }
    for (int c = 0; c < AttemptErrorColumn; ++c) // the error column stretches
        m_attemptsView->resizeColumnToContents(c);

    // A live refresh of the same item keeps the reader's scroll position in the payload.
    const QString payload = formatPayload(d.payload);
    if (!sameItem || m_payload->toPlainText() != payload) {
        const int scroll = sameItem ? m_payload->verticalScrollBar()->value() : 0;
        m_payload->setPlainText(payload);
        m_payload->verticalScrollBar()->setValue(scroll);
    }
    m_stack->setCurrentWidget(m_detail);
}

void OutboundDetailView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange && event->type() != QEvent::ApplicationPaletteChange)
        return;
    const StatusColors colors = StatusColors::forPalette(QGuiApplication::palette());
    for (int r = 0; r < m_attempts->rowCount(); ++r) {
        QStandardItem* outcome = m_attempts->item(r, AttemptOutcomeColumn);
        if (outcome && outcome->data(Qt::UserRole).isValid())
            outcome->setForeground(colors.color(Tone(outcome->data(Qt::UserRole).toInt())));
    }
}

QString OutboundDetailView::summaryText() const
{
    return m_summary->text() + QLatin1Char('\n') + m_facts->text();
}

QString OutboundDetailView::payloadText() const
{
    return m_payload->toPlainText();
}

QString OutboundDetailView::messageText() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

} // namespace opsdeck::widgets::operations
