#pragma once

#include "access/AuditLog.h"
#include "common/Panel.h"

class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace opsdeck::db {
class PagedRowModel;
}

namespace opsdeck::widgets::tools {

// Tools → Staff & access → Audit log: the append-only log, newest first, paged as it scrolls;
// filters by staff, action, table, date range and PII access; the hash chain's state; CSV export
// of the whole filtered set. Needs ops.audit.view (the database refuses otherwise).
class AuditLogPanel : public Panel
{
    Q_OBJECT

public:
    explicit AuditLogPanel(session::Session& session, QWidget* parent = nullptr);

    access::AuditFilter filter() const;
    db::PagedRowModel* model() const { return m_model; }
    QString chainText() const;
    // Asks for a file, then writes the filtered set there (off the GUI thread).
    void exportCsv();

Q_SIGNALS:
    void exported(qint64 rows, const QString& path);
    void exportFailed(const QString& message);

protected:
    void fetch() override;

private:
    QLineEdit* m_staff = nullptr;
    QLineEdit* m_action = nullptr;
    QLineEdit* m_table = nullptr;
    QCheckBox* m_useFrom = nullptr;
    QDateTimeEdit* m_from = nullptr;
    QCheckBox* m_useTo = nullptr;
    QDateTimeEdit* m_to = nullptr;
    QCheckBox* m_piiOnly = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_chain = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_view = nullptr;
    db::PagedRowModel* m_model = nullptr;
};

} // namespace opsdeck::widgets::tools
