#include "PagedRowModel.h"

#include "DbPool.h"

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
    return !parent.isValid() && !m_atEnd && !m_loading && m_error.isNone();
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
        endInsertRows();
    }
    if (!m_loadedAt.isValid())
        m_loadedAt = QDateTime::currentDateTimeUtc();
    if (!m_loading) // a view may already have asked for the next page
        Q_EMIT loadingChanged(false);
    Q_EMIT pageLoaded(int(page.rows.size()));
}

} // namespace opsdeck::db
