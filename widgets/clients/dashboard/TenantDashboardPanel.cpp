#include "TenantDashboardPanel.h"

#include "DashboardCharts.h"
#include "DashboardText.h"
#include "StatCard.h"
#include "clients/DashboardRepository.h"
#include "clients/DashboardTableModel.h"
#include "common/Plural.h"
#include "common/StatusColors.h"
#include "common/TenantChoice.h"
#include "db/DbPool.h"

#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck::widgets::clients {

using opsdeck::clients::AnalyticsSummary;
using opsdeck::clients::DashboardRepository;
using opsdeck::clients::DashboardTableModel;
using opsdeck::clients::Range;

namespace {

QLabel* mutedLabel(const QString& text, QWidget* parent, const QString& objectName)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    applyTone(label, Tone::Neutral);
    return label;
}

} // namespace

TenantDashboardPanel::TenantDashboardPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("tenant-dashboard"), tr("Dashboard"), parent),
      m_tenantId(session.tenantScope())
{
    // The panel handles the scope itself: its own selector may differ from the window's scope.
    setFollowsTenantScope(false);
    connect(&session, &session::Session::tenantScopeChanged, this, &TenantDashboardPanel::onScopeChanged);

    // The selectors sit between the panel's header and its pages, so they stay usable while a page
    // says "loading" or "nothing here".
    if (auto* box = qobject_cast<QVBoxLayout*>(layout()))
        box->insertWidget(1, buildControls());
    setContentWidget(buildContent());
    watchTables({QStringLiteral("tenants"), QStringLiteral("contacts"), QStringLiteral("events"),
                 QStringLiteral("agent_actions"), QStringLiteral("records"), QStringLiteral("bookings"),
                 QStringLiteral("workers")});
    applyPalette();
}

TenantDashboardPanel::~TenantDashboardPanel() = default;

QWidget* TenantDashboardPanel::buildControls()
{
    auto* bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("dashboardControls"));
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);

    m_tenantCombo = new QComboBox(bar);
    m_tenantCombo->setObjectName(QStringLiteral("dashboardTenant"));
    m_tenantCombo->setMinimumWidth(220);
    m_tenantCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_tenantCombo->addItem(tr("All tenants"), QString());
    if (!m_tenantId.isEmpty())
        m_tenantCombo->addItem(tr("Loading…"), m_tenantId); // named once the tenant list arrives
    m_tenantCombo->setCurrentIndex(m_tenantCombo->findData(m_tenantId));
    connect(m_tenantCombo, &QComboBox::activated, this,
            [this](int index) { select(m_tenantCombo->itemData(index).toString(), m_range); });

    // 1 d | 7 d | 30 d as one segmented control.
    auto* segments = new QWidget(bar);
    auto* seg = new QHBoxLayout(segments);
    seg->setContentsMargins(0, 0, 0, 0);
    seg->setSpacing(0);
    m_rangeGroup = new QButtonGroup(this);
    m_rangeGroup->setExclusive(true);
    for (Range r : {Range::Day, Range::Week, Range::Month}) {
        auto* b = new QPushButton(opsdeck::clients::rangeLabel(r), segments);
        b->setObjectName(QStringLiteral("range-") + opsdeck::clients::rangeCode(r));
        b->setCheckable(true);
        b->setChecked(r == m_range);
        b->setMinimumWidth(52);
        b->setToolTip(
            r == Range::Day
                ? tr("The last 24 hours, per hour (UTC)")
                : tr("The last %1 days including today, per day (UTC)").arg(r == Range::Week ? 7 : 30));
        m_rangeGroup->addButton(b, int(r));
        seg->addWidget(b);
    }
    connect(m_rangeGroup, &QButtonGroup::idClicked, this, [this](int id) { select(m_tenantId, Range(id)); });

    m_scopeNote = mutedLabel(QString(), bar, QStringLiteral("dashboardScopeNote"));
    m_scopeNote->setWordWrap(false);

    row->addWidget(new QLabel(tr("Tenant"), bar));
    row->addWidget(m_tenantCombo);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Range"), bar));
    row->addWidget(segments);
    row->addSpacing(12);
    row->addWidget(m_scopeNote, 1);
    return bar;
}

