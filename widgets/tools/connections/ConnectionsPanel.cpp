#include "ConnectionsPanel.h"

#include "ConnectionDetailView.h"
#include "ConnectionEditDialog.h"
#include "common/DataAgeLabel.h"
#include "common/ErrorText.h"
#include "common/MessageBox.h"
#include "common/Plural.h"
#include "common/PromptDialog.h"
#include "common/RowSelection.h"
#include "common/StatusColors.h"
#include "db/Connection.h"
#include "outbound/ConnectionTester.h"

#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <type_traits>

namespace opsdeck::widgets::tools {
namespace {

const QString kEditPermission = QStringLiteral("connections.edit");

QString typeText(const QString& type)
{
    if (type == QLatin1String("email"))
        return QObject::tr("Email");
    if (type == QLatin1String("sms"))
        return QObject::tr("SMS");
    return QObject::tr("Webhook");
}

QStandardItem* cell(const QString& text)
{
    auto* item = new QStandardItem(text);
    item->setEditable(false);
    return item;
}

// The tone rides on the item, so a light/dark switch can recolour it (recolor()).
constexpr int kToneRole = Qt::UserRole + 1;
constexpr int kMuted = -1;

void setTone(QStandardItem* item, int tone)
{
    item->setData(tone, kToneRole);
    const QPalette palette = QGuiApplication::palette();
    item->setForeground(tone == kMuted ? mutedText(palette)
                                       : StatusColors::forPalette(palette).color(Tone(tone)));
}

} // namespace

ConnectionsPanel::ConnectionsPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("connections"), tr("Connections"), parent)
{
    watchTables({QStringLiteral("connections")});

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    auto* toolbar = new QHBoxLayout();
    toolbar->setSpacing(6);
    const bool mayEdit = session.staff().has(kEditPermission);
    auto button = [content, toolbar, mayEdit](const QString& text, const QString& name, const QString& tip) {
        auto* b = new QPushButton(text, content);
        b->setObjectName(name);
        b->setToolTip(tip);
        b->setVisible(mayEdit);
        toolbar->addWidget(b);
        return b;
    };
    m_new = button(tr("New…"), QStringLiteral("connectionNew"),
                   tr("Connect a tenant's app, or the company's own"));
    m_edit = button(tr("Edit…"), QStringLiteral("connectionEdit"), tr("Name, slug and configuration"));
    m_disable = button(tr("Disable…"), QStringLiteral("connectionDisable"),
                       tr("Deliveries through it wait until it is enabled again; asks for a reason"));
    m_enable = button(tr("Enable"), QStringLiteral("connectionEnable"), tr("Deliveries through it resume"));
    m_secret = button(tr("Set secret…"), QStringLiteral("connectionSecret"),
                      tr("The API key or signing secret, kept in this workstation's keychain only"));
    m_test = button(tr("Test connection"), QStringLiteral("connectionTest"),
                    tr("DNS, TCP, TLS and an authenticated request with this workstation's secret"));
    toolbar->addStretch(1);
    m_notice = new QLabel(content);
    m_notice->setObjectName(QStringLiteral("connectionNotice"));
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status = new QLabel(content);
    m_status->setObjectName(QStringLiteral("connectionStatus"));
    applyTone(m_status, Tone::Neutral);
    toolbar->addWidget(m_notice);
    toolbar->addWidget(m_status);
    layout->addLayout(toolbar);
    connect(m_new, &QPushButton::clicked, this, &ConnectionsPanel::openCreateDialog);
    connect(m_edit, &QPushButton::clicked, this, &ConnectionsPanel::openEditDialog);
    connect(m_disable, &QPushButton::clicked, this, &ConnectionsPanel::openDisableDialog);
    connect(m_enable, &QPushButton::clicked, this, &ConnectionsPanel::enableSelected);
    connect(m_secret, &QPushButton::clicked, this, &ConnectionsPanel::openSecretDialog);
    connect(m_test, &QPushButton::clicked, this, &ConnectionsPanel::testSelected);

    m_tester = new outbound::ConnectionTester(this);
    connect(m_tester, &outbound::ConnectionTester::step, this,
            [this](const QString& name, bool ok, qint64 latencyMs, const QString& detail) {
                if (m_detail->shownId() == m_testingId)
                    m_detail->addTestStep(name, ok, latencyMs, detail);
            });
    connect(m_tester, &outbound::ConnectionTester::finished, this, [this](bool ok, const QString& summary) {
        if (m_detail->shownId() == m_testingId)
            m_detail->setTestSummary(summary, int(ok ? Tone::Good : Tone::Bad));
        updateButtons();
        Q_EMIT testFinished(m_testingId, ok, summary);
    });

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("App"), tr("For"), tr("Type"), tr("State"), tr("Last sync")});
    m_view = new QTableView(content);
    m_view->setObjectName(QStringLiteral("connectionsTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_detail = new ConnectionDetailView(content);
    auto* split = new QSplitter(Qt::Horizontal, content);
    split->setChildrenCollapsible(false);
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateButtons();
        showSelected();
    });

    if (!session.secretStore()) {
        m_fallbackStore = std::make_unique<auth::SessionSecretStore>(
            std::make_unique<auth::UnavailableSecretStore>(tr("No keychain was set up for this window")));
    }
    setContentWidget(content);
    updateButtons();
}

