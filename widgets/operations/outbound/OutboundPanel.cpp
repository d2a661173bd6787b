#include "OutboundPanel.h"

#include "OutboundDetailView.h"
#include "OutboundTableModel.h"
#include "common/ErrorText.h"
#include "common/MessageBox.h"
#include "common/Plural.h"
#include "common/PromptDialog.h"
#include "common/StatusColors.h"
#include "common/TenantChoice.h"
#include "db/Connection.h"

#include <QComboBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPromise>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck::widgets::operations {
namespace {

const QString kManagePermission = QStringLiteral("outbound.manage");

QString itemsText(qint64 n)
{
    return countOf(n, QObject::tr("item"), QObject::tr("items"));
}

} // namespace

OutboundPanel::OutboundPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("outbound"), tr("Outbound queue"), parent)
{
    watchTables({QStringLiteral("outbound_queue"), QStringLiteral("outbound_attempts")});

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    auto* toolbar = new QHBoxLayout();
    toolbar->setSpacing(6);
    auto combo = [content, toolbar](const QString& name, const QString& tip) {
        auto* c = new QComboBox(content);
        c->setObjectName(name);
        c->setToolTip(tip);
        c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        toolbar->addWidget(c);
        return c;
    };
    m_tenant =
        combo(QStringLiteral("outboundTenant"), tr("Follows the tenant chosen at the top of the window"));
    m_tenant->addItem(tr("All tenants"), QString());
    m_tenant->addItem(tr("Company (own)"), outbound::kCompanyScope);
    m_tenant->setItemData(1, tr("The company's own deliveries: staff alert e-mail and SMS"), Qt::ToolTipRole);
    m_status = combo(QStringLiteral("outboundStatus"), tr("Status"));
    m_status->addItem(tr("All statuses"), QString());
    for (const QString& s : outbound::OutboundRepository::statuses())
        m_status->addItem(OutboundTableModel::statusText(s), s);
    m_type = combo(QStringLiteral("outboundType"), tr("Delivery type"));
    m_type->addItem(tr("All types"), QString());
    for (const QString& t : outbound::OutboundRepository::deliveryTypes())
        m_type->addItem(OutboundTableModel::typeText(t), t);
    for (QComboBox* c : {m_tenant, m_status, m_type})
        connect(c, &QComboBox::currentIndexChanged, this, &Panel::refresh);

    m_statusLabel = new QLabel(content);
    m_statusLabel->setObjectName(QStringLiteral("outboundStatusText"));
    applyTone(m_statusLabel, Tone::Neutral);
    toolbar->addSpacing(8);
    toolbar->addWidget(m_statusLabel);
    toolbar->addStretch(1);
    m_notice = new QLabel(content);
    m_notice->setObjectName(QStringLiteral("outboundNotice"));
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_selection = new QLabel(content);
    m_selection->setObjectName(QStringLiteral("outboundSelection"));
    applyTone(m_selection, Tone::Neutral);
    const bool mayManage = session.staff().has(kManagePermission);
    m_retry = new QPushButton(tr("Retry now"), content);
    m_retry->setObjectName(QStringLiteral("outboundRetry"));
    m_retry->setToolTip(tr("Pending items are sent at once; failed items get one more attempt"));
    m_cancel = new QPushButton(tr("Cancel…"), content);
    m_cancel->setObjectName(QStringLiteral("outboundCancel"));
    m_cancel->setToolTip(tr("Pending and failed items are not sent; asks for a reason"));
    for (QPushButton* b : {m_retry, m_cancel})
        b->setVisible(mayManage);
    toolbar->addWidget(m_notice);
    toolbar->addWidget(m_selection);
    toolbar->addWidget(m_retry);
    toolbar->addWidget(m_cancel);
    layout->addLayout(toolbar);
    connect(m_retry, &QPushButton::clicked, this, &OutboundPanel::retrySelected);
    connect(m_cancel, &QPushButton::clicked, this, &OutboundPanel::openCancelDialog);

    m_model = new OutboundTableModel(session.pool(), this);
    m_view = new QTableView(content);
    m_view->setObjectName(QStringLiteral("outboundTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle); // addresses and URLs keep both ends
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setMaximumSectionSize(340);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setResizeContentsPrecision(50); // widths from the first rows, not all

    m_emptyHint = new QLabel(content);
    m_emptyHint->setObjectName(QStringLiteral("outboundEmpty"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    applyTone(m_emptyHint, Tone::Neutral);
    m_tableStack = new QStackedWidget(content);
    m_tableStack->addWidget(m_view);
    m_tableStack->addWidget(m_emptyHint);

    m_detail = new OutboundDetailView(content);
    auto* split = new QSplitter(Qt::Vertical, content);
    split->setObjectName(QStringLiteral("outboundSplit"));
    split->setChildrenCollapsible(false);
    split->addWidget(m_tableStack);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OutboundPanel::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OutboundPanel::loadDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_columnsSized = false;
        updateActions();
    });
    connect(m_model, &db::PagedRowModel::pageLoaded, this, &OutboundPanel::updateStatus);
    connect(m_model, &db::PagedRowModel::refreshed, this, &OutboundPanel::updateStatus);
    connect(m_model, &db::PagedRowModel::failed, this,
            [this](const db::DbError& e) { m_statusLabel->setText(tr("Loading failed: %1").arg(e.text())); });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &OutboundPanel::updateActions);

    m_clock.setInterval(30000);
    connect(&m_clock, &QTimer::timeout, m_view->viewport(), qOverload<>(&QWidget::update));
    m_clock.start();

    setContentWidget(content);
    updateActions();
}

outbound::OutboundFilter OutboundPanel::filter() const
{
    return {m_tenant->currentData().toString(), m_status->currentData().toString(),
            m_type->currentData().toString()};
}

QString OutboundPanel::statusText() const
{
    return m_statusLabel->text();
}

QString OutboundPanel::noticeText() const
{
    return m_notice->text();
}

QString OutboundPanel::emptyHintText() const
{
    return m_tableStack->currentWidget() == m_emptyHint ? m_emptyHint->text() : QString();
}

void OutboundPanel::fillTenants(const QList<session::TenantRef>& tenants)
{
    replaceTenantChoices(m_tenant, 2, tenants); // after "All tenants" and "Company (own)"
    m_tenantsLoaded = true;
}

void OutboundPanel::fetch()
{
    followScopeTenant(m_tenant, session().tenantScope(), m_scope);
    if (!m_tenantsLoaded)
        load(session().loadTenants(), [this](const QList<session::TenantRef>& t) { fillTenants(t); });

    // The model loads on its own; the round waits for its answer so the panel's state is real.
    auto answered = std::make_shared<QPromise<db::DbResult<int>>>();
    answered->start();
    auto done = std::make_shared<bool>(false);
    auto links = std::make_shared<QList<QMetaObject::Connection>>();
    auto finish = [answered, done, links](db::DbResult<int> r) {
        if (std::exchange(*done, true))
            return;
        for (const auto& l : std::as_const(*links))
            QObject::disconnect(l);
        answered->addResult(std::move(r));
        answered->finish();
    };
    *links << connect(m_model, &db::PagedRowModel::pageLoaded, this, [finish](int rows) { finish(rows); })
           << connect(m_model, &db::PagedRowModel::refreshed, this, [finish] { finish(0); })
           << connect(m_model, &db::PagedRowModel::failed, this,
                      [finish](const db::DbError& e) { finish(e); });
    load(answered->future(), [this](int) {
        updateStatus();
        updateActions();
    });

    const outbound::OutboundFilter f = filter();
    if (m_queried && f == m_applied) {
        m_model->refreshLoaded(); // live: the rows on screen, in place
    } else {
        m_applied = f;
        m_queried = true;
        m_model->setQuery(outbound::OutboundRepository::listQuery(f));
    }

    const QString id = currentItemId();
    if (!id.isEmpty()) {
        const quint64 generation = ++m_detailGeneration;
        load(session().pool().run(
                 [id](db::Connection& c) { return outbound::OutboundRepository(c).detail(id); }),
             [this, id, generation](const std::optional<outbound::OutboundDetail>& d) {
                 if (generation == m_detailGeneration)
                     showDetail(id, d);
             });
    }
}

QString OutboundPanel::currentItemId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model->data(current, OutboundTableModel::ItemIdRole).toString() : QString();
}

