#include "ConnectionIndicator.h"

#include "DataAgeLabel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLocale>
#include <QPainter>

namespace opsdeck::widgets {

StatusDot::StatusDot(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void StatusDot::setTone(Tone tone)
{
    if (tone == m_tone)
        return;
    m_tone = tone;
    update();
}

QSize StatusDot::sizeHint() const
{
    const int d = qMax(8, fontMetrics().height() / 2 + 2);
    return {d, d};
}

void StatusDot::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int d = qMin(width(), height()) - 1;
    const QRectF r((width() - d) / 2.0, (height() - d) / 2.0, d, d);
    p.setPen(Qt::NoPen);
    p.setBrush(StatusColors::forPalette(palette()).color(m_tone));
    p.drawEllipse(r);
}

ConnectionIndicator::ConnectionIndicator(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    m_dot = new StatusDot(this);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("connectionStateLabel"));
    layout->addWidget(m_dot, 0, Qt::AlignVCenter);
    layout->addWidget(m_label, 0, Qt::AlignVCenter);
    m_since = QDateTime::currentDateTimeUtc();
    m_tooltipTick.setInterval(15000);
    connect(&m_tooltipTick, &QTimer::timeout, this, &ConnectionIndicator::updateView);
    m_tooltipTick.start();
    updateView();
}

ConnectionIndicator::ConnectionIndicator(db::ConnectionMonitor& monitor, QWidget* parent)
    : ConnectionIndicator(parent)
{
    bind(monitor);
}

void ConnectionIndicator::bind(db::ConnectionMonitor& monitor)
{
    if (m_monitor)
        disconnect(m_monitor, nullptr, this, nullptr);
    m_monitor = &monitor;
    connect(&monitor, &db::ConnectionMonitor::stateChanged, this,
            [this](db::ConnectionState state, const QString&) {
                setState(state, m_monitor->lastError(), m_monitor->since());
            });
    setState(monitor.state(), monitor.lastError(), monitor.since());
}

void ConnectionIndicator::setState(db::ConnectionState state, const QString& lastError,
                                   const QDateTime& since)
{
    m_state = state;
    m_lastError = lastError;
    m_since = since;
    updateView();
}

QString ConnectionIndicator::textFor(db::ConnectionState state)
{
    switch (state) {
    case db::ConnectionState::Connected:
        return tr("Connected");
    case db::ConnectionState::Reconnecting:
        return tr("Reconnecting…");
    case db::ConnectionState::Offline:
        return tr("Offline — retrying");
    }
    return {};
}

QString ConnectionIndicator::text() const
{
    return m_label->text();
}

void ConnectionIndicator::updateView()
{
    Tone tone = Tone::Good;
    if (m_state == db::ConnectionState::Reconnecting)
        tone = Tone::Warn;
    else if (m_state == db::ConnectionState::Offline)
        tone = Tone::Bad;
    m_dot->setTone(tone);
    m_label->setText(textFor(m_state));

    const QDateTime local = m_since.toLocalTime();
    const qint64 secs = qMax<qint64>(0, m_since.secsTo(QDateTime::currentDateTimeUtc()));
    QString tip =
        tr("%1 since %2 (%3)")
            .arg(db::connectionStateName(m_state), QLocale().toString(local.time(), QLocale::ShortFormat),
                 DataAgeLabel::durationText(secs));
    if (!m_lastError.isEmpty())
        tip += QLatin1Char('\n') + tr("Last error: %1").arg(m_lastError);
    if (m_state != db::ConnectionState::Connected)
        tip += QLatin1Char('\n') + tr("Opsdeck keeps retrying; the data on screen is the last that loaded.");
    setToolTip(tip);
}

void ConnectionIndicator::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_dot->update();
}

} // namespace opsdeck::widgets