ConnectionsPanel::~ConnectionsPanel() = default;

auth::SecretStore& ConnectionsPanel::store()
{
    return session().secretStore() ? *session().secretStore() : *m_fallbackStore;
}

void ConnectionsPanel::fetch()
{
    const QString scope = session().tenantScope();
    load(session().pool().run(
             [scope](db::Connection& c) { return connections::ConnectionRepository(c).list(scope); }),
         [this](const QList<connections::ConnectionRecord>& list) {
             m_records = list;
             fillTable();
             if (list.isEmpty())
                 showEmpty(session().staff().has(kEditPermission)
                               ? tr("No connections yet. Connect a tenant's app with New… once it is set up.")
                               : tr("No connections yet."));
         });
    // The tenants for the create form's choice.
    load(session().loadTenants(), [this](const QList<session::TenantRef>& t) { m_tenants = t; });
}

void ConnectionsPanel::fillTable()
{
    const connections::ConnectionRecord* current = selected();
    const QString keep = !m_selectAfterLoad.isEmpty() ? std::exchange(m_selectAfterLoad, QString())
                         : current                    ? current->id
                                                      : QString();
    m_filling = true; // the selection comes back below; no detail or keychain churn meanwhile
    m_model->removeRows(0, m_model->rowCount());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const connections::ConnectionRecord& r : std::as_const(m_records)) {
        QList<QStandardItem*> row;
        row << cell(r.appName) << cell(r.isCompanys() ? tr("Company (own)") : r.tenantName)
            << cell(typeText(r.deliveryType)) << cell(r.enabled ? tr("Enabled") : tr("Disabled"));
        QString sync = tr("never");
        Tone tone = Tone::Neutral;
        if (r.lastSyncAt.isValid()) {
            const qint64 ago = qMax<qint64>(0, r.lastSyncAt.secsTo(now));
            const QString when = ago < 5 ? tr("just now") : tr("%1 ago").arg(DataAgeLabel::durationText(ago));
            if (r.lastSyncStatus == QLatin1String("error")) {
                sync = tr("failed %1").arg(when);
                tone = Tone::Bad;
            } else if (r.lastSyncStatus == QLatin1String("pending")) {
                sync = tr("pending, %1").arg(when);
                tone = Tone::Warn;
            } else {
                sync = tr("ok, %1").arg(when);
                tone = Tone::Good;
            }
        }
        row << cell(sync);
        setTone(row.at(SyncColumn), int(tone));
        row.at(SyncColumn)->setToolTip(r.lastSyncError);
        setTone(row.at(StateColumn), int(r.enabled ? Tone::Good : Tone::Bad));
        row.at(StateColumn)->setToolTip(r.disabledReason);
        if (r.isCompanys()) {
            setTone(row.at(TenantColumn), kMuted);
            row.at(TenantColumn)->setToolTip(tr("The company's own connection: staff alert e-mail and SMS"));
        }
        row.at(AppColumn)->setToolTip(r.appSlug);
        m_model->appendRow(row);
    }
    for (int c = 0; c < SyncColumn; ++c) // not the last: sizing it would undo its stretch
        m_view->resizeColumnToContents(c);
    m_status->setText(countOf(m_records.size(), tr("connection"), tr("connections")));
    if (keep.isEmpty() || !selectConnection(keep)) {
        if (!m_records.isEmpty())
            selectConnection(m_records.first().id);
    }
    m_filling = false;
    updateButtons();
    showSelected();
}

void ConnectionsPanel::changeEvent(QEvent* event)
{
    Panel::changeEvent(event);
    if (event->type() != QEvent::PaletteChange && event->type() != QEvent::ApplicationPaletteChange)
        return;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        for (int c = 0; c < ColumnCount; ++c) {
            QStandardItem* item = m_model->item(r, c);
            if (item && item->data(kToneRole).isValid())
                setTone(item, item->data(kToneRole).toInt());
        }
    }
}