void OutboundPanel::loadDetail()
{
    const QString id = currentItemId();
    const quint64 generation = ++m_detailGeneration;
    if (id.isEmpty()) {
        m_detail->showMessage(tr("Select an item to see its attempts and payload."));
        return;
    }
    if (m_detail->shownItemId() != id)
        m_detail->showMessage(tr("Loading…"));
    session()
        .pool()
        .run([id](db::Connection& c) { return outbound::OutboundRepository(c).detail(id); })
        .then(this, [this, id, generation](const db::DbResult<std::optional<outbound::OutboundDetail>>& r) {
            if (generation != m_detailGeneration)
                return; // another item was chosen meanwhile
            if (r.ok())
                showDetail(id, r.value());
            else
                m_detail->showMessage(tr("Could not load the item: %1").arg(r.error().text()));
        });
}

void OutboundPanel::showDetail(const QString& id, const std::optional<outbound::OutboundDetail>& detail)
{
    if (currentItemId() != id)
        return;
    if (detail)
        m_detail->showDetail(*detail, m_model->now());
    else
        m_detail->showMessage(tr("This item is no longer in the queue (removed after its retention time)."));
}

void OutboundPanel::updateStatus()
{
    const int n = m_model->rowCount();
    if (n == 0 && !m_model->isLoading()) {
        const outbound::OutboundFilter f = filter();
        const bool filtered = !f.tenantId.isEmpty() || !f.status.isEmpty() || !f.deliveryType.isEmpty();
        m_emptyHint->setText(filtered
                                 ? tr("No outbound items match these filters.")
                                 : tr("Nothing has been queued yet: webhooks, e-mails and SMS appear here "
                                      "as soon as they are queued."));
        m_tableStack->setCurrentWidget(m_emptyHint);
    } else {
        m_tableStack->setCurrentWidget(m_view);
    }
    m_statusLabel->setText(m_model->isComplete() ? itemsText(n)
                                                 : tr("%1 loaded; scroll for more").arg(itemsText(n)));
    if (n > 0)
        fitColumns();
}

