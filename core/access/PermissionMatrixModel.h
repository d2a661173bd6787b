#pragma once

#include "PermissionMatrix.h"

#include <QAbstractTableModel>

namespace opsdeck::access {

// The matrix as a table: one row per permission (grouped by module), one checkable column per
// role. Only an editor (system.admin) gets editable cells, and only for roles at or below their
// own level — the database enforces the same; the model just does not offer what would be refused.
// A toggle does not change the model: it asks (toggleRequested) and the caller applies the
// database's answer with setGranted().
class PermissionMatrixModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        PermissionColumn = 0, // then one column per role
    };

    explicit PermissionMatrixModel(QObject* parent = nullptr);

    void setMatrix(const PermissionMatrix& matrix, bool canEdit, int editorLevel);
    const PermissionMatrix& matrix() const { return m_matrix; }
    void setGranted(int roleId, int permissionId, bool granted);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // The count of granted permissions per role, for the header ("Viewer (15)").
    int grantedCount(int roleId) const;

Q_SIGNALS:
    void toggleRequested(int roleId, int permissionId, bool grant);

private:
    bool cellEditable(int column) const;

    PermissionMatrix m_matrix;
    bool m_canEdit = false;
    int m_editorLevel = 99;
};

} // namespace opsdeck::access
