#pragma once

#include <QItemSelectionModel>
#include <QList>
#include <QTableView>

namespace opsdeck::widgets {

// Small panels keep their rows as plain structs in a QList beside a QStandardItemModel; these find
// a row by key and the struct behind the view's selection.

// The index of the first item whose `member` equals `key`, or -1.
template <typename T, typename Key> int rowWhere(const QList<T>& items, Key T::*member, const Key& key)
{
    for (int i = 0; i < items.size(); ++i) {
        if (items.at(i).*member == key)
            return i;
    }
    return -1;
}

// The item of the view's first selected row, or nullptr.
template <typename T> const T* selectedItem(const QTableView* view, const QList<T>& items)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    const int row = rows.first().row();
    return row >= 0 && row < items.size() ? &items.at(row) : nullptr;
}

// Selects `row` when it exists; false otherwise.
inline bool selectRowIfAny(QTableView* view, int row)
{
    if (row < 0)
        return false;
    view->selectRow(row);
    return true;
}

} // namespace opsdeck::widgets
