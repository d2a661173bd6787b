#include "AuditLogPanel.h"

#include "common/FileDialog.h"
#include "common/Plural.h"
#include "common/StatusColors.h"
#include "db/Connection.h"
#include "db/PagedRowModel.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPromise>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck::widgets::tools {

AuditLogPanel::AuditLogPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("audit-log"), tr("Audit log"), parent)
{
    setFollowsTenantScope(false); // the log is not per tenant
    setAutoRefreshEnabled(false); // a log someone reads must not jump; Refresh reloads it

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    auto* filters = new QHBoxLayout();
    filters->setSpacing(6);
    auto lineEdit = [content](const QString& placeholder, const QString& name) {
        auto* e = new QLineEdit(content);
        e->setPlaceholderText(placeholder);
        e->setObjectName(name);
        e->setClearButtonEnabled(true);
        e->setMaximumWidth(170);
        return e;
    };
    m_staff = lineEdit(tr("Staff login"), QStringLiteral("auditStaff"));
    m_action = lineEdit(tr("Action (update, pii.reveal…)"), QStringLiteral("auditAction"));
    m_table = lineEdit(tr("Table"), QStringLiteral("auditTable"));
    m_useFrom = new QCheckBox(tr("From"), content);
    m_from = new QDateTimeEdit(QDateTime::currentDateTime().addDays(-7), content);
    m_useTo = new QCheckBox(tr("to"), content);
    m_to = new QDateTimeEdit(QDateTime::currentDateTime().addDays(1), content);
    for (QDateTimeEdit* e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        e->setEnabled(false);
    }
    connect(m_useFrom, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_useTo, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    m_piiOnly = new QCheckBox(tr("PII access only"), content);
    m_piiOnly->setObjectName(QStringLiteral("auditPiiOnly"));
    auto* apply = new QPushButton(tr("Apply"), content);
    apply->setObjectName(QStringLiteral("auditApply"));
    connect(apply, &QPushButton::clicked, this, &Panel::refresh);
    for (QLineEdit* e : {m_staff, m_action, m_table})
        connect(e, &QLineEdit::returnPressed, this, &Panel::refresh);
    m_export = new QPushButton(tr("Export CSV…"), content);
    m_export->setObjectName(QStringLiteral("auditExport"));
    m_export->setToolTip(tr("Writes every entry that matches the filters, not just the loaded page"));
    connect(m_export, &QPushButton::clicked, this, &AuditLogPanel::exportCsv);
    filters->addWidget(m_staff);
    filters->addWidget(m_action);
    filters->addWidget(m_table);
    filters->addWidget(m_useFrom);
    filters->addWidget(m_from);
    filters->addWidget(m_useTo);
    filters->addWidget(m_to);
    filters->addWidget(m_piiOnly);
    filters->addWidget(apply);
    filters->addStretch(1);
    filters->addWidget(m_export);
    layout->addLayout(filters);

    auto* statusRow = new QHBoxLayout();
    m_chain = new QLabel(tr("Hash chain: checking…"), content);
    m_chain->setObjectName(QStringLiteral("auditChain"));
    m_status = new QLabel(content);
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusRow->addWidget(m_chain);
    statusRow->addStretch(1);
    statusRow->addWidget(m_status);
    layout->addLayout(statusRow);

    m_model = new db::PagedRowModel(session.pool(), access::auditColumnTitles(), this);
    m_view = new QTableView(content);
    m_view->setObjectName(QStringLiteral("auditTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    layout->addWidget(m_view, 1);
    connect(m_model, &db::PagedRowModel::failed, this, [this](const db::DbError& e) {
        m_status->setText(tr("Loading more entries failed: %1").arg(e.text()));
    });
    connect(m_model, &db::PagedRowModel::pageLoaded, this, [this] {
        m_status->setText(m_model->isComplete()
                              ? countOf(m_model->rowCount(), tr("entry"), tr("entries"))
                              : tr("%1 loaded; scroll for more")
                                    .arg(countOf(m_model->rowCount(), tr("entry"), tr("entries"))));
    });

    setContentWidget(content);
}

access::AuditFilter AuditLogPanel::filter() const
{
    access::AuditFilter f;
    f.staffLogin = m_staff->text().trimmed();
    f.action = m_action->text().trimmed();
    f.tableName = m_table->text().trimmed();
    if (m_useFrom->isChecked())
        f.from = m_from->dateTime();
    if (m_useTo->isChecked())
        f.to = m_to->dateTime();
    f.piiOnly = m_piiOnly->isChecked();
    return f;
}

QString AuditLogPanel::chainText() const
{
    return m_chain->text();
}

void AuditLogPanel::fetch()
{
    // The model pages on its own; the round waits for its first page so the panel's state (and the
    // screenshots) reflect real data.
    auto firstPage = std::make_shared<QPromise<db::DbResult<int>>>();
    firstPage->start();
    auto done = std::make_shared<bool>(false);
    auto onPage = std::make_shared<QMetaObject::Connection>();
    auto onFail = std::make_shared<QMetaObject::Connection>();
    auto finish = [firstPage, done, onPage, onFail](db::DbResult<int> r) {
        if (std::exchange(*done, true))
            return;
        QObject::disconnect(*onPage);
        QObject::disconnect(*onFail);
        firstPage->addResult(std::move(r));
        firstPage->finish();
    };
    *onPage = connect(m_model, &db::PagedRowModel::pageLoaded, this, [finish](int rows) { finish(rows); });
    *onFail =
        connect(m_model, &db::PagedRowModel::failed, this, [finish](const db::DbError& e) { finish(e); });
    // An empty result keeps the filters on screen (the panel's empty page would hide them).
    const bool filtered = !filter().staffLogin.isEmpty() || !filter().action.isEmpty() ||
                          !filter().tableName.isEmpty() || filter().from.isValid() || filter().to.isValid() ||
                          filter().piiOnly;
    load(firstPage->future(), [this, filtered](int) {
        if (m_model->rowCount() == 0)
            m_status->setText(filtered
                                  ? tr("No entries match these filters.")
                                  : tr("No entries yet: every change a staff member makes appears here."));
    });
    m_model->setQuery(access::auditQuery(filter()));

    load(session().pool().run([](db::Connection& c) { return access::verifyAuditChain(c); }),
         [this](const access::ChainStatus& s) {
             if (s.intact) {
                 m_chain->setText(tr("✓ Hash chain intact (%1 checked)")
                                      .arg(countOf(s.rowsChecked, tr("entry"), tr("entries"))));
                 applyTone(m_chain, Tone::Good);
             } else {
                 m_chain->setText(tr("✗ Hash chain BROKEN at entry #%1 — the log was altered outside Opsdeck")
                                      .arg(s.firstBrokenId));
                 applyTone(m_chain, Tone::Bad);
             }
         });
}

void AuditLogPanel::exportCsv()
{
    const QString path = FileDialog::getSaveFileName(
        this, tr("Export audit log"),
        QStringLiteral("opsdeck-audit-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate)),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const access::AuditFilter f = filter();
    m_export->setEnabled(false);
    m_status->setText(tr("Exporting…"));
    session()
        .pool()
        .run([f, path](db::Connection& c) {
            // Written to a temporary file and renamed at the end: a failed export leaves no half file.
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                throw db::DbError{db::DbError::Kind::Query,
                                  QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()),
                                  {},
                                  {}};
            const qint64 rows = access::exportAuditCsv(c, f, file);
            if (!file.commit())
                throw db::DbError{db::DbError::Kind::Query,
                                  QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()),
                                  {},
                                  {}};
            return rows;
        })
        .then(this, [this, path](const db::DbResult<qint64>& r) {
            m_export->setEnabled(true);
            if (r.ok()) {
                m_status->setText(
                    tr("Exported %1 to %2").arg(countOf(r.value(), tr("entry"), tr("entries")), path));
                Q_EMIT exported(r.value(), path);
            } else {
                m_status->setText(tr("Export failed: %1").arg(r.error().text()));
                Q_EMIT exportFailed(r.error().text());
            }
        });
}

} // namespace opsdeck::widgets::tools
