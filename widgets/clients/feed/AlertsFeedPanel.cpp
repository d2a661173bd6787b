#include "AlertsFeedPanel.h"

#include "SeverityDelegate.h"
#include "SnoozeUntilDialog.h"
#include "alerts/AlertFeedModel.h"
#include "alerts/AlertRepository.h"
#include "common/DesktopNotifier.h"
#include "common/ErrorText.h"
#include "common/MessageBox.h"
#include "common/Plural.h"
#include "common/StatusColors.h"
#include "common/TenantChoice.h"
#include "db/Connection.h"
#include "db/EventBus.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace opsdeck::widgets::clients {
namespace {

const QString kViewPermission = QStringLiteral("ops.alerts.view");
const QStringList kSeverities{QStringLiteral("critical"), QStringLiteral("warning"), QStringLiteral("info")};
// The rule types (one rule per type, 0013); alerts of other origins still show under "All types".
const QStringList kTypes{QStringLiteral("sla_breach"),         QStringLiteral("sla_at_risk"),
                         QStringLiteral("critical_complaint"), QStringLiteral("high_workload"),
                         QStringLiteral("error_rate"),         QStringLiteral("pipeline_stale"),
                         QStringLiteral("outbound_failures"),  QStringLiteral("system")};
// How many critical alerts the notification check looks at per reload: enough for any burst.
constexpr int kCriticalWindow = 100;
// Ages are worded in minutes: a half-minute tick keeps them honest.
constexpr int kAgeTickMs = 30 * 1000;

QString alertsText(qint64 n)
{
    return countOf(n, QObject::tr("alert"), QObject::tr("alerts"));
}

} // namespace

bool AlertsFeedPanel::availableTo(const auth::StaffIdentity& staff)
{
    return staff.has(kViewPermission);
}