void OutboundPanel::fitColumns()
{
    // Fitted to the first page of a query, then only ever wider: live updates must not make the
    // columns jump, nor cut "Cancelled" short because the first page held only "Pending".
    QHeaderView* header = m_view->horizontalHeader();
    if (!m_columnsSized) {
        m_columnsSized = true;
        for (int c = 0; c < OutboundTableModel::ErrorColumn; ++c) // the last one stretches
            m_view->resizeColumnToContents(c);
    }
    const QFontMetrics metrics = m_view->fontMetrics();
    const QHash<int, QString> widest = {
        {OutboundTableModel::TypeColumn, OutboundTableModel::typeText(QStringLiteral("webhook"))},
        {OutboundTableModel::StatusColumn, OutboundTableModel::statusText(QStringLiteral("cancelled"))},
        {OutboundTableModel::AttemptsColumn, QStringLiteral("50 / 50")},
        {OutboundTableModel::LastAttemptColumn, tr("59 min ago")},
        {OutboundTableModel::NextRetryColumn, tr("in 59 min")},
        {OutboundTableModel::StatusCodeColumn, QStringLiteral("503")},
        {OutboundTableModel::DestinationColumn, QStringLiteral("x***@mail.example.com")},
    };
    const QAbstractItemView* view = m_view;                     // sizeHintForColumn() is public there
    for (int c = 0; c < OutboundTableModel::ErrorColumn; ++c) { // the last column stretches
        int want = view->sizeHintForColumn(c);
        if (widest.contains(c))
            want = qMax(want, metrics.horizontalAdvance(widest.value(c)) + 16);
        want = qMin(qMax(want, header->sectionSizeHint(c)), header->maximumSectionSize());
        if (want > header->sectionSize(c))
            header->resizeSection(c, want);
    }
}

QList<outbound::OutboundItem> OutboundPanel::selectedItems() const
{
    QList<outbound::OutboundItem> items;
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& r : std::as_const(rows))
        items << m_model->item(r.row());
    return items;
}

