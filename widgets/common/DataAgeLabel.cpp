#include "DataAgeLabel.h"

#include <QEvent>
#include <QLocale>

namespace opsdeck::widgets {

DataAgeLabel::DataAgeLabel(QWidget* parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("dataAge"));
    setTextFormat(Qt::PlainText);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &DataAgeLabel::render);
    render();
    applyTone(this, m_tone); // muted from the start: the age is secondary to the data
}

void DataAgeLabel::setLoading()
{
    m_mode = Mode::Loading;
    m_tick.stop();
    render();
}

void DataAgeLabel::setUpdatedAt(const QDateTime& when)
{
    m_mode = Mode::Age;
    m_updatedAt = when.toUTC();
    m_error.clear();
    m_tick.start();
    render();
}

void DataAgeLabel::setRefreshIntervalSeconds(int seconds)
{
    m_intervalSeconds = qMax(0, seconds);
    render();
}

void DataAgeLabel::setFailed(const QString& error)
{
    m_error = error;
    render();
}

void DataAgeLabel::setNote(const QString& text)
{
    m_mode = Mode::Note;
    m_note = text;
    m_error.clear();
    m_tick.stop();
    render();
}

bool DataAgeLabel::isStale() const
{
    if (m_mode != Mode::Age || m_intervalSeconds <= 0 || !m_updatedAt.isValid())
        return false;
    return m_updatedAt.secsTo(QDateTime::currentDateTimeUtc()) > 2 * m_intervalSeconds;
}

QString DataAgeLabel::durationText(qint64 s)
{
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min").arg(s / 60);
    if (s < 86400)
        return tr("%1 h").arg(s / 3600);
    return tr("%1 d").arg(s / 86400);
}

QString DataAgeLabel::ageText(qint64 s)
{
    if (s < 5)
        return tr("Updated just now");
    return tr("Updated %1 ago").arg(durationText(s));
}

void DataAgeLabel::render()
{
    QString text;
    QString tip;
    Tone tone = Tone::Neutral;
    switch (m_mode) {
    case Mode::Loading:
        text = tr("Loading…");
        break;
    case Mode::Note:
        text = m_note;
        break;
    case Mode::Age: {
        const qint64 age = qMax<qint64>(0, m_updatedAt.secsTo(QDateTime::currentDateTimeUtc()));
        const QString when = QLocale().toString(m_updatedAt.toLocalTime(), QLocale::ShortFormat);
        text = ageText(age);
        tip = tr("Last loaded %1").arg(when);
        if (m_intervalSeconds > 0)
            tip += QLatin1Char('\n') + tr("Auto-refresh every %1; live changes refresh sooner.")
                                           .arg(durationText(m_intervalSeconds));
        if (!m_error.isEmpty()) {
            // Lower-case the age so it reads as one sentence after the dash.
            text = tr("Refresh failed — %1").arg(text.left(1).toLower() + text.mid(1));
            tip += QLatin1Char('\n') + m_error;
            tone = Tone::Bad;
        } else if (isStale()) {
            text = tr("Stale — %1").arg(text.left(1).toLower() + text.mid(1));
            tip += QLatin1Char('\n') +
                   tr("Older than twice the refresh interval: the database may be unreachable.");
            tone = Tone::Warn;
        }
        break;
    }
    }
    if (text != QLabel::text())
        setText(text);
    setToolTip(tip);
    if (tone != m_tone) {
        m_tone = tone;
        applyTone(this, m_tone);
    }
}

void DataAgeLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ParentChange)
        applyTone(this, m_tone);
}

} // namespace opsdeck::widgets