AlertsFeedPanel::AlertsFeedPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("alerts-feed"), tr("Alerts"), parent)
{
    watchTables({QStringLiteral("alerts"), QStringLiteral("alert_staff_state")});
    m_model = new alerts::AlertFeedModel(this);

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    // Filters: severity toggles, tenant, type, state.
    auto* filters = new QHBoxLayout();
    filters->setSpacing(6);
    for (const QString& severity : kSeverities) {
        auto* b = new QToolButton(content);
        b->setObjectName(QStringLiteral("severity-") + severity);
        b->setText(alerts::AlertFeedModel::severityText(severity));
        b->setCheckable(true);
        b->setChecked(true);
        b->setToolTip(tr("Show %1 alerts").arg(severity));
        connect(b, &QToolButton::toggled, this, &AlertsFeedPanel::onFilterChanged);
        filters->addWidget(b);
        m_severityButtons << b;
    }
    m_tenant = new QComboBox(content);
    m_tenant->setObjectName(QStringLiteral("feedTenant"));
    m_tenant->addItem(tr("All tenants"), QString());
    m_tenant->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_type = new QComboBox(content);
    m_type->setObjectName(QStringLiteral("feedType"));
    m_type->addItem(tr("All types"), QString());
    for (const QString& t : kTypes) {
        const QString name = alerts::typeDisplayName(t);
        m_type->addItem(name == t ? name.left(1).toUpper() + name.mid(1) : name, t);
    }
    m_state = new QComboBox(content);
    m_state->setObjectName(QStringLiteral("feedState"));
    m_state->addItem(tr("Active"), QStringLiteral("active"));
    m_state->addItem(tr("Unread"), QStringLiteral("unread"));
    m_state->addItem(tr("Read"), QStringLiteral("read"));
    m_state->addItem(tr("Snoozed"), QStringLiteral("snoozed"));
    m_state->addItem(tr("Dismissed"), QStringLiteral("dismissed"));
    m_state->setToolTip(tr("Active: not dismissed and not snoozed. Snoozed alerts come back by themselves "
                           "when their snooze ends."));
    for (QComboBox* c : {m_tenant, m_type, m_state}) {
        connect(c, &QComboBox::currentIndexChanged, this, &AlertsFeedPanel::onFilterChanged);
        filters->addWidget(c);
    }
    filters->addStretch(1);
    layout->addLayout(filters);

    // Actions on the selection.
    auto* actions = new QHBoxLayout();
    actions->setSpacing(6);
    m_markRead = new QPushButton(tr("Mark read"), content);
    m_markRead->setObjectName(QStringLiteral("feedMarkRead"));
    m_dismiss = new QPushButton(tr("Dismiss"), content);
    m_dismiss->setObjectName(QStringLiteral("feedDismiss"));
    m_acknowledge = new QPushButton(tr("Acknowledge"), content);
    m_acknowledge->setObjectName(QStringLiteral("feedAcknowledge"));
    m_acknowledge->setToolTip(tr("Tell everyone the alert is being handled"));
    m_snooze = new QToolButton(content);
    m_snooze->setObjectName(QStringLiteral("feedSnooze"));
    m_snooze->setText(tr("Snooze"));
    m_snooze->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_snooze);
    menu->addAction(tr("1 hour"), this, [this] { snoozeSelectedFor(3600); })
        ->setObjectName(QStringLiteral("snooze1h"));
    menu->addAction(tr("24 hours"), this, [this] { snoozeSelectedFor(24 * 3600); })
        ->setObjectName(QStringLiteral("snooze24h"));
    menu->addAction(tr("Until…"), this, [this] { openSnoozeDialog(); })
        ->setObjectName(QStringLiteral("snoozeUntil"));
    menu->addSeparator();
    menu->addAction(tr("End snooze"), this, &AlertsFeedPanel::unsnoozeSelected)
        ->setObjectName(QStringLiteral("snoozeEnd"));
    m_snooze->setMenu(menu);
    connect(m_markRead, &QPushButton::clicked, this, &AlertsFeedPanel::markSelectedRead);
    connect(m_dismiss, &QPushButton::clicked, this, &AlertsFeedPanel::dismissSelected);
    connect(m_acknowledge, &QPushButton::clicked, this, &AlertsFeedPanel::acknowledgeSelected);
    for (QWidget* w : std::initializer_list<QWidget*>{m_markRead, m_dismiss, m_acknowledge, m_snooze})
        actions->addWidget(w);
    m_notice = new QLabel(content);
    m_notice->setObjectName(QStringLiteral("feedNotice"));
    m_notice->setWordWrap(true);
    actions->addWidget(m_notice, 1);
    // The count sits with the actions: the filter row is full at 1280 px.
    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("feedSummary"));
    applyTone(m_summary, Tone::Neutral);
    actions->addWidget(m_summary);
    layout->addLayout(actions);

    m_view = new QTableView(content);
    m_view->setObjectName(QStringLiteral("alertsFeedTable"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(alerts::AlertFeedModel::SeverityColumn, new SeverityDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(alerts::AlertFeedModel::TitleColumn,
                                                     QHeaderView::Stretch);
    m_view->horizontalHeader()->setHighlightSections(false);
    // Every title already names its type ("SLA at risk: …"); the type filter stays in the bar.
    m_view->setColumnHidden(alerts::AlertFeedModel::TypeColumn, true);
    layout->addWidget(m_view, 1);
    setContentWidget(content);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertsFeedPanel::updateActions);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex& i) { openRow(i.row()); });
    connect(&session, &session::Session::tenantScopeChanged, this, &AlertsFeedPanel::onTenantScopeChanged);
    // Notifications do not wait for the panel to be shown: Panel only marks a hidden panel dirty.
    session.events().onTables({QStringLiteral("alerts")}, this, [this] { checkCritical(); });

    m_snoozeTimer.setSingleShot(true);
    connect(&m_snoozeTimer, &QTimer::timeout, this, [this] {
        m_snoozeReloadAt = {};
        refresh();
    });
    m_ageTimer.setInterval(kAgeTickMs);
    connect(&m_ageTimer, &QTimer::timeout, m_model, &alerts::AlertFeedModel::refreshAges);
    m_ageTimer.start();

    onTenantScopeChanged();
    loadTenants();
    updateActions();
}

