#include "AlertFeedModel.h"

#include <QFont>
#include <QHash>
#include <QLocale>
#include <QSet>

namespace opsdeck::alerts {

AlertFeedModel::AlertFeedModel(QObject* parent) : QAbstractTableModel(parent) {}

void AlertFeedModel::setItems(const QList<FeedItem>& items)
{
    QSet<QString> wanted;
    for (const FeedItem& item : items)
        wanted.insert(item.id);

    // 1. Rows that left the feed, bottom up so the rows above keep their numbers.
    for (int row = m_items.size() - 1; row >= 0; --row) {
        if (wanted.contains(m_items.at(row).id))
            continue;
        beginRemoveRows({}, row, row);
        m_items.removeAt(row);
        endRemoveRows();
    }

    // 2. Walk the new order: a row already here moves into place and changes in place; a new one
    // is inserted. The feed's order (created_at, id) never changes for an alert, so moves are rare.
    for (int row = 0; row < items.size(); ++row) {
        const FeedItem& item = items.at(row);
        int at = -1;
        for (int i = row; i < m_items.size(); ++i) {
            if (m_items.at(i).id == item.id) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            beginInsertRows({}, row, row);
            m_items.insert(row, item);
            endInsertRows();
            continue;
        }
        if (at != row) {
            beginMoveRows({}, at, at, {}, row);
            m_items.move(at, row);
            endMoveRows();
        }
        if (!(m_items.at(row) == item)) {
            m_items[row] = item;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
}

int AlertFeedModel::rowOf(const QString& id) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).id == id)
            return i;
    }
    return -1;
}

QDateTime AlertFeedModel::earliestSnoozeEnd() const
{
    QDateTime earliest;
    for (const FeedItem& item : m_items) {
        if (item.snoozedUntil.isValid() && (!earliest.isValid() || item.snoozedUntil < earliest))
            earliest = item.snoozedUntil;
    }
    return earliest;
}

void AlertFeedModel::setNow(const QDateTime& now)
{
    m_now = now;
    refreshAges();
}

void AlertFeedModel::refreshAges()
{
    if (!m_items.isEmpty())
        Q_EMIT dataChanged(index(0, AgeColumn), index(m_items.size() - 1, AgeColumn),
                           {Qt::DisplayRole, AgeSecondsRole});
}

QDateTime AlertFeedModel::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

int AlertFeedModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int AlertFeedModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertFeedModel::ageText(qint64 s)
{
    if (s < 60)
        return tr("just now");
    if (s < 3600)
        return tr("%1 min ago").arg(s / 60);
    if (s < 86400)
        return tr("%1 h ago").arg(s / 3600);
    return tr("%1 d ago").arg(s / 86400);
}

QString AlertFeedModel::stateOf(const FeedItem& item)
{
    if (item.isDismissed())
        return QStringLiteral("dismissed");
    if (item.isSnoozed())
        return QStringLiteral("snoozed");
    return item.isRead() ? QStringLiteral("read") : QStringLiteral("unread");
}

QString AlertFeedModel::severityText(const QString& severity)
{
    if (severity == QLatin1String("critical"))
        return tr("Critical");
    if (severity == QLatin1String("warning"))
        return tr("Warning");
    if (severity == QLatin1String("info"))
        return tr("Info");
    return severity;
}

QVariant AlertFeedModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FeedItem& a = m_items.at(index.row());
    const bool unread = !a.isRead() && !a.isDismissed() && a.status == QLatin1String("open");
    const qint64 age = qMax<qint64>(0, a.createdAt.secsTo(now()));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return severityText(a.severity);
        case TitleColumn:
            return a.title;
        case TenantColumn:
            return a.tenantId.isEmpty() ? tr("All tenants") : a.tenantName;
        case TypeColumn: {
            // Types without a rule (the demo's "system") keep their name, capitalised.
            const QString name = typeDisplayName(a.type);
            return name == a.type ? name.left(1).toUpper() + name.mid(1) : name;
        }
        case AgeColumn:
            return ageText(age);
        case StatusColumn: {
            QString text = a.status == QLatin1String("acknowledged") ? tr("Acknowledged") : tr("Open");
            if (a.isSnoozed())
                text +=
                    QStringLiteral(" · ") + tr("Snoozed until %1")
                                                .arg(QLocale().toString(a.snoozedUntil.toLocalTime(),
                                                                        a.snoozedUntil.toLocalTime().date() ==
                                                                                now().toLocalTime().date()
                                                                            ? QStringLiteral("HH:mm")
                                                                            : QStringLiteral("d MMM HH:mm")));
            else if (a.isDismissed())
                text += QStringLiteral(" · ") + tr("Dismissed");
            return text;
        }
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        QString tip = a.message;
        if (a.acknowledgedAt.isValid())
            tip +=
                QLatin1Char('\n') +
                tr("Acknowledged by %1, %2")
                    .arg(a.acknowledgedByName.isEmpty() ? tr("a former staff member") : a.acknowledgedByName,
                         QLocale().toString(a.acknowledgedAt.toLocalTime(), QLocale::ShortFormat));
        if (index.column() == AgeColumn)
            tip = QLocale().toString(a.createdAt.toLocalTime(), QLocale::ShortFormat);
        return tip;
    }
    case Qt::FontRole:
        if (unread) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case IdRole:
        return a.id;
    case SeverityRole:
        return a.severity;
    case TenantIdRole:
        return a.tenantId;
    case TenantNameRole:
        return a.tenantName;
    case TypeRole:
        return a.type;
    case TitleRole:
        return a.title;
    case MessageRole:
        return a.message;
    case CreatedAtRole:
        return a.createdAt;
    case AgeSecondsRole:
        return age;
    case StateRole:
        return stateOf(a);
    case StatusRole:
        return a.status;
    case UnreadRole:
        return unread;
    case SnoozedUntilRole:
        return a.snoozedUntil;
    case ResourceTypeRole:
        return a.resourceType;
    case ResourceIdRole:
        return a.resourceId;
    default:
        return {};
    }
}

QVariant AlertFeedModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case TitleColumn:
        return tr("Alert");
    case TenantColumn:
        return tr("Tenant");
    case TypeColumn:
        return tr("Type");
    case AgeColumn:
        return tr("Age");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}

QHash<int, QByteArray> AlertFeedModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert({{IdRole, "alertId"},
                  {SeverityRole, "severity"},
                  {TenantIdRole, "tenantId"},
                  {TenantNameRole, "tenantName"},
                  {TypeRole, "alertType"},
                  {TitleRole, "title"},
                  {MessageRole, "message"},
                  {CreatedAtRole, "createdAt"},
                  {AgeSecondsRole, "ageSeconds"},
                  {StateRole, "state"},
                  {StatusRole, "status"},
                  {UnreadRole, "unread"},
                  {SnoozedUntilRole, "snoozedUntil"},
                  {ResourceTypeRole, "resourceType"},
                  {ResourceIdRole, "resourceId"}});
    return names;
}

} // namespace opsdeck::alerts
