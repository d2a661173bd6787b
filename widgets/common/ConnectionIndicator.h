#pragma once

#include "StatusColors.h"
#include "db/ConnectionMonitor.h"

#include <QLabel>
#include <QPointer>
#include <QTimer>
#include <QWidget>

namespace opsdeck::widgets {

// A filled circle in a status tone; the small piece of colour next to a state's words.
class StatusDot : public QWidget
{
    Q_OBJECT

public:
    explicit StatusDot(QWidget* parent = nullptr);
    void setTone(Tone tone);
    Tone tone() const { return m_tone; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    Tone m_tone = Tone::Neutral;
};

// "● Connected" / "● Reconnecting…" / "● Offline — retrying", bound to the session's connection
// monitor. The tooltip says since when and what the last error was, so an operator can tell a
// blip from an outage without opening the log.
class ConnectionIndicator : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionIndicator(QWidget* parent = nullptr);
    explicit ConnectionIndicator(db::ConnectionMonitor& monitor, QWidget* parent = nullptr);

    void bind(db::ConnectionMonitor& monitor);
    // Without a monitor (tests, previews): show this state directly.
    void setState(db::ConnectionState state, const QString& lastError, const QDateTime& since);

    db::ConnectionState state() const { return m_state; }
    QString text() const;
    static QString textFor(db::ConnectionState state);

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateView();

    QPointer<db::ConnectionMonitor> m_monitor;
    db::ConnectionState m_state = db::ConnectionState::Connected;
    QString m_lastError;
    QDateTime m_since;
    StatusDot* m_dot = nullptr;
    QLabel* m_label = nullptr;
    QTimer m_tooltipTick; // keeps "for 2 min" in the tooltip current
};

} // namespace opsdeck::widgets