int ConnectionsPanel::rowOf(const QString& id) const
{
    return rowWhere(m_records, &connections::ConnectionRecord::id, id);
}

bool ConnectionsPanel::selectConnection(const QString& id)
{
    return selectRowIfAny(m_view, rowOf(id));
}

const connections::ConnectionRecord* ConnectionsPanel::selected() const
{
    return selectedItem(m_view, m_records);
}

QString ConnectionsPanel::noticeText() const
{
    return m_notice->text();
}

void ConnectionsPanel::updateButtons()
{
    const connections::ConnectionRecord* r = selected();
    m_new->setEnabled(!m_working);
    m_edit->setEnabled(!m_working && r);
    m_disable->setEnabled(!m_working && r && r->enabled);
    m_enable->setEnabled(!m_working && r && !r->enabled);
    m_secret->setEnabled(!m_working && r);
    m_test->setEnabled(r && !m_tester->isRunning());
    m_secret->setText(r && !r->secretKeyName.isEmpty() ? tr("Rotate secret…") : tr("Set secret…"));
}

void ConnectionsPanel::showSelected()
{
    if (m_filling)
        return;
    const connections::ConnectionRecord* r = selected();
    if (!r) {
        m_detail->showMessage(m_records.isEmpty() ? tr("No connection to show.")
                                                  : tr("Select a connection to see its settings."));
        return;
    }
    if (r->id != m_testingId && m_tester->isRunning()) {
        m_tester->cancel(); // its steps belong to the connection it was started for
        updateButtons();
    }
    m_detail->showRecord(*r);
    // The keychain is asked again only when the connection or its entry name changed.
    if (r->id != m_checkedId || r->secretKeyName != m_checkedKeyName)
        checkSecretOf(r->id, r->secretKeyName);
}

void ConnectionsPanel::checkSecret()
{
    if (const connections::ConnectionRecord* r = selected())
        checkSecretOf(r->id, r->secretKeyName);
}

void ConnectionsPanel::checkSecretOf(const QString& id, const QString& name)
{
    m_checkedId = id;
    m_checkedKeyName = name;
    const quint64 generation = ++m_secretGeneration;
    if (name.isEmpty()) {
        m_detail->setSecretState(tr("None set yet"), int(Tone::Warn));
        Q_EMIT secretChecked(id);
        return;
    }
    m_detail->setSecretState(tr("Checking this workstation's keychain…"), int(Tone::Neutral));
    auth::SecretStore* s = &store();
    const QPointer<auth::SecretStore> guard(s);
    s->read(name).then(this, [this, id, name, generation, guard](const auth::SecretStore::Result& r) {
        // The secret itself is not kept: this only asks whether the entry exists.
        if (generation != m_secretGeneration || m_detail->shownId() != id)
            return;
        const auto* session = qobject_cast<const auth::SessionSecretStore*>(guard.data());
        if (r.ok() && session && session->holdsInMemory(name))
            m_detail->setSecretState(tr("Kept for this session only (no keychain)"), int(Tone::Warn),
                                     tr("Gone when Opsdeck closes: set it again after a restart"));
        else if (r.ok())
            m_detail->setSecretState(
                tr("In this keychain (%1)").arg(guard ? guard->backendName() : QString()), int(Tone::Good));
        else if (r.status == auth::SecretStore::Status::NotFound)
            m_detail->setSecretState(
                tr("Not on this workstation"), int(Tone::Warn),
                tr("Set it here with Set secret…, or deliver from a workstation that holds it"));
        else if (r.status == auth::SecretStore::Status::Unavailable)
            m_detail->setSecretState(tr("Cannot tell: no keychain on this workstation"), int(Tone::Warn),
                                     r.message);
        else
            m_detail->setSecretState(tr("Cannot tell: %1").arg(r.message), int(Tone::Bad));
        Q_EMIT secretChecked(id);
    });
}

