#include "SessionsPanel.h"

#include "StaffEditDialog.h"
#include "common/MessageBox.h"
#include "common/Plural.h"
#include "common/RowSelection.h"
#include "db/Connection.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck::widgets::tools {

SessionsPanel::SessionsPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("sessions"), tr("Active sessions"), parent)
{
    setFollowsTenantScope(false); // sessions are not per tenant
    watchTables({QStringLiteral("staff_sessions")});

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    auto* toolbar = new QHBoxLayout();
    m_terminate = new QPushButton(tr("Terminate"), content);
    m_terminate->setObjectName(QStringLiteral("sessionTerminate"));
    m_terminate->setToolTip(tr("Ends the session and closes its database connection"));
    m_terminate->setVisible(session.staff().has(QStringLiteral("ops.staff.edit")));
    connect(m_terminate, &QPushButton::clicked, this, &SessionsPanel::terminateSelected);
    toolbar->addWidget(m_terminate);
    toolbar->addStretch(1);
    m_status = new QLabel(content);
    m_status->setObjectName(QStringLiteral("sessionsStatus"));
    toolbar->addWidget(m_status);
    layout->addLayout(toolbar);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels(
        {tr("Staff"), tr("Role"), tr("Host"), tr("App version"), tr("Started"), QString()});
    m_view = new QTableView(content);
    m_view->setObjectName(QStringLiteral("sessionsTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SessionsPanel::updateButtons);

    setContentWidget(content);
    updateButtons();
}

bool SessionsPanel::isCurrent(const auth::StaffSession& s) const
{
    // is_current only holds on the pool connection that recorded the session; the recorded id
    // holds whichever connection answered.
    return s.isCurrent || (!s.id.isEmpty() && s.id == session().recordedSessionId());
}

void SessionsPanel::fetch()
{
    load(session().pool().run([](db::Connection& c) { return auth::StaffAdmin::activeSessions(c); }),
         [this](const QList<auth::StaffSession>& list) {
             const auth::StaffSession* current = selected();
             const QString keep = current ? current->id : QString();
             m_sessions = list;
             m_model->removeRows(0, m_model->rowCount());
             for (const auth::StaffSession& s : list) {
                 const QString who =
                     s.fullName.isEmpty() ? s.login : QStringLiteral("%1 (%2)").arg(s.fullName, s.login);
                 const QString started =
                     s.startedAt.isValid()
                         ? s.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                         : QStringLiteral("—");
                 QList<QStandardItem*> row;
                 for (const QString& text : {who, roleDisplayName(s.roleName), s.clientHost, s.appVersion,
                                             started, isCurrent(s) ? tr("this console") : QString()})
                     row << new QStandardItem(text);
                 m_model->appendRow(row);
             }
             m_view->resizeColumnsToContents();
             // No empty page: the toolbar stays, and a console's own session appears moments later.
             m_status->setText(list.isEmpty()
                                   ? tr("No open sessions.")
                                   : countOf(list.size(), tr("open session"), tr("open sessions")));
             if (!keep.isEmpty())
                 selectSession(keep);
             updateButtons();
         });
}

int SessionsPanel::rowOf(const QString& sessionId) const
{
    return rowWhere(m_sessions, &auth::StaffSession::id, sessionId);
}

bool SessionsPanel::selectSession(const QString& sessionId)
{
    if (!selectRowIfAny(m_view, rowOf(sessionId)))
        return false;
    updateButtons();
    return true;
}

const auth::StaffSession* SessionsPanel::selected() const
{
    return selectedItem(m_view, m_sessions);
}

void SessionsPanel::updateButtons()
{
    const auth::StaffSession* s = selected();
    m_terminate->setEnabled(!m_working && s && !isCurrent(*s));
}

void SessionsPanel::terminateSelected()
{
    const auth::StaffSession* s = selected();
    if (!s || isCurrent(*s) || !session().staff().has(QStringLiteral("ops.staff.edit")))
        return;
    const QString id = s->id;
    const auto answer = MessageBox::question(
        this, tr("Terminate session"),
        tr("End the session of %1 on %2? Their console loses its database connection now.")
            .arg(s->fullName.isEmpty() ? s->login : s->fullName,
                 s->clientHost.isEmpty() ? tr("an unknown host") : s->clientHost));
    if (answer != QMessageBox::Yes)
        return;
    m_working = true;
    updateButtons();
    session()
        .pool()
        .run([id](db::Connection& c) { return auth::StaffAdmin::terminateSession(c, id); })
        .then(this, [this, id](const db::DbResult<bool>& r) {
            m_working = false;
            updateButtons();
            if (r.ok()) {
                Q_EMIT terminated(id);
                refresh();
                return;
            }
            Q_EMIT terminateRefused(r.error().text());
            MessageBox::warning(this, tr("Session not terminated"), r.error().text());
        });
}

} // namespace opsdeck::widgets::tools