QWidget* TenantDashboardPanel::section(const QString& key, const QString& title, QWidget* body,
                                       QLabel** captionOut)
{
    auto* box = new QWidget;
    box->setObjectName(QStringLiteral("section-") + key);
    auto* l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(4);
    auto* head = new QHBoxLayout;
    auto* titleLabel = new QLabel(title, box);
    titleLabel->setObjectName(QStringLiteral("sectionTitle"));
    QFont f = titleLabel->font();
    f.setBold(true);
    titleLabel->setFont(f);
    auto* caption = mutedLabel(QString(), box, QStringLiteral("sectionCaption"));
    caption->setWordWrap(false);
    head->addWidget(titleLabel);
    head->addWidget(caption, 1);
    l->addLayout(head);
    l->addWidget(body, 1);
    m_sections.insert(key, box);
    m_captions.insert(key, caption);
    if (captionOut)
        *captionOut = caption;
    return box;
}

QTableView* TenantDashboardPanel::makeTable(DashboardTableModel* model)
{
    auto* view = new QTableView;
    view->setModel(model);
    view->setObjectName(QStringLiteral("table-%1").arg(int(model->kind())));
    view->verticalHeader()->hide();
    view->setSelectionMode(QAbstractItemView::NoSelection);
    view->setFocusPolicy(Qt::NoFocus);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    view->setAlternatingRowColors(true);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // The wide free-text column takes what is left.
    const int stretch = model->kind() == DashboardTableModel::Kind::Health     ? 0
                        : model->kind() == DashboardTableModel::Kind::Records  ? 2
                        : model->kind() == DashboardTableModel::Kind::Contacts ? 3
                                                                               : 4;
    view->horizontalHeader()->setSectionResizeMode(stretch, QHeaderView::Stretch);
    view->setProperty("stretchColumn", stretch);
    m_tables.insert(model, view);
    connect(model, &QAbstractItemModel::modelReset, view, [this, view] { fitTable(view); });
    return view;
}

void TenantDashboardPanel::fitTable(QTableView* view)
{
    // Columns as wide as their contents plus air, so a right-aligned number never touches the
    // next column's left-aligned header.
    const int stretch = view->property("stretchColumn").toInt();
    for (int c = 0; c < view->model()->columnCount(); ++c) {
        if (c == stretch)
            continue;
        view->resizeColumnToContents(c);
        view->setColumnWidth(c, view->columnWidth(c) + 14);
    }
    // Every row visible: the page scrolls, not each table.
    view->resizeRowsToContents();
    int h = view->horizontalHeader()->sizeHint().height() + 2 * view->frameWidth();
    for (int r = 0; r < view->model()->rowCount(); ++r)
        h += view->rowHeight(r);
    view->setFixedHeight(h);
}