template <typename Job>
void ConnectionsPanel::apply(const QString& what, const QString& failTitle, Job job, QWidget* dialog)
{
    m_working = true;
    updateButtons();
    auto setBusy = [](QWidget* d, bool busy) {
        if (auto* e = qobject_cast<ConnectionEditDialog*>(d))
            e->setBusy(busy);
        else if (auto* p = qobject_cast<PromptDialog*>(d))
            p->setBusy(busy);
    };
    setBusy(dialog, true);
    QPointer<QWidget> guard(dialog);
    using Result = db::DbResult<std::invoke_result_t<Job, db::Connection&>>;
    session().pool().run(std::move(job)).then(this, [this, what, failTitle, guard, setBusy](const Result& r) {
        m_working = false;
        updateButtons();
        setBusy(guard, false);
        if (!r.ok()) {
            refuse(what, failTitle, r.error().text(), guard, errorSentence(r.error()));
            return;
        }
        if (auto* d = qobject_cast<QDialog*>(guard.data()))
            d->accept();
        const QString id = r.value();
        m_notice->setText(what == QLatin1String("create")    ? tr("Connection created.")
                          : what == QLatin1String("edit")    ? tr("Connection saved.")
                          : what == QLatin1String("disable") ? tr("Connection disabled.")
                                                             : tr("Connection enabled."));
        applyTone(m_notice, Tone::Good);
        if (what == QLatin1String("create"))
            m_selectAfterLoad = id; // once the list has it, the new connection is the one to look at
        Q_EMIT changeApplied(what, id);
        refresh();
    });
}

void ConnectionsPanel::refuse(const QString& what, const QString& title, const QString& message,
                              QWidget* dialog, const QString& formText)
{
    m_notice->clear();
    const QString inForm = formText.isEmpty() ? message : formText;
    if (auto* e = qobject_cast<ConnectionEditDialog*>(dialog))
        e->showProblem(inForm);
    else if (auto* p = qobject_cast<PromptDialog*>(dialog))
        p->showProblem(inForm);
    Q_EMIT changeRefused(what, message);
    MessageBox::warning(dialog ? dialog : this, title, message);
}

