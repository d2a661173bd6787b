#include "OutboundTableModel.h"

#include "common/DataAgeLabel.h"
#include "common/StatusColors.h"

#include <QBrush>
#include <QGuiApplication>

namespace opsdeck::widgets::operations {
namespace {

QString absolute(const QDateTime& t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

Tone statusTone(const outbound::OutboundItem& i)
{
    if (i.status == QLatin1String("delivered"))
        return Tone::Good;
    if (i.status == QLatin1String("failed"))
        return Tone::Bad;
    if (i.status == QLatin1String("pending") && i.attemptCount > 0)
        return Tone::Warn; // retrying after a failure
    return Tone::Neutral;
}

} // namespace

OutboundTableModel::OutboundTableModel(db::DbPool& pool, QObject* parent)
    : db::PagedRowModel(pool,
                        {tr("Type"), tr("Tenant"), tr("Destination"), tr("Status"), tr("Attempts"),
                         tr("Last attempt"), tr("Next retry"), tr("Code"), tr("Last error")},
                        parent)
{
    // Connected before any view: the cache is gone before a view asks for the changed rows.
    auto clear = [this] {
        m_items.clear();
    };
    connect(this, &QAbstractItemModel::modelReset, this, clear);
    connect(this, &QAbstractItemModel::rowsInserted, this, clear);
    connect(this, &QAbstractItemModel::rowsRemoved, this, clear);
    connect(this, &QAbstractItemModel::dataChanged, this, clear);
    connect(this, &QAbstractItemModel::layoutChanged, this, clear);
}

const outbound::OutboundItem& OutboundTableModel::item(int row) const
{
    auto it = m_items.find(row);
    if (it == m_items.end())
        it = m_items.insert(row, outbound::OutboundRepository::itemFromRow(rowValues(row)));
    return *it;
}

QDateTime OutboundTableModel::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

QString OutboundTableModel::typeText(const QString& deliveryType)
{
    if (deliveryType == QLatin1String("email"))
        return tr("Email");
    if (deliveryType == QLatin1String("sms"))
        return tr("SMS");
    if (deliveryType == QLatin1String("webhook"))
        return tr("Webhook");
    return deliveryType;
}

QString OutboundTableModel::statusText(const QString& status)
{
    if (status.isEmpty())
        return status;
    return status.at(0).toUpper() + status.mid(1);
}

QString OutboundTableModel::relativeText(const QDateTime& when, const QDateTime& now)
{
    if (!when.isValid())
        return QStringLiteral("—");
    const qint64 s = now.secsTo(when);
    if (s > 0)
        return tr("in %1").arg(DataAgeLabel::durationText(s));
    if (s > -5)
        return tr("just now");
    return tr("%1 ago").arg(DataAgeLabel::durationText(-s));
}

QString OutboundTableModel::nextRetryText(const outbound::OutboundItem& i, const QDateTime& now)
{
    if (i.status == QLatin1String("pending"))
        return now.secsTo(i.nextAttemptAt) > 0 ? relativeText(i.nextAttemptAt, now) : tr("due now");
    if (i.status == QLatin1String("sending"))
        return tr("sending");
    return QStringLiteral("—");
}

int OutboundTableModel::rowOf(const QString& id) const
{
    for (int r = 0; r < rowCount(); ++r) {
        if (rowValues(r).value(0).toString() == id)
            return r;
    }
    return -1;
}

QVariant OutboundTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const outbound::OutboundItem& i = item(index.row());
    const int column = index.column();
    switch (role) {
    case ItemIdRole:
        return i.id;
    case StatusRole:
        return i.status;
    case Qt::DisplayRole:
        switch (column) {
        case TypeColumn:
            return typeText(i.deliveryType);
        case TenantColumn:
            return i.isCompanys() ? tr("Company (own)") : i.tenantName;
        case DestinationColumn:
            return i.destination.isEmpty() ? tr("(connection's URL)") : i.destination;
        case StatusColumn:
            return statusText(i.status);
        case AttemptsColumn:
            return QStringLiteral("%1 / %2").arg(i.attemptCount).arg(i.maxAttempts);
        case LastAttemptColumn:
            return i.lastAttemptedAt.isValid() ? relativeText(i.lastAttemptedAt, now()) : tr("never");
        case NextRetryColumn:
            return nextRetryText(i, now());
        case StatusCodeColumn:
            return i.lastStatusCode ? QString::number(*i.lastStatusCode) : QStringLiteral("—");
        case ErrorColumn:
            return i.error.section(QLatin1Char('\n'), 0, 0);
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case TenantColumn:
            return i.isCompanys() ? tr("The company's own delivery (staff alert e-mail and SMS)")
                                  : QVariant();
        case DestinationColumn:
            return i.destination.isEmpty() ? tr("Posted to the URL of its connection") : i.destination;
        case LastAttemptColumn:
            return absolute(i.lastAttemptedAt);
        case NextRetryColumn:
            return i.status == QLatin1String("pending") ? absolute(i.nextAttemptAt) : QVariant();
        case ErrorColumn:
            return i.error.isEmpty() ? QVariant() : i.error;
        case StatusColumn:
            return i.status == QLatin1String("sending") && !i.lockedBy.isEmpty()
                       ? tr("Being sent by %1").arg(i.lockedBy)
                       : QVariant();
        }
        return {};
    case Qt::ForegroundRole:
        if (column == StatusColumn)
            return QBrush(StatusColors::forPalette(QGuiApplication::palette()).color(statusTone(i)));
        if (column == TenantColumn && i.isCompanys())
            return QBrush(mutedText(QGuiApplication::palette()));
        return {};
    case Qt::TextAlignmentRole:
        if (column == AttemptsColumn || column == StatusCodeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    return {};
}

} // namespace opsdeck::widgets::operations
