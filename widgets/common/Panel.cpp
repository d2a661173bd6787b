#include "Panel.h"

#include "DataAgeLabel.h"
#include "StatusColors.h"
#include "common/Logging.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace opsdeck::widgets {
namespace {

QLabel* centeredLabel(QWidget* parent, const QString& objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

Panel::Panel(session::Session& session, const QString& panelId, const QString& title, QWidget* parent)
    : QWidget(parent), m_session(session), m_panelId(panelId), m_title(title)
{
    setObjectName(QStringLiteral("panel-") + panelId);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(14, 10, 14, 12);
    outer->setSpacing(8);

    // Header: title on the left, data age and a refresh button on the right.
    m_header = new QWidget(this);
    auto* header = new QHBoxLayout(m_header);
    header->setContentsMargins(0, 0, 0, 0);
    header->setSpacing(8);
    m_titleLabel = new QLabel(title, m_header);
    m_titleLabel->setObjectName(QStringLiteral("panelTitle"));
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() + 1);
    m_titleLabel->setFont(titleFont);
    m_age = new DataAgeLabel(m_header);
    m_refreshButton = new QToolButton(m_header);
    m_refreshButton->setObjectName(QStringLiteral("panelRefresh"));
    m_refreshButton->setText(QStringLiteral("↻"));
    m_refreshButton->setToolTip(tr("Refresh now"));
    m_refreshButton->setAutoRaise(true);
    connect(m_refreshButton, &QToolButton::clicked, this, &Panel::refresh);
    header->addWidget(m_titleLabel);
    header->addStretch(1);
    header->addWidget(m_age);
    header->addWidget(m_refreshButton);
    outer->addWidget(m_header);

    // Shown when a refresh fails after data was on screen: the data stays, this says why it is old.
    m_errorBar = new QFrame(this);
    m_errorBar->setObjectName(QStringLiteral("panelErrorBar"));
    auto* bar = new QHBoxLayout(m_errorBar);
    bar->setContentsMargins(0, 0, 0, 0);
    m_errorBarLabel = new QLabel(m_errorBar);
    m_errorBarLabel->setWordWrap(true);
    m_errorBarLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* barRetry = new QPushButton(tr("Retry"), m_errorBar);
    connect(barRetry, &QPushButton::clicked, this, &Panel::refresh);
    bar->addWidget(m_errorBarLabel, 1);
    bar->addWidget(barRetry);
    m_errorBar->hide();
    outer->addWidget(m_errorBar);

    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack, 1);

    m_loadingPage = new QWidget(m_stack);
    {
        auto* l = new QVBoxLayout(m_loadingPage);
        l->addStretch(1);
        auto* text = centeredLabel(m_loadingPage, QStringLiteral("panelLoading"));
        text->setText(tr("Loading %1…").arg(title));
        auto* progress = new QProgressBar(m_loadingPage);
        progress->setRange(0, 0); // busy: the database gives no progress
        progress->setTextVisible(false);
        progress->setMaximumWidth(220);
        progress->setMaximumHeight(6);
        l->addWidget(text);
        l->addWidget(progress, 0, Qt::AlignHCenter);
        l->addStretch(1);
    }
    m_emptyLabel = centeredLabel(m_stack, QStringLiteral("panelEmpty"));
    m_errorPage = new QWidget(m_stack);
    {
        auto* l = new QVBoxLayout(m_errorPage);
        l->addStretch(1);
        auto* headline = centeredLabel(m_errorPage, QStringLiteral("panelErrorHeadline"));
        headline->setText(tr("Could not load %1").arg(title));
        QFont f = headline->font();
        f.setBold(true);
        headline->setFont(f);
        m_errorLabel = centeredLabel(m_errorPage, QStringLiteral("panelError"));
        auto* retry = new QPushButton(tr("Retry"), m_errorPage);
        retry->setObjectName(QStringLiteral("panelRetry"));
        connect(retry, &QPushButton::clicked, this, &Panel::refresh);
        l->addWidget(headline);
        l->addWidget(m_errorLabel);
        l->addSpacing(6);
        l->addWidget(retry, 0, Qt::AlignHCenter);
        l->addStretch(1);
    }
    m_stack->addWidget(m_loadingPage);
    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(m_errorPage);
    m_stack->setCurrentWidget(m_loadingPage);
    updateMutedLabels();

    // Triggers.
    m_autoRefresh.setSingleShot(true); // re-armed after each round, so it counts from the last load
    connect(&m_autoRefresh, &QTimer::timeout, this, &Panel::requestRefresh);
    configureAutoRefresh(session.autoRefreshSeconds());
    connect(&session, &session::Session::autoRefreshChanged, this, &Panel::configureAutoRefresh);
    connect(&session, &session::Session::tenantScopeChanged, this, &Panel::onTenantScopeChanged);
    connect(&session.monitor(), &db::ConnectionMonitor::stateChanged, this,
            [this](db::ConnectionState state) {
                if (state == db::ConnectionState::Connected && m_failed)
                    requestRefresh();
            });

    // The first round starts once the subclass is fully constructed (fetch() is virtual).
    QTimer::singleShot(0, this, [this] {
        if (m_round == 0)
            refresh();
    });
}

Panel::~Panel() = default;

QString Panel::emptyMessage() const
{
    return m_emptyLabel->text();
}

void Panel::setContentWidget(QWidget* content)
{
    if (m_content) {
        m_stack->removeWidget(m_content);
        m_content->deleteLater();
    }
    m_content = content;
    m_stack->addWidget(content);
    if (m_state == State::Content)
        m_stack->setCurrentWidget(content);
}