alerts::FeedFilter AlertsFeedPanel::filter() const
{
    alerts::FeedFilter f;
    QStringList severities;
    for (QToolButton* b : m_severityButtons) {
        if (b->isChecked())
            severities << b->objectName().mid(QStringLiteral("severity-").size());
    }
    // All three, or none (nothing to narrow to): no filter.
    if (severities.size() < kSeverities.size() && !severities.isEmpty())
        f.severities = severities;
    // A tenant scope wins over the combo, which then only shows it.
    const QString scope = session().tenantScope();
    f.tenantId = scope.isEmpty() ? m_tenant->currentData().toString() : scope;
    f.type = m_type->currentData().toString();
    f.state = m_state->currentData().toString();
    return f;
}

QToolButton* AlertsFeedPanel::severityButton(const QString& severity) const
{
    for (QToolButton* b : m_severityButtons) {
        if (b->objectName() == QStringLiteral("severity-") + severity)
            return b;
    }
    return nullptr;
}

void AlertsFeedPanel::loadTenants()
{
    session().loadTenants().then(this, [this](const db::DbResult<QList<session::TenantRef>>& r) {
        if (!r.ok())
            return; // the combo keeps "All tenants"; the feed itself says what failed
        const QString keep = m_tenant->currentData().toString();
        replaceTenantChoices(m_tenant, 1, r.value());
        const QString want = session().tenantScope().isEmpty() ? keep : session().tenantScope();
        const QSignalBlocker block(m_tenant);
        m_tenant->setCurrentIndex(qMax(0, m_tenant->findData(want)));
    });
}

void AlertsFeedPanel::onTenantScopeChanged()
{
    // Panel has already started the round for the new scope (its slot runs first), and fetch()
    // synced the combo; this covers a hidden panel, which only marks itself dirty.
    syncScope();
}

void AlertsFeedPanel::syncScope()
{
    const QString scope = session().tenantScope();
    if (scope == m_scope)
        return;
    m_scope = scope;
    // The combo shows the scope and is locked to it; back to all tenants when the scope is.
    const QSignalBlocker block(m_tenant);
    m_tenant->setCurrentIndex(scope.isEmpty() ? 0 : qMax(0, m_tenant->findData(scope)));
    m_tenant->setEnabled(scope.isEmpty());
    m_tenant->setToolTip(scope.isEmpty() ? QString() : tr("Follows the tenant scope in the header"));
}

void AlertsFeedPanel::onFilterChanged()
{
    refresh();
}

void AlertsFeedPanel::fetch()
{
    syncScope();
    db::DbPool& pool = session().pool();
    const alerts::FeedFilter f = filter();
    load(pool.run([f](db::Connection& c) { return alerts::AlertRepository::feedFiltered(c, f); }),
         [this, f](const QList<alerts::FeedItem>& items) {
             m_model->setItems(items);
             if (!isLoaded())
                 fitColumns(); // once: later reloads keep the person's widths
             updateSummary();
             updateActions();
             if (items.isEmpty())
                 showEmpty(f == alerts::FeedFilter{} ? tr("No alerts — all quiet")
                                                     : tr("No alerts match these filters"));
         });
    load(pool.run([](db::Connection& c) { return alerts::AlertRepository::nextSnoozeEnd(c); }),
         [this](const QDateTime& end) { scheduleSnoozeReload(end); });
    checkCritical(); // a visible reload doubles as a catch-up for a missed NOTIFY
}

void AlertsFeedPanel::checkCritical()
{
    if (m_criticalBusy) {
        m_criticalAgain = true;
        return;
    }
    m_criticalBusy = true;
    // Every new critical alert of every tenant, whatever the filters and the scope show: the
    // notification is for when nobody is looking at this list.
    alerts::FeedFilter critical;
    critical.severities = {QStringLiteral("critical")};
    critical.maxRows = kCriticalWindow;
    session()
        .pool()
        .run([critical](db::Connection& c) { return alerts::AlertRepository::feedFiltered(c, critical); })
        .then(this, [this](const db::DbResult<QList<alerts::FeedItem>>& r) {
            m_criticalBusy = false;
            if (r.ok())
                noticeCritical(r.value());
            if (std::exchange(m_criticalAgain, false))
                checkCritical();
        });
}

