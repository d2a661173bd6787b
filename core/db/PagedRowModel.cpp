#include "PagedRowModel.h"

#include "DbPool.h"

#include <QSet>

namespace opsdeck::db {

PagedRowModel::PagedRowModel(DbPool& pool, QStringList headers, QObject* parent)
    : QAbstractTableModel(parent), m_pool(pool), m_headers(std::move(headers))
{}

void PagedRowModel::setQuery(const KeysetQuery& query)
{
    ++m_generation; // whatever is in flight belongs to the old query now
    const bool wasLoading = m_loading;
    beginResetModel();
    m_query = query;
    m_rows.clear();
    m_keys.clear();
    m_refreshing = false;
    m_refreshWanted = false;
    m_lastSort = QVariant();
    m_lastKey = QVariant();
    m_atEnd = false;
    m_loadedAt = QDateTime();
    m_error = DbError();
    // Loading before the reset ends, so views reacting to it cannot ask for the first page twice.
    m_loading = !m_query.select.isEmpty();
    endResetModel();
    if (m_loading != wasLoading)
        Q_EMIT loadingChanged(m_loading);
    if (m_loading)
        requestPage();
    else
        m_atEnd = true;
}

int PagedRowModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PagedRowModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant PagedRowModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_headers.size())
        return {};
    const QVariant v = m_rows.at(index.row()).value(index.column());
    if (role == Qt::EditRole)
        return v;
    if (role == Qt::DisplayRole) {
        // Readable, sortable and unambiguous: local time to the second, yes/no for flags.
        if (v.typeId() == QMetaType::QDateTime)
            return v.toDateTime().toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (v.typeId() == QMetaType::Bool)
            return v.toBool() ? tr("yes") : tr("no");
        return v;
    }
    if (role == Qt::ToolTipRole && v.typeId() == QMetaType::QString && v.toString().size() > 40)
        return v.toString(); // the whole text of a cell the column cuts short
    return {};
}

QVariant PagedRowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 &&
        section < m_headers.size())
        return m_headers.at(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

bool PagedRowModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loading && !m_refreshing && m_error.isNone();
}

void PagedRowModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    m_loading = true;
    Q_EMIT loadingChanged(true);
    requestPage();
}

void PagedRowModel::requestPage()
{
    const quint64 generation = m_generation;
    const KeysetQuery query = m_query;
    const QVariant afterSort = m_lastSort;
    const QVariant afterKey = m_lastKey;
    m_pool
        .run([query, afterSort, afterKey](Connection& c) {
            return fetchKeysetPage(c, query, afterSort, afterKey);
        })
        .then(this, [this, generation](const DbResult<KeysetPage>& result) {
            // A future that finished before .then() attached runs its continuation right here, which
            // may be inside a view's fetchMore() inside rowsInserted: apply the page from the event
            // loop instead, so inserts never nest.
            QMetaObject::invokeMethod(
                this, [this, generation, result] { applyPage(generation, result); }, Qt::QueuedConnection);
        });
}

void PagedRowModel::applyPage(quint64 generation, const DbResult<KeysetPage>& result)
{
    if (generation != m_generation)
        return; // a reset happened meanwhile: this page belongs to a query nobody shows
    m_loading = false;
    if (!result.ok()) {
        m_error = result.error();
        Q_EMIT loadingChanged(false);
        Q_EMIT failed(m_error);
        return;
    }
    const KeysetPage& page = result.value();
    // Cursor first: views may ask for the next page while the rows are being inserted.
    m_atEnd = page.atEnd;
    if (!page.rows.isEmpty()) {
        m_lastSort = page.lastSort;
        m_lastKey = page.lastKey;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.rows.size() - 1));
        m_rows.append(page.rows);
        m_keys.append(page.keys);
        endInsertRows();
    }
    if (!m_loadedAt.isValid())
        m_loadedAt = QDateTime::currentDateTimeUtc();
    if (!m_loading) // a view may already have asked for the next page
        Q_EMIT loadingChanged(false);
    Q_EMIT pageLoaded(int(page.rows.size()));
    if (m_refreshWanted && !m_loading && generation == m_generation) {
        m_refreshWanted = false;
        startRefresh();
    }
}