void Panel::watchTables(const QStringList& tables)
{
    // One subscription per panel: EventBus::onTables cannot be undone, so later calls only add.
    QStringList added;
    for (const QString& t : tables) {
        if (!m_tables.contains(t))
            added << t;
    }
    if (added.isEmpty())
        return;
    m_tables << added;
    m_session.events().onTables(added, this, [this] { requestRefresh(); });
}

void Panel::setShowsDataAge(bool shows)
{
    m_showsDataAge = shows;
    m_age->setVisible(shows);
    m_refreshButton->setVisible(shows);
}

void Panel::setHeaderVisible(bool visible)
{
    m_header->setVisible(visible);
}

void Panel::setFramed(bool framed)
{
    m_framed = framed;
    update();
}

void Panel::refresh()
{
    if (m_busy) {
        m_refreshQueued = true;
        return;
    }
    beginRound();
}

void Panel::requestRefresh()
{
    if (m_loaded && !isVisible()) {
        m_dirty = true;
        return;
    }
    refresh();
}

void Panel::onTenantScopeChanged()
{
    if (!m_followsTenantScope)
        return;
    // Whatever is in flight was asked for the old scope: drop it rather than show it for a moment.
    ++m_round;
    m_pending = 0;
    m_refreshQueued = false;
    setBusy(false);
    if (m_loaded && !isVisible()) {
        m_dirty = true;
        return;
    }
    beginRound();
}

void Panel::beginRound()
{
    ++m_round;
    m_pending = 0;
    m_roundError.reset();
    m_roundOutcome = State::Content;
    m_roundEmptyMessage.clear();
    m_dirty = false;
    m_autoRefresh.stop();
    setBusy(true);
    if (!m_loaded) {
        m_age->setLoading();
        setState(State::Loading);
    }
    m_fetching = true;
    fetch();
    m_fetching = false;
    if (m_pending == 0)
        finishRound(); // nothing asynchronous was started, or it all completed synchronously
}

void Panel::settle(quint64 round, const db::DbError* error)
{
    if (round != m_round)
        return;
    if (error && !m_roundError)
        m_roundError = *error;
    --m_pending;
    if (m_pending == 0 && !m_fetching)
        finishRound();
}

void Panel::finishRound()
{
    setBusy(false);
    if (m_roundError) {
        m_failed = true;
        m_errorText = m_roundError->text();
        qCWarning(lcUi).noquote() << "panel" << m_panelId << "failed to load:" << m_errorText;
        if (m_loaded) {
            m_errorBarLabel->setText(tr("Refresh failed: %1").arg(m_errorText));
            m_errorBar->show();
            m_age->setFailed(m_errorText);
        } else {
            m_errorLabel->setText(m_errorText);
            m_age->setNote(tr("Not loaded"));
            setState(State::Error);
        }
        Q_EMIT loadFailed(m_errorText);
    } else {
        m_failed = false;
        m_errorText.clear();
        m_errorBar->hide();
        m_loaded = true;
        m_lastLoadedAt = QDateTime::currentDateTimeUtc();
        m_age->setUpdatedAt(m_lastLoadedAt);
        if (m_roundOutcome == State::Empty)
            m_emptyLabel->setText(m_roundEmptyMessage);
        setState(m_roundOutcome);
        Q_EMIT loaded();
    }
    if (m_session.autoRefreshSeconds() > 0 && m_autoRefreshEnabled)
        m_autoRefresh.start();
    if (m_refreshQueued) {
        m_refreshQueued = false;
        // Not from inside this call chain: a continuation may be finishing right now.
        QTimer::singleShot(0, this, &Panel::requestRefresh);
    }
}

void Panel::showEmpty(const QString& message)
{
    if (m_busy) {
        m_roundOutcome = State::Empty;
        m_roundEmptyMessage = message;
        return;
    }
    m_emptyLabel->setText(message);
    setState(State::Empty);
}

void Panel::showContent()
{
    if (m_busy) {
        m_roundOutcome = State::Content;
        return;
    }
    setState(State::Content);
}

void Panel::setState(State state)
{
    switch (state) {
    case State::Loading:
        m_stack->setCurrentWidget(m_loadingPage);
        break;
    case State::Empty:
        m_stack->setCurrentWidget(m_emptyLabel);
        break;
    case State::Error:
        m_stack->setCurrentWidget(m_errorPage);
        break;
    case State::Content:
        if (m_content)
            m_stack->setCurrentWidget(m_content);
        else
            m_stack->setCurrentWidget(m_emptyLabel); // a panel without content shows its message
        break;
    }
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Panel::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    m_refreshButton->setEnabled(!busy);
    Q_EMIT busyChanged(busy);
}

void Panel::configureAutoRefresh(int seconds)
{
    m_age->setRefreshIntervalSeconds(seconds);
    if (seconds <= 0) {
        m_autoRefresh.stop();
        return;
    }
    m_autoRefresh.setInterval(seconds * 1000);
    if (m_loaded && !m_busy && m_autoRefreshEnabled)
        m_autoRefresh.start();
}

void Panel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        refresh();
}

void Panel::paintEvent(QPaintEvent* event)
{
    if (!m_framed) {
        QWidget::paintEvent(event);
        return;
    }
    // A quiet card: the base colour with a hairline border, so panels separate on a grey window.
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    p.fillPath(path, palette().color(QPalette::Base));
    p.setPen(hairlineColor(palette()));
    p.drawPath(path);
}

void Panel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateMutedLabels();
}

void Panel::updateMutedLabels()
{
    applyTone(m_emptyLabel, Tone::Neutral);
    applyTone(m_errorBarLabel, Tone::Bad);
    if (auto* loading = m_loadingPage->findChild<QLabel*>(QStringLiteral("panelLoading")))
        applyTone(loading, Tone::Neutral);
}

} // namespace opsdeck::widgets