void AlertsFeedPanel::noticeCritical(const QList<alerts::FeedItem>& items)
{
    QDateTime newest = m_criticalWatermark;
    for (const alerts::FeedItem& a : items) {
        if (!newest.isValid() || a.createdAt > newest)
            newest = a.createdAt;
        if (m_knownCritical.contains(a.id))
            continue;
        m_knownCritical.insert(a.id);
        // Only alerts that arrived after the first load: an old alert whose snooze ended, or that an
        // older one's resolution brought into the window, is not news.
        if (!m_criticalSeeded || (m_criticalWatermark.isValid() && a.createdAt <= m_criticalWatermark))
            continue;
        const QString tenant = a.tenantId.isEmpty() ? tr("All tenants") : a.tenantName;
        DesktopNotifier::notify(tr("Critical alert — %1").arg(tenant), a.title,
                                DesktopNotifier::Urgency::Critical);
    }
    // Without any critical alert at the first load, the first load's moment is the line.
    m_criticalWatermark = newest.isValid() ? newest : QDateTime::currentDateTimeUtc().addSecs(-1);
    m_criticalSeeded = true;
}

void AlertsFeedPanel::scheduleSnoozeReload(const QDateTime& end)
{
    m_snoozeReloadAt = end;
    if (!end.isValid()) {
        m_snoozeTimer.stop();
        return;
    }
    // A moment after the end, so the database's now() is past it; at most a day ahead (QTimer's
    // range, and the auto-refresh reschedules long before).
    const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(end) + 500;
    m_snoozeTimer.start(int(qBound<qint64>(0, ms, 24LL * 3600 * 1000)));
}

void AlertsFeedPanel::fitColumns()
{
    m_view->resizeColumnsToContents();
    // The title is what an operator reads: the tenant and type columns give way to it (elided,
    // whole in the tooltip) instead of squeezing it to "…" on a 1280 px screen.
    const QFontMetrics fm = m_view->fontMetrics();
    const int tenantCap = fm.horizontalAdvance(QStringLiteral("Harbourside Hosp…")) + 16;
    using M = alerts::AlertFeedModel;
    m_view->setColumnWidth(M::TenantColumn, qMin(m_view->columnWidth(M::TenantColumn), tenantCap));
}

void AlertsFeedPanel::updateSummary()
{
    int unread = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row, 0).data(alerts::AlertFeedModel::UnreadRole).toBool())
            ++unread;
    }
    const int shown = m_model->rowCount();
    m_summary->setText(unread > 0 ? tr("%1 · %2 unread").arg(alertsText(shown)).arg(unread)
                                  : alertsText(shown));
}

QStringList AlertsFeedPanel::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex& i : m_view->selectionModel()->selectedRows())
        ids << i.data(alerts::AlertFeedModel::IdRole).toString();
    return ids;
}

bool AlertsFeedPanel::selectIds(const QStringList& ids)
{
    QItemSelection selection;
    for (const QString& id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            return false;
        selection.select(m_model->index(row, 0),
                         m_model->index(row, alerts::AlertFeedModel::ColumnCount - 1));
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!ids.isEmpty())
        m_view->selectionModel()->setCurrentIndex(m_model->index(m_model->rowOf(ids.first()), 0),
                                                  QItemSelectionModel::NoUpdate);
    return true;
}

void AlertsFeedPanel::updateActions()
{
    const bool any = !selectedIds().isEmpty() && !m_working;
    for (QWidget* w : std::initializer_list<QWidget*>{m_markRead, m_dismiss, m_acknowledge, m_snooze})
        w->setEnabled(any);
}