void PagedRowModel::refreshLoaded(int maxRows)
{
    m_refreshMaxRows = qMax(1, maxRows);
    if (m_query.select.isEmpty())
        return;
    if (m_loading || m_refreshing) {
        m_refreshWanted = true; // after what is in flight, so the two never interleave
        return;
    }
    startRefresh();
}

void PagedRowModel::startRefresh()
{
    if (m_rows.isEmpty()) {
        setQuery(m_query); // nothing loaded: a first page is all there is to read
        return;
    }
    m_refreshing = true;
    const quint64 generation = m_generation;
    const KeysetQuery query = m_query;
    const QVariant untilSort = m_lastSort;
    const QVariant untilKey = m_lastKey;
    const int maxRows = qMax(m_refreshMaxRows, int(m_rows.size()));
    m_pool
        .run([query, untilSort, untilKey, maxRows](Connection& c) {
            return fetchKeysetWindow(c, query, untilSort, untilKey, maxRows);
        })
        .then(this, [this, generation](const DbResult<KeysetPage>& result) {
            // Queued for the same reason as pages: never inside a view's own signal handling.
            QMetaObject::invokeMethod(
                this, [this, generation, result] { applyWindow(generation, result); }, Qt::QueuedConnection);
        });
}

void PagedRowModel::applyWindow(quint64 generation, const DbResult<KeysetPage>& result)
{
    if (generation != m_generation)
        return; // reset meanwhile
    m_refreshing = false;
    if (!result.ok()) {
        m_error = result.error();
        m_refreshWanted = false;
        Q_EMIT failed(m_error);
        return;
    }
    const KeysetPage& window = result.value();
    QSet<QString> fresh;
    for (const QVariant& k : window.keys)
        fresh.insert(k.toString());
    // The rows that stay must keep their order; otherwise (the sort value of a row changed) a
    // diff would be a guess: start over instead. So does a window too large to diff.
    QList<QVariant> staying;
    for (const QVariant& k : std::as_const(m_keys)) {
        if (fresh.contains(k.toString()))
            staying.append(k);
    }
    bool ordered = true;
    qsizetype j = 0;
    for (const QVariant& k : std::as_const(staying)) {
        while (j < window.keys.size() && window.keys.at(j).toString() != k.toString())
            ++j;
        if (j == window.keys.size()) {
            ordered = false;
            break;
        }
        ++j;
    }
    if (!window.atEnd || !ordered) {
        setQuery(m_query);
        return;
    }

    // Removed rows, bottom up in contiguous runs.
    for (qsizetype r = m_rows.size() - 1; r >= 0; --r) {
        if (fresh.contains(m_keys.at(r).toString()))
            continue;
        qsizetype first = r;
        while (first > 0 && !fresh.contains(m_keys.at(first - 1).toString()))
            --first;
        beginRemoveRows({}, int(first), int(r));
        m_rows.remove(first, r - first + 1);
        m_keys.remove(first, r - first + 1);
        endRemoveRows();
        r = first;
    }
    // New rows where they sort, changed rows in place.
    QSet<QString> kept;
    for (const QVariant& k : std::as_const(m_keys))
        kept.insert(k.toString());
    qsizetype p = 0;
    while (p < window.rows.size()) {
        if (p < m_rows.size() && m_keys.at(p).toString() == window.keys.at(p).toString()) {
            if (m_rows.at(p) != window.rows.at(p)) {
                m_rows[p] = window.rows.at(p);
                Q_EMIT dataChanged(index(int(p), 0), index(int(p), qMax(0, columnCount() - 1)));
            }
            ++p;
            continue;
        }
        qsizetype n = 0;
        while (p + n < window.rows.size() && !kept.contains(window.keys.at(p + n).toString()))
            ++n;
        if (n == 0) { // cannot happen after the order check; never loop forever
            setQuery(m_query);
            return;
        }
        beginInsertRows({}, int(p), int(p + n - 1));
        for (qsizetype i = 0; i < n; ++i) {
            m_rows.insert(p + i, window.rows.at(p + i));
            m_keys.insert(p + i, window.keys.at(p + i));
        }
        endInsertRows();
        p += n;
    }
    if (!window.rows.isEmpty()) {
        m_lastSort = window.lastSort;
        m_lastKey = window.lastKey;
    }
    m_error = DbError();
    Q_EMIT refreshed();
    if (std::exchange(m_refreshWanted, false))
        startRefresh();
}

} // namespace opsdeck::db
