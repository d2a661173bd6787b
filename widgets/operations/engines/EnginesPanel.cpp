#include "EnginesPanel.h"

#include "common/DataAgeLabel.h"
#include "common/Plural.h"
#include "common/RowSelection.h"
#include "common/StatusColors.h"
#include "db/DbPool.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck::widgets::operations {

namespace {

QString ago(qint64 seconds)
{
    return seconds < 5 ? EnginesPanel::tr("just now")
                       : EnginesPanel::tr("%1 ago").arg(DataAgeLabel::durationText(seconds));
}

QString stateText(const engine::EngineStatus& e)
{
    switch (e.state) {
    case engine::EngineStatus::State::Running:
        return EnginesPanel::tr("Running");
    case engine::EngineStatus::State::Silent:
        return EnginesPanel::tr("Not heard from");
    case engine::EngineStatus::State::Stopped:
        return EnginesPanel::tr("Stopped");
    }
    return {};
}

Tone stateTone(const engine::EngineStatus& e)
{
    switch (e.state) {
    case engine::EngineStatus::State::Running:
        return e.lastError.isEmpty() ? Tone::Good : Tone::Warn;
    case engine::EngineStatus::State::Silent:
        return Tone::Bad;
    case engine::EngineStatus::State::Stopped:
        return Tone::Neutral;
    }
    return Tone::Neutral;
}

QStandardItem* number(const QJsonObject& counts, const char* key)
{
    auto* item = new QStandardItem();
    const QJsonValue v = counts.value(QLatin1String(key));
    item->setText(v.isDouble() ? QLocale().toString(qint64(v.toDouble())) : QStringLiteral("—"));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

EnginesPanel::EnginesPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("engines"), tr("Engines"), parent)
{
    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout();
    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("enginesSummary"));
    m_summary->setWordWrap(true);
    top->addWidget(m_summary, 1);
    m_runHere = new QCheckBox(tr("Run an outbound engine on this workstation"), content);
    m_runHere->setObjectName(QStringLiteral("enginesRunHere"));
    m_runHere->setToolTip(
        tr("Delivers queued webhooks, e-mail and SMS from this console while you are signed in, "
           "for the connections whose secret this workstation's keychain holds. Remembered on "
           "this workstation."));
    m_runHere->setVisible(session.staff().has(QStringLiteral("engines.run")));
    m_runHere->setChecked(session.enginesRunning());
    connect(m_runHere, &QCheckBox::toggled, this, [this](bool on) { this->session().setEnginesRunning(on); });
    connect(&session, &session::Session::enginesRunningChanged, m_runHere, [this](bool on) {
        const QSignalBlocker block(m_runHere);
        m_runHere->setChecked(on);
    });
    top->addWidget(m_runHere);
    layout->addLayout(top);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Engine"), tr("State"), tr("Host"), tr("Version"),
                                        tr("Last heartbeat"), tr("Delivered"), tr("Retried"), tr("Failed"),
                                        tr("In flight"), tr("Connections"), tr("Last error")});
    m_model->horizontalHeaderItem(ConnectionsColumn)
        ->setToolTip(tr("Connections whose secret this engine's keychain holds: it delivers only their items "
                        "(and items without a connection)"));
    m_view = new QTableView(content);
    m_view->setObjectName(QStringLiteral("enginesTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);
    layout->addStretch(0);
    setContentWidget(content);
    setFollowsTenantScope(false); // engines serve every tenant
    watchTables({QStringLiteral("worker_heartbeats")});
}

int EnginesPanel::rowOf(const QString& engineId) const
{
    return rowWhere(m_engines, &engine::EngineStatus::engineId, engineId);
}

void EnginesPanel::fetch()
{
    load(session().pool().run([](db::Connection& c) { return engine::loadEngineStatus(c); }),
         [this](const QList<engine::EngineStatus>& list) {
             m_engines = list;
             m_model->removeRows(0, m_model->rowCount());
             const StatusColors colors = StatusColors::forPalette(palette());
             int running = 0, silent = 0;
             for (const engine::EngineStatus& e : list) {
                 running += e.state == engine::EngineStatus::State::Running;
                 silent += e.state == engine::EngineStatus::State::Silent;
                 const QString what = e.engines.isEmpty() ? e.kind : e.engines.join(QStringLiteral(" + "));
                 auto* name = new QStandardItem(tr("%1 · %2").arg(
                     e.kind == QLatin1String("console") ? tr("Console") : tr("Worker"), what));
                 name->setToolTip(tr("Engine %1, signed in as %2").arg(e.engineId, e.dbLogin));
                 auto* state = new QStandardItem(stateText(e));
                 state->setForeground(colors.color(stateTone(e)));
                 auto* host = new QStandardItem(tr("%1 (pid %2)").arg(e.host).arg(e.pid));
                 auto* beat = new QStandardItem(
                     e.state == engine::EngineStatus::State::Stopped
                         ? tr("stopped %1")
                               .arg(e.stoppedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                         : ago(e.beatAgeSeconds));
                 beat->setToolTip(e.lastBeatAt.toLocalTime().toString(Qt::ISODate));
                 auto* served = new QStandardItem(QLocale().toString(e.servedConnections));
                 served->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                 auto* error = new QStandardItem(e.lastError.isEmpty() ? QStringLiteral("—") : e.lastError);
                 error->setToolTip(e.lastError);
                 m_model->appendRow({name, state, host, new QStandardItem(e.version), beat,
                                     number(e.counts, "delivered"), number(e.counts, "retried"),
                                     number(e.counts, "failed"), number(e.counts, "in_flight"), served,
                                     error});
             }
             m_view->resizeColumnsToContents();
             if (list.isEmpty()) {
                 const QString none =
                     tr("No engine has run in the last day. Start opsdeck-worker on a server, or "
                        "sign in to a console with the engines.run permission.");
                 // Whoever may run one keeps the switch on screen.
                 if (session().staff().has(QStringLiteral("engines.run"))) {
                     m_summary->setText(none);
                     m_view->hide(); // no empty grid under the message
                 } else
                     showEmpty(none);
                 return;
             }
             m_view->show();
             QString summary = countOf(running, tr("engine running"), tr("engines running"));
             if (silent > 0)
                 summary += tr("; %1 not heard from — their items go back to the queue for the others")
                                .arg(countOf(silent, tr("engine"), tr("engines")));
             m_summary->setText(summary + QLatin1Char('.'));
         });
}

} // namespace opsdeck::widgets::operations
