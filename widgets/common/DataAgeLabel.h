#pragma once

#include "StatusColors.h"

#include <QDateTime>
#include <QLabel>
#include <QTimer>

namespace opsdeck::widgets {

// How old the data on screen is: "Loading…" before the first load, then "Updated 12 s ago",
// re-rendered every few seconds. When the data is older than twice the refresh interval (the
// refreshes are failing, or the connection is down) it turns into a warning: "Stale — updated
// 2 min ago". A failed refresh shows as "Refresh failed — updated …" until the next success.
class DataAgeLabel : public QLabel
{
    Q_OBJECT

public:
    static constexpr int kTickMs = 5000;

    explicit DataAgeLabel(QWidget* parent = nullptr);

    void setLoading();
    void setUpdatedAt(const QDateTime& when);
    // 0: no auto-refresh, so data is never called stale (live events still refresh it).
    void setRefreshIntervalSeconds(int seconds);
    void setFailed(const QString& error);
    // A fixed text instead of an age ("No live data on this tab yet").
    void setNote(const QString& text);

    QDateTime updatedAt() const { return m_updatedAt; }
    bool isStale() const;
    bool hasFailed() const { return !m_error.isEmpty(); }

    // "12 s", "3 min", "2 h", "4 d".
    static QString durationText(qint64 seconds);
    // "Updated just now", "Updated 12 s ago", "Updated 3 min ago".
    static QString ageText(qint64 seconds);

protected:
    void changeEvent(QEvent* event) override;

private:
    enum class Mode
    {
        Loading,
        Age,
        Note,
    };
    void render();

    Mode m_mode = Mode::Loading;
    QDateTime m_updatedAt;
    int m_intervalSeconds = 0;
    QString m_error;
    QString m_note;
    Tone m_tone = Tone::Neutral;
    QTimer m_tick;
};

} // namespace opsdeck::widgets
