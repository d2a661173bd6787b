#pragma once

#include "DbError.h"
#include "DbResult.h"
#include "KeysetQuery.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QStringList>

namespace opsdeck::db {

class DbPool;

// A table model over a large list: pages load on the pool (keyset-paged), the view asks for more
// as it scrolls (canFetchMore / fetchMore), and a generation counter drops pages that arrive after
// a reset — DB Browser for SQLite's row loader with its life counter. Never QSqlQueryModel.
class PagedRowModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    PagedRowModel(DbPool& pool, QStringList headers, QObject* parent = nullptr);

    // Starts over with a new query (or the same one, to refresh): clears rows, loads the first page.
    void setQuery(const KeysetQuery& query);
    void reload() { setQuery(m_query); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // The raw row (all selected columns, including ones without a header).
    QVariantList rowValues(int row) const { return m_rows.value(row); }
    bool isLoading() const { return m_loading; }
    bool isComplete() const { return m_atEnd; }
    // When the first page of the current query arrived (invalid before).
    QDateTime loadedAt() const { return m_loadedAt; }
    const DbError& lastError() const { return m_error; }

Q_SIGNALS:
    void loadingChanged(bool loading);
    void pageLoaded(int rows);
    void failed(const opsdeck::db::DbError& error);

private:
    void requestPage();
    void applyPage(quint64 generation, const DbResult<KeysetPage>& result);

    DbPool& m_pool;
    QStringList m_headers;
    KeysetQuery m_query;
    QList<QVariantList> m_rows;
    QVariant m_lastSort;
    QVariant m_lastKey;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_atEnd = true;
    QDateTime m_loadedAt;
    DbError m_error;
};

} // namespace opsdeck::db
