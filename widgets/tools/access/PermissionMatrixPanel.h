#pragma once

#include "access/PermissionMatrixModel.h"
#include "common/Panel.h"

class QLabel;
class QTableView;

namespace opsdeck::widgets::tools {

// Tools → Staff & access → Permissions: roles × permissions. Holders of system.admin tick cells
// (for roles at or below their level); everyone else sees it read-only. Each change goes to the
// database, which may still refuse — then the cell stays as it was and a message says why.
class PermissionMatrixPanel : public Panel
{
    Q_OBJECT

public:
    explicit PermissionMatrixPanel(session::Session& session, QWidget* parent = nullptr);
    access::PermissionMatrixModel* model() const { return m_model; }
    bool canEdit() const;

Q_SIGNALS:
    void changeApplied(int roleId, int permissionId, bool granted);
    void changeRefused(const QString& message);

protected:
    void fetch() override;

private:
    void applyToggle(int roleId, int permissionId, bool grant);

    access::PermissionMatrixModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_hint = nullptr;
};

} // namespace opsdeck::widgets::tools
