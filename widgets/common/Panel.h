#pragma once

#include "db/DbResult.h"
#include "session/Session.h"

#include <QDateTime>
#include <QFuture>
#include <QStringList>
#include <QTimer>
#include <QWidget>
#include <optional>
#include <utility>

class QLabel;
class QStackedWidget;
class QToolButton;
class QFrame;

namespace opsdeck::widgets {

class DataAgeLabel;

// The base of every panel on every tab. A panel shows one piece of live data: it loads it through
// core (a QFuture<db::DbResult<T>>, continued on the GUI thread), shows a loading / empty / error /
// content state, says how old the data is, and loads again when it may have changed:
//   - on the session's auto-refresh timer (the seeds' 30 s fallback),
//   - when the tenant scope changes (in-flight results for the old scope are dropped),
//   - when a table it watches changes (LISTEN/NOTIFY through session.events()),
//   - when the connection comes back after a failed load, and on Retry / the refresh button.
// While a panel is hidden (another tab is current) those triggers only mark it dirty; it loads
// when shown. The first load always runs, visible or not, so a tab is ready when it is opened.
//
// A subclass:
//   1. calls setContentWidget() (and watchTables()) in its constructor,
//   2. implements fetch(): start one or more load(future, onValue) calls for session().tenantScope();
//      each onValue fills the content widgets, and may call showEmpty("No open complaints").
// The panel counts as loaded when every load of that round succeeded. A round that fails before
// the first success shows the error page with Retry; a later failure keeps the last data on screen
// and shows a slim error bar instead (an operator still needs what was there).
class Panel : public QWidget
{
    Q_OBJECT

public:
    enum class State
    {
        Loading, // before the first successful load
        Empty,   // loaded; nothing to show (with a message)
        Error,   // the first load failed (with a message and Retry)
        Content, // loaded; the content widget is shown
    };
    Q_ENUM(State)

    Panel(session::Session& session, const QString& panelId, const QString& title, QWidget* parent = nullptr);
    ~Panel() override;

    QString panelId() const { return m_panelId; }
    QString title() const { return m_title; }
    State state() const { return m_state; }
    // A load round has succeeded at least once.
    bool isLoaded() const { return m_loaded; }
    // The latest round failed (the error page or the error bar is showing).
    bool hasFailed() const { return m_failed; }
    QString errorText() const { return m_errorText; }
    QString emptyMessage() const;
    bool isBusy() const { return m_busy; }
    QDateTime lastLoadedAt() const { return m_lastLoadedAt; }
    QStringList watchedTables() const { return m_tables; }
    bool showsDataAge() const { return m_showsDataAge; }

public Q_SLOTS:
    // Load now. While a round is in flight, one more round is queued to run after it.
    virtual void refresh();

Q_SIGNALS:
    // A round succeeded (every time, not only the first).
    void loaded();
    void loadFailed(const QString& message);
    void stateChanged(opsdeck::widgets::Panel::State state);
    void busyChanged(bool busy);

protected:
    session::Session& session() const { return m_session; }

    // Start the round's queries. Called by refresh(); never call it directly.
    virtual void fetch() = 0;

    // One query of the round. `onValue(T&)` runs on the GUI thread when it succeeds, unless the
    // round was superseded meanwhile (then the result is dropped unseen).
    template <typename T, typename F> void load(QFuture<db::DbResult<T>> future, F&& onValue);

    // From an onValue: the round ends in the empty state with this message. Outside a round it
    // switches at once (a panel that filters locally).
    void showEmpty(const QString& message);
    // From an onValue: the round ends showing the content (the default). Outside a round: at once.
    void showContent();

    // Constructor-time configuration.
    void setContentWidget(QWidget* content);
    void watchTables(const QStringList& tables);
    void setShowsDataAge(bool shows);
    void setHeaderVisible(bool visible);
    void setFramed(bool framed);
    // Panels over global data (system health) keep their data when the tenant scope changes.
    void setFollowsTenantScope(bool follows) { m_followsTenantScope = follows; }
    // Panels a person scrolls through (a log) reload only when asked, so the view does not jump.
    void setAutoRefreshEnabled(bool enabled)
    {
        m_autoRefreshEnabled = enabled;
        if (!enabled)
            m_autoRefresh.stop();
    }

    void showEvent(QShowEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void requestRefresh();
    void onTenantScopeChanged();
    void beginRound();
    void settle(quint64 round, const db::DbError* error);
    void finishRound();
    void setState(State state);
    void setBusy(bool busy);
    void configureAutoRefresh(int seconds);
    void updateMutedLabels();

    session::Session& m_session;
    QString m_panelId;
    QString m_title;

    State m_state = State::Loading;
    bool m_loaded = false;
    bool m_failed = false;
    bool m_busy = false;
    bool m_fetching = false;      // inside fetch(): completions must not end the round early
    bool m_refreshQueued = false; // a trigger arrived during a round
    bool m_dirty = false;         // a trigger arrived while hidden
    bool m_followsTenantScope = true;
    bool m_autoRefreshEnabled = true;
    bool m_showsDataAge = true;
    bool m_framed = true;
    quint64 m_round = 0;
    int m_pending = 0;
    std::optional<db::DbError> m_roundError;
    State m_roundOutcome = State::Content;
    QString m_roundEmptyMessage;
    QString m_errorText;
    QDateTime m_lastLoadedAt;
    QStringList m_tables;
    QTimer m_autoRefresh;

    QWidget* m_header = nullptr;
    QLabel* m_titleLabel = nullptr;
    DataAgeLabel* m_age = nullptr;
    QToolButton* m_refreshButton = nullptr;
    QFrame* m_errorBar = nullptr;
    QLabel* m_errorBarLabel = nullptr;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_loadingPage = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QWidget* m_errorPage = nullptr;
    QLabel* m_errorLabel = nullptr;
    QWidget* m_content = nullptr;
};

template <typename T, typename F> void Panel::load(QFuture<db::DbResult<T>> future, F&& onValue)
{
    const quint64 round = m_round;
    ++m_pending;
    // Captures only `this` and the callback: the continuation may be destroyed on a pool thread
    // if the panel is gone by then, so it must hold nothing that minds where it dies.
    future.then(this, [this, round, onValue = std::forward<F>(onValue)](db::DbResult<T> result) mutable {
        if (round != m_round)
            return; // superseded: the tenant scope changed while this was loading
        if (result.ok()) {
            onValue(result.value());
            settle(round, nullptr);
        } else {
            settle(round, &result.error());
        }
    });
}

} // namespace opsdeck::widgets
