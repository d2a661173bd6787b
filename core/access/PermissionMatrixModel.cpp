#include "PermissionMatrixModel.h"

namespace opsdeck::access {

PermissionMatrixModel::PermissionMatrixModel(QObject* parent) : QAbstractTableModel(parent) {}

void PermissionMatrixModel::setMatrix(const PermissionMatrix& matrix, bool canEdit, int editorLevel)
{
    beginResetModel();
    m_matrix = matrix;
    m_canEdit = canEdit;
    m_editorLevel = editorLevel;
    endResetModel();
}

void PermissionMatrixModel::setGranted(int roleId, int permissionId, bool granted)
{
    const bool was = m_matrix.granted(roleId, permissionId);
    if (was == granted)
        return;
    if (granted)
        m_matrix.grants.insert({roleId, permissionId});
    else
        m_matrix.grants.remove({roleId, permissionId});
    int row = -1, column = -1;
    for (int i = 0; i < m_matrix.permissions.size(); ++i)
        row = m_matrix.permissions[i].id == permissionId ? i : row;
    for (int i = 0; i < m_matrix.roles.size(); ++i)
        column = m_matrix.roles[i].id == roleId ? i + 1 : column;
    if (row >= 0 && column > 0) {
        Q_EMIT dataChanged(index(row, column), index(row, column), {Qt::CheckStateRole});
        Q_EMIT headerDataChanged(Qt::Horizontal, column, column);
    }
}

int PermissionMatrixModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_matrix.permissions.size());
}

int PermissionMatrixModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_matrix.roles.size()) + 1;
}

int PermissionMatrixModel::grantedCount(int roleId) const
{
    int n = 0;
    for (const auto& g : m_matrix.grants)
        n += g.first == roleId;
    return n;
}

bool PermissionMatrixModel::cellEditable(int column) const
{
    return m_canEdit && column > 0 && m_matrix.roles[column - 1].level >= m_editorLevel;
}

QVariant PermissionMatrixModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_matrix.permissions.size() ||
        index.column() > m_matrix.roles.size())
        return {};
    const MatrixPermission& p = m_matrix.permissions[index.row()];
    if (index.column() == PermissionColumn) {
        if (role == Qt::DisplayRole)
            return p.code;
        if (role == Qt::ToolTipRole)
            return p.inSeed ? p.description + tr(" (seed 002)") : p.description;
        return {};
    }
    const MatrixRole& r = m_matrix.roles[index.column() - 1];
    if (role == Qt::CheckStateRole)
        return m_matrix.granted(r.id, p.id) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole) {
        const QString state = m_matrix.granted(r.id, p.id) ? tr("holds") : tr("does not hold");
        QString tip = tr("%1 %2 %3").arg(r.displayName, state, p.code);
        if (m_canEdit && !cellEditable(index.column()))
            tip += tr("\nYou cannot change a role above your own level.");
        return tip;
    }
    return {};
}

QVariant PermissionMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == PermissionColumn)
        return tr("Permission");
    if (section - 1 < m_matrix.roles.size()) {
        const MatrixRole& r = m_matrix.roles[section - 1];
        return QStringLiteral("%1\n(%2)").arg(r.displayName).arg(grantedCount(r.id));
    }
    return {};
}

Qt::ItemFlags PermissionMatrixModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() > 0 && cellEditable(index.column()))
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool PermissionMatrixModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::CheckStateRole || !index.isValid() || !cellEditable(index.column()))
        return false;
    const MatrixRole& r = m_matrix.roles[index.column() - 1];
    const MatrixPermission& p = m_matrix.permissions[index.row()];
    const bool grant = value.toInt() == Qt::Checked;
    if (grant == m_matrix.granted(r.id, p.id))
        return false;
    // The database answers; the cell changes when it has agreed.
    Q_EMIT toggleRequested(r.id, p.id, grant);
    return false;
}

} // namespace opsdeck::access
