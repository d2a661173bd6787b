#include "ClientCardsPanel.h"

#include "clients/ClientCardFilterModel.h"
#include "clients/ClientCardModel.h"
#include "clients/ClientRepository.h"
#include "common/Plural.h"
#include "common/StatusColors.h"
#include "db/Connection.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace opsdeck::widgets::clients {
namespace {

using opsdeck::clients::ClientCardFilterModel;
using opsdeck::clients::ClientCardModel;
using opsdeck::clients::Health;

const QString kRevenuePermission = QStringLiteral("tenants.revenue");

} // namespace

ClientCardsPanel::ClientCardsPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("client-cards"), tr("Clients"), parent)
{
    // What a card reads and what notifies (0003): api_metrics does too, but per statement on a busy
    // table; its changes arrive with the auto-refresh instead.
    watchTables({QStringLiteral("tenants"), QStringLiteral("alerts"), QStringLiteral("data_import_jobs"),
                 QStringLiteral("bookings"), QStringLiteral("ops_config")});

    m_model = new ClientCardModel(this);
    m_proxy = new ClientCardFilterModel(this);
    m_proxy->setSourceModel(m_model);

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    auto* bar = new QHBoxLayout;
    bar->setSpacing(8);
    m_filter = new QLineEdit(content);
    m_filter->setObjectName(QStringLiteral("clientCardsFilter"));
    m_filter->setPlaceholderText(tr("Filter by name or slug"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(280);
    bar->addWidget(m_filter, 1);
    m_health = new QComboBox(content);
    m_health->setObjectName(QStringLiteral("clientCardsHealth"));
    m_health->addItem(tr("Any health"), -1);
    for (Health h : {Health::Red, Health::Yellow, Health::Green, Health::Inactive})
        m_health->addItem(opsdeck::clients::healthDisplayName(h), int(h));
    bar->addWidget(m_health);
    bar->addStretch(1);
    m_count = new QLabel(content);
    m_count->setObjectName(QStringLiteral("clientCardsCount"));
    applyTone(m_count, Tone::Neutral);
    bar->addWidget(m_count);
    auto* sortLabel = new QLabel(tr("Sort by"), content);
    applyTone(sortLabel, Tone::Neutral);
    bar->addWidget(sortLabel);
    m_sort = new QComboBox(content);
    m_sort->setObjectName(QStringLiteral("clientCardsSort"));
    sortLabel->setBuddy(m_sort);
    m_sort->addItem(tr("Health"), int(ClientCardFilterModel::SortKey::Health));
    // Revenue is only there for tenants.revenue; without it the database sends none to sort by.
    if (session.staff().has(kRevenuePermission))
        m_sort->addItem(tr("Revenue"), int(ClientCardFilterModel::SortKey::Revenue));
    m_sort->addItem(tr("Name"), int(ClientCardFilterModel::SortKey::Name));
    bar->addWidget(m_sort);
    layout->addLayout(bar);

    m_cardsOrNone = new QStackedWidget(content);
    m_view = new QListView(m_cardsOrNone);
    m_view->setObjectName(QStringLiteral("clientCardsView"));
    m_view->setViewMode(QListView::IconMode);
    m_view->setFlow(QListView::LeftToRight);
    m_view->setWrapping(true);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setMouseTracking(true);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->viewport()->setBackgroundRole(QPalette::Window);
    m_view->setAccessibleName(tr("Client cards"));
    m_delegate = new ClientCardDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    // A note or a task the role may not keep is not offered (the database would refuse it).
    QList<ClientCardDelegate::Action> actions{ClientCardDelegate::Action::OpenDashboard};
    if (session.staff().has(QStringLiteral("notes.use")))
        actions << ClientCardDelegate::Action::AddNote;
    if (session.staff().has(QStringLiteral("tasks.use")))
        actions << ClientCardDelegate::Action::AddTask;
    m_delegate->setActions(actions);
    m_view->setModel(m_proxy);
    m_cardsOrNone->addWidget(m_view);
    m_noMatch = new QLabel(m_cardsOrNone);
    m_noMatch->setObjectName(QStringLiteral("clientCardsNoMatch"));
    m_noMatch->setAlignment(Qt::AlignCenter);
    m_noMatch->setWordWrap(true);
    applyTone(m_noMatch, Tone::Neutral);
    m_cardsOrNone->addWidget(m_noMatch);
    layout->addWidget(m_cardsOrNone, 1);
    setContentWidget(content);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterText(text);
        updateFilterState();
    });
    connect(m_health, &QComboBox::currentIndexChanged, this, [this] {
        const int h = m_health->currentData().toInt();
        m_proxy->setHealthFilter(h < 0 ? std::nullopt : std::optional<Health>(Health(h)));
        updateFilterState();
    });
    connect(m_sort, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setSortKey(ClientCardFilterModel::SortKey(m_sort->currentData().toInt()));
        m_view->scrollTo(m_view->currentIndex());
    });
    // Enter and double click (Qt's "activated"); a click on a card's button comes from the delegate.
    connect(m_view, &QAbstractItemView::activated, this,
            [this](const QModelIndex& index) { trigger(index, ClientCardDelegate::Action::OpenDashboard); });
    connect(m_delegate, &ClientCardDelegate::actionTriggered, this, &ClientCardsPanel::trigger);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ClientCardsPanel::showContextMenu);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ClientCardsPanel::updateFilterState);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ClientCardsPanel::updateFilterState);
}

