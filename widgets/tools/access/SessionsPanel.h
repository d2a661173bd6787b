#pragma once

#include "auth/StaffAdmin.h"
#include "common/Panel.h"

#include <QList>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace opsdeck::widgets::tools {

// Tools → Staff & access → Sessions: the console sessions whose connection is still open (one's
// own; everyone's with ops.staff.view). Holders of ops.staff.edit end another session, which
// terminates its connection; the database checks the level rule and may refuse.
class SessionsPanel : public Panel
{
    Q_OBJECT

public:
    enum Column
    {
        StaffColumn,
        RoleColumn,
        HostColumn,
        VersionColumn,
        StartedColumn,
        ConsoleColumn,
        ColumnCount,
    };

    explicit SessionsPanel(session::Session& session, QWidget* parent = nullptr);

    QStandardItemModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    const QList<auth::StaffSession>& sessions() const { return m_sessions; }
    // The row of the session `id`, or -1.
    int rowOf(const QString& sessionId) const;
    bool selectSession(const QString& sessionId);
    const auth::StaffSession* selected() const;
    // This console's own session (its recorded id, or the database's is_current).
    bool isCurrent(const auth::StaffSession& s) const;
    QPushButton* terminateButton() const { return m_terminate; }

public Q_SLOTS:
    // Asks first, then ends the selected session.
    void terminateSelected();

Q_SIGNALS:
    void terminated(const QString& sessionId);
    void terminateRefused(const QString& message);

protected:
    void fetch() override;

private:
    void updateButtons();

    QList<auth::StaffSession> m_sessions;
    QStandardItemModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_terminate = nullptr;
    bool m_working = false;
};

} // namespace opsdeck::widgets::tools