void AlertsFeedPanel::markSelectedRead()
{
    const QStringList ids = selectedIds();
    apply(QStringLiteral("read"), ids,
          [ids](db::Connection& c) { return alerts::AlertRepository::markRead(c, ids); });
}

void AlertsFeedPanel::dismissSelected()
{
    const QStringList ids = selectedIds();
    apply(QStringLiteral("dismiss"), ids,
          [ids](db::Connection& c) { return alerts::AlertRepository::dismiss(c, ids); });
}

void AlertsFeedPanel::acknowledgeSelected()
{
    const QStringList ids = selectedIds();
    apply(QStringLiteral("acknowledge"), ids,
          [ids](db::Connection& c) { return alerts::AlertRepository::acknowledge(c, ids); });
}

void AlertsFeedPanel::snoozeSelectedFor(int seconds)
{
    const QStringList ids = selectedIds();
    const QDateTime until = QDateTime::currentDateTimeUtc().addSecs(seconds);
    apply(QStringLiteral("snooze"), ids,
          [ids, until](db::Connection& c) { return alerts::AlertRepository::snooze(c, ids, until); });
}

void AlertsFeedPanel::unsnoozeSelected()
{
    const QStringList ids = selectedIds();
    apply(QStringLiteral("unsnooze"), ids,
          [ids](db::Connection& c) { return alerts::AlertRepository::snooze(c, ids, QDateTime()); });
}

SnoozeUntilDialog* AlertsFeedPanel::openSnoozeDialog()
{
    const QStringList ids = selectedIds();
    if (ids.isEmpty() || m_working)
        return nullptr;
    // Tomorrow morning is the usual answer to "not now".
    const QDateTime morning(QDate::currentDate().addDays(1), QTime(8, 0));
    auto* dialog = new SnoozeUntilDialog(int(ids.size()), morning, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SnoozeUntilDialog::submitted, this, [this, dialog, ids](const QDateTime& until) {
        apply(
            QStringLiteral("snooze"), ids,
            [ids, until](db::Connection& c) { return alerts::AlertRepository::snooze(c, ids, until); },
            dialog);
    });
    dialog->open();
    return dialog;
}

template <typename Job>
void AlertsFeedPanel::apply(const QString& action, const QStringList& ids, Job job, SnoozeUntilDialog* dialog)
{
    if (ids.isEmpty() || m_working)
        return;
    m_working = true;
    updateActions();
    if (dialog)
        dialog->setBusy(true);
    QPointer<SnoozeUntilDialog> guard(dialog);
    const int asked = int(ids.size());
    session().pool().run(std::move(job)).then(this, [this, action, asked, guard](const db::DbResult<int>& r) {
        m_working = false;
        updateActions();
        if (guard)
            guard->setBusy(false);
        if (r.ok()) {
            m_notice->setText({});
            if (guard)
                guard->accept();
            Q_EMIT actionApplied(action, r.value(), asked);
            refresh(); // NOTIFY follows too; this one does not wait for it
            return;
        }
        // The selection stays as it was: the person may try again or pick fewer alerts.
        const QString message = r.error().text();
        m_notice->setText(errorSentence(r.error()));
        applyTone(m_notice, Tone::Bad);
        if (guard)
            guard->showProblem(errorSentence(r.error()));
        Q_EMIT actionRefused(action, message);
        MessageBox::warning(guard ? static_cast<QWidget*>(guard.data()) : this, tr("Alerts not changed"),
                            message);
    });
}

void AlertsFeedPanel::openRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex i = m_model->index(row, 0);
    const QString tenant = i.data(alerts::AlertFeedModel::TenantIdRole).toString();
    const QString type = i.data(alerts::AlertFeedModel::ResourceTypeRole).toString();
    const QString id = i.data(alerts::AlertFeedModel::ResourceIdRole).toString();
    const bool shown = !type.isEmpty() && !id.isEmpty() && m_shownResources.contains(type);
    if (!tenant.isEmpty() && !shown)
        Q_EMIT dashboardRequested(tenant);
    else
        Q_EMIT resourceRequested(type, id, tenant);
}

} // namespace opsdeck::widgets::clients