ConnectionEditDialog* ConnectionsPanel::openCreateDialog()
{
    if (!session().staff().has(kEditPermission) || m_working)
        return nullptr;
    auto* dialog = new ConnectionEditDialog(m_tenants, session().tenantScope(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionEditDialog::submitted, this, [this, dialog] {
        const connections::ConnectionDraft draft = dialog->draft();
        apply(
            QStringLiteral("create"), tr("Connection not created"),
            [draft](db::Connection& c) { return connections::ConnectionRepository(c).create(draft); },
            dialog);
    });
    dialog->open();
    return dialog;
}

ConnectionEditDialog* ConnectionsPanel::openEditDialog()
{
    const connections::ConnectionRecord* r = selected();
    if (!r || !session().staff().has(kEditPermission) || m_working)
        return nullptr;
    auto* dialog = new ConnectionEditDialog(*r, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionEditDialog::submitted, this, [this, dialog] {
        const QString id = dialog->connectionId();
        const connections::ConnectionDraft draft = dialog->draft();
        apply(
            QStringLiteral("edit"), tr("Connection not saved"),
            [id, draft](db::Connection& c) {
                connections::ConnectionRepository(c).update(id, draft);
                return id;
            },
            dialog);
    });
    dialog->open();
    return dialog;
}

PromptDialog* ConnectionsPanel::openDisableDialog()
{
    const connections::ConnectionRecord* r = selected();
    if (!r || !r->enabled || !session().staff().has(kEditPermission) || m_working)
        return nullptr;
    auto* dialog = new PromptDialog(PromptDialog::Kind::Text, tr("Disable connection"),
                                    tr("Disable %1? Items queued for it stay pending until it is enabled "
                                       "again. Say why: the reason is shown "
                                       "with the connection and kept in the audit log.")
                                        .arg(r->appName),
                                    tr("Disable"), this);
    dialog->setObjectName(QStringLiteral("connectionDisableDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setMinimumLength(3);
    dialog->setPlaceholderText(tr("e.g. The tenant rotated their key; waiting for the new one"));
    const QString id = r->id;
    connect(dialog, &PromptDialog::submitted, this, [this, dialog, id] {
        const QString reason = dialog->value();
        apply(
            QStringLiteral("disable"), tr("Connection not disabled"),
            [id, reason](db::Connection& c) {
                connections::ConnectionRepository(c).setEnabled(id, false, reason);
                return id;
            },
            dialog);
    });
    dialog->open();
    return dialog;
}

void ConnectionsPanel::enableSelected()
{
    const connections::ConnectionRecord* r = selected();
    if (!r || r->enabled || !session().staff().has(kEditPermission) || m_working)
        return;
    const QString id = r->id;
    apply(
        QStringLiteral("enable"), tr("Connection not enabled"),
        [id](db::Connection& c) {
            connections::ConnectionRepository(c).setEnabled(id, true);
            return id;
        },
        nullptr);
}

PromptDialog* ConnectionsPanel::openSecretDialog()
{
    const connections::ConnectionRecord* r = selected();
    if (!r || !session().staff().has(kEditPermission) || m_working)
        return nullptr;
    const bool rotating = !r->secretKeyName.isEmpty();
    auth::SecretStore& s = store();
    QString prompt =
        tr("The secret of %1 (%2) — its API key, auth token or signing secret — goes to this workstation's "
           "keychain (%3). The database keeps only the entry's name; other workstations that deliver need "
           "it set there too.")
            .arg(r->appName, r->isCompanys() ? tr("the company's own") : r->tenantName, s.backendName());
    if (rotating)
        prompt += QLatin1Char(' ') + tr("The new secret replaces the one in this keychain.");
    auto* dialog =
        new PromptDialog(PromptDialog::Kind::Secret, rotating ? tr("Rotate secret") : tr("Set secret"),
                         prompt, rotating ? tr("Rotate") : tr("Store"), this);
    dialog->setObjectName(QStringLiteral("connectionSecretDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString id = r->id;
    connect(dialog, &PromptDialog::submitted, this,
            [this, dialog, id] { storeSecret(id, dialog->value(), dialog); });
    dialog->open();
    return dialog;
}

void ConnectionsPanel::storeSecret(const QString& id, const QString& secret, PromptDialog* dialog)
{
    // First the entry's name (a database write, audited), then the secret into the keychain under it:
    // the secret never travels to the database.
    m_working = true;
    updateButtons();
    dialog->setBusy(true);
    const QPointer<PromptDialog> guard(dialog);
    session()
        .pool()
        .run([id](db::Connection& c) { return connections::ConnectionRepository(c).ensureSecretKeyName(id); })
        .then(this, [this, id, secret, guard](const db::DbResult<QString>& named) {
            if (!named.ok()) {
                m_working = false;
                updateButtons();
                if (guard)
                    guard->setBusy(false);
                refuse(QStringLiteral("secret"), tr("Secret not stored"), named.error().text(), guard,
                       errorSentence(named.error()));
                return;
            }
            const QString name = named.value();
            auth::SecretStore* s = &store();
            const QPointer<auth::SecretStore> storeGuard(s);
            s->write(name, secret)
                .then(this, [this, id, name, guard, storeGuard](const auth::SecretStore::Result& w) {
                    m_working = false;
                    updateButtons();
                    if (guard)
                        guard->setBusy(false);
                    const auto* session = qobject_cast<const auth::SessionSecretStore*>(storeGuard.data());
                    const bool sessionOnly = !w.ok() && session && session->holdsInMemory(name);
                    if (!w.ok() && !sessionOnly) {
                        refuse(QStringLiteral("secret"), tr("Secret not stored"),
                               tr("The keychain did not take the secret: %1").arg(w.message), guard);
                        return;
                    }
                    if (guard) {
                        guard->clearValue();
                        guard->accept();
                    }
                    if (sessionOnly) {
                        m_notice->setText(
                            tr("No keychain on this workstation: the secret is kept for this session "
                               "only and is gone when Opsdeck closes."));
                        applyTone(m_notice, Tone::Warn);
                    } else {
                        m_notice->setText(tr("Secret stored in this keychain."));
                        applyTone(m_notice, Tone::Good);
                    }
                    Q_EMIT secretStored(id, !sessionOnly);
                    Q_EMIT changeApplied(QStringLiteral("secret"), id);
                    refresh();
                    if (m_detail->shownId() == id)
                        checkSecretOf(id, name);
                });
        });
}

void ConnectionsPanel::testSelected()
{
    const connections::ConnectionRecord* r = selected();
    if (!r || !session().staff().has(kEditPermission))
        return;
    m_tester->cancel();
    m_testingId = r->id;
    m_detail->clearTestSteps();
    m_detail->setTestSummary(tr("Testing %1…").arg(r->appName), int(Tone::Neutral));
    m_test->setEnabled(false);
    const QString id = r->id;
    const QString type = r->deliveryType;
    const QJsonObject config = r->config;
    auto run = [this, id, type, config](const QString& secret) {
        if (m_testingId != id || m_detail->shownId() != id)
            return; // another connection was chosen while the keychain answered
        m_tester->start(type, config, secret);
        updateButtons();
    };
    if (r->secretKeyName.isEmpty()) {
        run(QString()); // a webhook sends an unsigned test event; the others say what is missing
        return;
    }
    // The secret stays in this process: from the keychain straight to the request's header.
    store().read(r->secretKeyName).then(this, [run](const auth::SecretStore::Result& result) {
        run(result.ok() ? result.secret : QString());
    });
}

} // namespace opsdeck::widgets::tools
