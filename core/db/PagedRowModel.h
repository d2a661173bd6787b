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
// refreshLoaded() re-reads what is loaded in place (rows removed, inserted and changed, keyed by
// the query's key column), so a live list keeps its selection and scroll position.
class PagedRowModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    PagedRowModel(DbPool& pool, QStringList headers, QObject* parent = nullptr);

    // Starts over with a new query (or the same one, to refresh): clears rows, loads the first page.
    void setQuery(const KeysetQuery& query);
    void reload() { setQuery(m_query); }
    const KeysetQuery& query() const { return m_query; }
    // Re-reads the rows loaded so far (from the start through the last loaded row) and applies the
    // difference: removed rows go, new rows appear where they sort, changed rows update. Ends with
    // refreshed(), or failed(). Falls back to a reset (then pageLoaded()) when nothing is loaded yet,
    // the window grew beyond maxRows, or rows changed their order. While a page is loading the
    // refresh waits for it; two refreshes never overlap.
    void refreshLoaded(int maxRows = 5000);
    bool isRefreshing() const { return m_refreshing; }

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
    // A refreshLoaded() was applied.
    void refreshed();
    void failed(const opsdeck::db::DbError& error);

private:
    void requestPage();
    void applyPage(quint64 generation, const DbResult<KeysetPage>& result);
    void startRefresh();
    void applyWindow(quint64 generation, const DbResult<KeysetPage>& result);

    DbPool& m_pool;
    QStringList m_headers;
    KeysetQuery m_query;
    QList<QVariantList> m_rows;
    QList<QVariant> m_keys; // per row, the key column as text
    QVariant m_lastSort;
    QVariant m_lastKey;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_atEnd = true;
    bool m_refreshing = false;
    bool m_refreshWanted = false; // asked for while a page or a refresh was in flight
    int m_refreshMaxRows = 5000;
    QDateTime m_loadedAt;
    DbError m_error;
};

} // namespace opsdeck::db