int OutboundPanel::selectItems(const QStringList& ids)
{
    QItemSelection selection;
    int found = 0;
    for (const QString& id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        ++found;
        selection.select(m_model->index(row, 0), m_model->index(row, OutboundTableModel::ColumnCount - 1));
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (found > 0)
        m_view->selectionModel()->setCurrentIndex(selection.indexes().constFirst(),
                                                  QItemSelectionModel::NoUpdate);
    return found;
}

void OutboundPanel::updateActions()
{
    const QList<outbound::OutboundItem> items = selectedItems();
    const auto retryable =
        std::count_if(items.begin(), items.end(), [](const auto& i) { return i.canRetry(); });
    const auto cancellable =
        std::count_if(items.begin(), items.end(), [](const auto& i) { return i.canCancel(); });
    m_retry->setEnabled(!m_working && retryable > 0);
    m_cancel->setEnabled(!m_working && cancellable > 0);
    m_selection->setText(items.size() > 1 ? tr("%1 selected").arg(itemsText(items.size())) : QString());
}

void OutboundPanel::retrySelected()
{
    if (!session().staff().has(kManagePermission) || m_working)
        return;
    const QList<outbound::OutboundItem> items = selectedItems();
    QStringList ids;
    for (const auto& i : items) {
        if (i.canRetry())
            ids << i.id;
    }
    if (ids.isEmpty())
        return;
    QString text = tr("Send %1 again now?").arg(itemsText(ids.size()));
    if (ids.size() < items.size())
        text += QLatin1Char(' ') +
                tr("The other %1 of the selection (delivered, cancelled or being sent) are left "
                   "alone.")
                    .arg(items.size() - ids.size());
    if (MessageBox::question(this, tr("Retry now"), text) != QMessageBox::Yes)
        return;
    apply(
        QStringLiteral("retry"), int(ids.size()),
        [ids](db::Connection& c) { return outbound::OutboundRepository(c).retryNow(ids); }, nullptr);
}

PromptDialog* OutboundPanel::openCancelDialog()
{
    if (!session().staff().has(kManagePermission) || m_working)
        return nullptr;
    const QList<outbound::OutboundItem> items = selectedItems();
    QStringList ids;
    for (const auto& i : items) {
        if (i.canCancel())
            ids << i.id;
    }
    if (ids.isEmpty())
        return nullptr;
    QString prompt = tr("Cancel %1? They will not be sent. Say why: the reason is kept with each item and in "
                        "the audit log.")
                         .arg(itemsText(ids.size()));
    if (ids.size() < items.size())
        prompt +=
            QLatin1Char(' ') + tr("The other %1 of the selection cannot be cancelled and are left alone.")
                                   .arg(items.size() - ids.size());
    auto* dialog = new PromptDialog(PromptDialog::Kind::Text, tr("Cancel outbound items"), prompt,
                                    tr("Cancel %1").arg(itemsText(ids.size())), this);
    dialog->setObjectName(QStringLiteral("outboundCancelDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setPlaceholderText(tr("e.g. Sent by hand instead; the customer asked us to stop"));
    connect(dialog, &PromptDialog::submitted, this, [this, dialog, ids] {
        const QString reason = dialog->value();
        apply(
            QStringLiteral("cancel"), int(ids.size()),
            [ids, reason](db::Connection& c) { return outbound::OutboundRepository(c).cancel(ids, reason); },
            dialog);
    });
    dialog->open();
    return dialog;
}

template <typename Job>
void OutboundPanel::apply(const QString& what, int asked, Job job, PromptDialog* dialog)
{
    m_working = true;
    updateActions();
    if (dialog)
        dialog->setBusy(true);
    QPointer<PromptDialog> guard(dialog);
    session().pool().run(std::move(job)).then(this, [this, what, asked, guard](const db::DbResult<int>& r) {
        m_working = false;
        updateActions();
        if (guard)
            guard->setBusy(false);
        if (r.ok()) {
            const int changed = r.value();
            const QString verb = what == QLatin1String("retry") ? tr("Retried") : tr("Cancelled");
            m_notice->setText(changed == asked ? tr("%1 %2.").arg(verb, itemsText(changed))
                                               : tr("%1 %2 of %3; the others had changed meanwhile.")
                                                     .arg(verb)
                                                     .arg(changed)
                                                     .arg(itemsText(asked)));
            applyTone(m_notice, changed > 0 ? Tone::Good : Tone::Warn);
            if (guard)
                guard->accept();
            Q_EMIT actionApplied(what, changed, asked);
            refresh();
            return;
        }
        const QString message = r.error().text();
        m_notice->setText(QString());
        if (guard)
            guard->showProblem(errorSentence(r.error()));
        Q_EMIT actionRefused(what, message);
        MessageBox::warning(
            guard ? static_cast<QWidget*>(guard.data()) : this,
            what == QLatin1String("retry") ? tr("Items not retried") : tr("Items not cancelled"), message);
    });
}

} // namespace opsdeck::widgets::operations