QWidget* TenantDashboardPanel::buildContent()
{
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("dashboardScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* page = new QWidget;
    page->setObjectName(QStringLiteral("dashboardPage"));
    scroll->setWidget(page);
    // The page sits on the panel's card colour, not the window's grey.
    scroll->viewport()->setBackgroundRole(QPalette::Base);
    page->setBackgroundRole(QPalette::Base);
    auto* v = new QVBoxLayout(page);
    v->setContentsMargins(0, 4, 4, 4);
    v->setSpacing(14);

    // Stat cards.
    auto* cards = new QHBoxLayout;
    cards->setSpacing(10);
    const QList<QPair<QString, QString>> cardSpecs{{QStringLiteral("contacts"), tr("Contacts")},
                                                   {QStringLiteral("events"), tr("Events")},
                                                   {QStringLiteral("actions"), tr("Agent actions")},
                                                   {QStringLiteral("records"), tr("Records")},
                                                   {QStringLiteral("revenue"), tr("Revenue")}};
    for (const auto& [key, caption] : cardSpecs) {
        auto* card = new StatCard(caption, page);
        card->setObjectName(QStringLiteral("card-") + key);
        m_cards.insert(key, card);
        cards->addWidget(card, 1);
    }
    v->addLayout(cards);

    // Events chart | top workers.
    m_eventsChart = new QChart;
    m_eventsChart->setMargins(QMargins(4, 4, 4, 4));
    m_eventsChart->setAnimationOptions(QChart::NoAnimation);
    m_eventsView = new QChartView(m_eventsChart);
    m_eventsView->setRenderHint(QPainter::Antialiasing);
    m_eventsView->setFrameShape(QFrame::NoFrame);
    m_eventsChart->layout()->setContentsMargins(0, 0, 0, 0);
    m_eventsView->setFixedHeight(300);
    m_eventsEmpty = mutedLabel(QString(), page, QStringLiteral("eventsEmpty"));
    m_eventsEmpty->setAlignment(Qt::AlignCenter);
    m_eventsStack = new QStackedWidget;
    m_eventsStack->addWidget(m_eventsView);
    m_eventsStack->addWidget(m_eventsEmpty);
    m_workers = new QLabel;
    m_workers->setObjectName(QStringLiteral("topWorkers"));
    m_workers->setTextFormat(Qt::RichText);
    m_workers->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_workers->setWordWrap(true);
    auto* chartRow = new QHBoxLayout;
    chartRow->setSpacing(14);
    chartRow->addWidget(section(QStringLiteral("events"), tr("Events per day by tenant"), m_eventsStack), 3);
    chartRow->addWidget(section(QStringLiteral("workers"), tr("Top workers by records"), m_workers), 1);
    v->addLayout(chartRow);

    // Health of every tenant in view.
    m_healthModel = new DashboardTableModel(DashboardTableModel::Kind::Health, this);
    auto* healthBody = new QWidget;
    auto* hb = new QVBoxLayout(healthBody);
    hb->setContentsMargins(0, 0, 0, 0);
    hb->addWidget(makeTable(m_healthModel));
    v->addWidget(section(QStringLiteral("health"), tr("Tenants health"), healthBody));

    // One tenant: revenue | agent actions, then records | contacts.
    m_revenueChart = new QChart;
    m_revenueChart->setMargins(QMargins(4, 4, 4, 4));
    m_revenueChart->setAnimationOptions(QChart::NoAnimation);
    auto* revenueView = new QChartView(m_revenueChart);
    revenueView->setRenderHint(QPainter::Antialiasing);
    revenueView->setFrameShape(QFrame::NoFrame);
    m_revenueChart->layout()->setContentsMargins(0, 0, 0, 0);
    revenueView->setFixedHeight(300);
    m_revenueEmpty = mutedLabel(QString(), page, QStringLiteral("revenueEmpty"));
    m_revenueEmpty->setAlignment(Qt::AlignCenter);
    m_revenueStack = new QStackedWidget;
    m_revenueStack->addWidget(revenueView);
    m_revenueStack->addWidget(m_revenueEmpty);

    auto tableSection = [this](const QString& key, const QString& title, DashboardTableModel* model) {
        auto* body = new QWidget;
        auto* b = new QVBoxLayout(body);
        b->setContentsMargins(0, 0, 0, 0);
        b->addWidget(makeTable(model));
        auto* empty = mutedLabel(QString(), body, key + QStringLiteral("Empty"));
        b->addWidget(empty);
        b->addStretch(1);
        m_tableEmpty.insert(model, empty);
        return section(key, title, body);
    };
    m_recordsModel = new DashboardTableModel(DashboardTableModel::Kind::Records, this);
    m_contactsModel = new DashboardTableModel(DashboardTableModel::Kind::Contacts, this);
    m_actionsModel = new DashboardTableModel(DashboardTableModel::Kind::AgentActions, this);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(14);
    grid->setVerticalSpacing(14);
    grid->addWidget(section(QStringLiteral("revenue"), tr("Revenue trend"), m_revenueStack), 0, 0);
    grid->addWidget(tableSection(QStringLiteral("actions"), tr("Recent agent actions"), m_actionsModel), 0,
                    1);
    grid->addWidget(tableSection(QStringLiteral("records"), tr("Recent records"), m_recordsModel), 1, 0);
    grid->addWidget(tableSection(QStringLiteral("contacts"), tr("Recent contacts"), m_contactsModel), 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    v->addLayout(grid);
    v->addStretch(1);

    for (const QString& key : {QStringLiteral("revenue"), QStringLiteral("actions"),
                               QStringLiteral("records"), QStringLiteral("contacts")})
        setSectionShown(key, false);
    m_cards.value(QStringLiteral("revenue"))->hide();
    return scroll;
}

QAbstractButton* TenantDashboardPanel::rangeButton(Range range) const
{
    return m_rangeGroup->button(int(range));
}

bool TenantDashboardPanel::isSectionShown(const QString& key) const
{
    const QWidget* w = m_sections.value(key);
    return w && !w->isHidden();
}

QString TenantDashboardPanel::eventsEmptyText() const
{
    return m_eventsStack->currentWidget() == m_eventsEmpty ? m_eventsEmpty->text() : QString();
}

void TenantDashboardPanel::setSectionShown(const QString& key, bool shown)
{
    if (QWidget* w = m_sections.value(key))
        w->setVisible(shown);
}

void TenantDashboardPanel::showTenant(const QString& tenantId)
{
    select(tenantId, m_range);
}

void TenantDashboardPanel::setRange(Range range)
{
    select(m_tenantId, range);
}

void TenantDashboardPanel::onScopeChanged(const QString& tenantId)
{
    // The window's scope is an explicit choice too: the dashboard follows it.
    select(tenantId, m_range);
}

void TenantDashboardPanel::select(const QString& tenantId, Range range)
{
    // Keep the controls in step whoever changed the selection (code, scope, the person).
    int index = m_tenantCombo->findData(tenantId);
    if (index < 0) {
        m_tenantCombo->addItem(tr("Loading…"), tenantId); // named once the tenant list arrives
        index = m_tenantCombo->count() - 1;
    }
    m_tenantCombo->setCurrentIndex(index);
    if (QAbstractButton* b = m_rangeGroup->button(int(range)))
        b->setChecked(true);
    if (tenantId == m_tenantId && range == m_range)
        return;
    m_tenantId = tenantId;
    m_range = range;
    ++m_selection; // whatever is in flight now answers an old question
    m_scopeNote->setText(tr("Loading %1…").arg(m_tenantCombo->currentText()));
    Q_EMIT selectionChanged(m_tenantId, m_range);
    refresh();
}

void TenantDashboardPanel::fetch()
{
    const quint64 selection = m_selection;
    const QString tenant = m_tenantId;
    const Range range = m_range;
    load(session().pool().run(
             [tenant, range](db::Connection& c) { return DashboardRepository::summary(c, tenant, range); }),
         [this, selection](AnalyticsSummary& summary) {
             if (selection != m_selection)
                 return; // asked for another tenant or range; the queued round asks again
             showSummary(summary);
         });
    load(session().loadTenants(), [this](QList<session::TenantRef>& tenants) { fillTenants(tenants); });
}

void TenantDashboardPanel::fillTenants(const QList<session::TenantRef>& tenants)
{
    if (tenants.size() == m_tenants.size()) {
        bool same = true;
        for (int i = 0; i < tenants.size() && same; ++i)
            same = tenants[i].id == m_tenants[i].id && tenants[i].name == m_tenants[i].name &&
                   tenants[i].active == m_tenants[i].active;
        if (same)
            return;
    }
    m_tenants = tenants;
    const QSignalBlocker block(m_tenantCombo);
    m_tenantCombo->clear();
    m_tenantCombo->addItem(tr("All tenants"), QString());
    for (const auto& t : tenants)
        m_tenantCombo->addItem(tenantChoiceText(t), t.id);
    int index = m_tenantCombo->findData(m_tenantId);
    if (index < 0) {
        // The tenant is gone (or not visible): say so rather than show another one.
        m_tenantCombo->addItem(tr("Unknown tenant"), m_tenantId);
        index = m_tenantCombo->count() - 1;
    }
    m_tenantCombo->setCurrentIndex(index);
}

void TenantDashboardPanel::showSummary(const AnalyticsSummary& s)
{
    m_summary = s;
    const QString scope = s.isSingleTenant() ? s.tenantName(s.siteId) : tr("All tenants");
    m_scopeNote->setText(
        tr("%1 · %2 (from %3 UTC) · computed %4")
            .arg(scope, windowText(s.range),
                 QLocale().toString(s.from.toUTC(),
                                    s.hourly ? QStringLiteral("d MMM HH:mm") : QStringLiteral("d MMM")),
                 QLocale().toString(s.generatedAt.toLocalTime(), QStringLiteral("HH:mm:ss"))));
    if (s.tenants.isEmpty()) {
        showEmpty(tr("There are no tenants yet."));
        Q_EMIT summaryShown(s.siteId, s.range);
        return;
    }
    showContent();
    showCards(s);

    const int drawn = fillEventsChart(m_eventsChart, s, palette());
    m_eventsChart->setTitle(QString());
    m_captions.value(QStringLiteral("events"))
        ->setText((s.isSingleTenant() ? tr("%1 · %2") : tr("%1 · %2, stacked by tenant"))
                      .arg(windowText(s.range), countOf(s.events, tr("event"), tr("events"))));
    if (drawn == 0) {
        m_eventsEmpty->setText(tr("No events for %1 in the %2.").arg(scope, windowText(s.range)));
        m_eventsStack->setCurrentWidget(m_eventsEmpty);
    } else {
        m_eventsStack->setCurrentWidget(m_eventsView);
    }
    if (auto* box = m_sections.value(QStringLiteral("events"))) {
        box->findChild<QLabel*>(QStringLiteral("sectionTitle"))
            ->setText(s.isSingleTenant()
                          ? (s.hourly ? tr("Events per hour") : tr("Events per day"))
                          : (s.hourly ? tr("Events per hour by tenant") : tr("Events per day by tenant")));
    }

    showWorkers(s);
    showTables(s);

    setSectionShown(QStringLiteral("revenue"), s.revenue.has_value());
    if (s.revenue) {
        fillRevenueChart(m_revenueChart, s, palette());
        const double total = s.revenue->total;
        m_captions.value(QStringLiteral("revenue"))
            ->setText(
                tr("%1 · %2 · booked, refunds deducted")
                    .arg(windowText(s.range), DashboardTableModel::moneyText(total, s.revenue->currency)));
        if (total == 0) {
            m_revenueEmpty->setText(tr("No completed, paid bookings in the %1.").arg(windowText(s.range)));
            m_revenueStack->setCurrentIndex(1);
        } else {
            m_revenueStack->setCurrentIndex(0);
        }
    }
    Q_EMIT summaryShown(s.siteId, s.range);
}

void TenantDashboardPanel::showTables(const AnalyticsSummary& s)
{
    const QDateTime now = s.generatedAt;
    for (DashboardTableModel* model : {m_healthModel, m_recordsModel, m_contactsModel, m_actionsModel}) {
        model->setNow(now);
        model->setSummary(s);
    }
    m_captions.value(QStringLiteral("health"))
        ->setText(tr("%1 · events and agent success in the %2; unprocessed all time; failed actions in the "
                     "last hour")
                      .arg(countOf(s.health.size(), tr("tenant"), tr("tenants")), windowText(s.range)));

    const QList<QPair<QString, DashboardTableModel*>> recent{{QStringLiteral("records"), m_recordsModel},
                                                             {QStringLiteral("contacts"), m_contactsModel},
                                                             {QStringLiteral("actions"), m_actionsModel}};
    for (const auto& [key, model] : recent) {
        setSectionShown(key, model->available());
        if (!model->available())
            continue;
        const int rows = model->rowCount();
        m_tables.value(model)->setVisible(rows > 0);
        QLabel* empty = m_tableEmpty.value(model);
        empty->setVisible(rows == 0);
        const QString what = key == QLatin1String("records")    ? tr("records")
                             : key == QLatin1String("contacts") ? tr("contacts")
                                                                : tr("agent actions");
        empty->setText(tr("%1 has no %2 yet.").arg(s.tenantName(s.siteId), what));
        m_captions.value(key)->setText(key == QLatin1String("contacts") ? tr("newest %1 · masked").arg(rows)
                                                                        : tr("newest %1").arg(rows));
    }
}

void TenantDashboardPanel::applyPalette()
{
    const StatusColors colors = StatusColors::forPalette(palette());
    for (DashboardTableModel* model : {m_healthModel, m_recordsModel, m_contactsModel, m_actionsModel})
        model->setToneColors(colors.good, colors.warn, colors.bad);
    applyChartPalette(m_eventsChart, palette());
    applyChartPalette(m_revenueChart, palette());
    for (QChart* chart : {m_eventsChart, m_revenueChart}) {
        if (auto* view =
                qobject_cast<QChartView*>(chart->scene() ? chart->scene()->views().value(0) : nullptr))
            view->setBackgroundBrush(palette().color(QPalette::Base));
    }
    if (m_summary)
        showWorkers(*m_summary);
}

void TenantDashboardPanel::changeEvent(QEvent* event)
{
    Panel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_healthModel)
        applyPalette();
}

} // namespace opsdeck::widgets::clients