QString ClientCardsPanel::noMatchText() const
{
    return m_cardsOrNone->currentWidget() == m_noMatch ? m_noMatch->text() : QString();
}

QString ClientCardsPanel::currentTenantId() const
{
    return m_view->currentIndex().data(ClientCardModel::IdRole).toString();
}

void ClientCardsPanel::fetch()
{
    const QString scope = session().tenantScope();
    load(session().pool().run(
             [scope](db::Connection& c) { return opsdeck::clients::ClientRepository::cards(c, scope); }),
         [this](const QList<opsdeck::clients::ClientCard>& cards) {
             m_model->setCards(cards);
             if (!m_view->currentIndex().isValid() && m_proxy->rowCount() > 0)
                 m_view->selectionModel()->setCurrentIndex(m_proxy->index(0, 0),
                                                           QItemSelectionModel::NoUpdate);
             updateFilterState();
             if (cards.isEmpty())
                 showEmpty(session().tenantScope().isEmpty() ? tr("No tenants yet")
                                                             : tr("This tenant is not available"));
         });
}

void ClientCardsPanel::updateFilterState()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total
                         ? countOf(total, tr("client"), tr("clients"))
                         : tr("%1 of %2").arg(shown).arg(countOf(total, tr("client"), tr("clients"))));
    if (shown > 0 || total == 0) {
        m_cardsOrNone->setCurrentWidget(m_view);
        return;
    }
    const QString text = m_proxy->filterText();
    const auto health = m_proxy->healthFilter();
    const QString healthName = health ? opsdeck::clients::healthDisplayName(*health) : QString();
    QString message;
    if (!text.isEmpty() && health)
        message = tr("No tenants match \u201c%1\u201d with health %2").arg(text, healthName);
    else if (!text.isEmpty())
        message = tr("No tenants match \u201c%1\u201d").arg(text);
    else
        message = tr("No tenants with health %1").arg(healthName);
    m_noMatch->setText(message);
    m_cardsOrNone->setCurrentWidget(m_noMatch);
}

void ClientCardsPanel::trigger(const QModelIndex& proxyIndex, ClientCardDelegate::Action action)
{
    if (!proxyIndex.isValid())
        return;
    const QString id = proxyIndex.data(ClientCardModel::IdRole).toString();
    const QString name = proxyIndex.data(ClientCardModel::NameRole).toString();
    switch (action) {
    case ClientCardDelegate::Action::OpenDashboard:
        Q_EMIT dashboardRequested(id);
        break;
    case ClientCardDelegate::Action::AddNote:
        Q_EMIT addNoteRequested(id, name);
        break;
    case ClientCardDelegate::Action::AddTask:
        Q_EMIT addTaskRequested(id, name);
        break;
    }
}

void ClientCardsPanel::showContextMenu(const QPoint& viewportPos)
{
    const QPersistentModelIndex index = m_view->indexAt(viewportPos);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    // popup(), not exec(): nothing waits on the menu, so tests and live reloads never block on it.
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("clientCardMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const std::pair<ClientCardDelegate::Action, QString> entries[] = {
        {ClientCardDelegate::Action::OpenDashboard, tr("Open dashboard")},
        {ClientCardDelegate::Action::AddNote, tr("Add note\u2026")},
        {ClientCardDelegate::Action::AddTask, tr("Add task\u2026")},
    };
    for (const auto& [action, text] : entries) {
        if (!m_delegate->actions().contains(action))
            continue;
        QAction* a = menu->addAction(text);
        a->setToolTip(ClientCardDelegate::actionToolTip(action));
        connect(a, &QAction::triggered, this, [this, index, action = action] { trigger(index, action); });
    }
    menu->popup(m_view->viewport()->mapToGlobal(viewportPos));
}

} // namespace opsdeck::widgets::clients
