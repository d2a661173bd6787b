#include "DashboardTableModel.h"

#include <QLocale>

namespace opsdeck::clients {
namespace {

// Thresholds of the health table's colours. Seed 004 names the signals but not their limits; these
// flag what an operator should look at today, not an SLA.
constexpr qint64 kStaleWarnSeconds = 6 * 3600;
constexpr qint64 kStaleBadSeconds = 24 * 3600;
constexpr double kSuccessWarnPercent = 90.0;
constexpr double kSuccessBadPercent = 75.0;

QString capitalised(QString s)
{
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

QString timeText(const QDateTime& t)
{
    return QLocale().toString(t.toLocalTime(), QStringLiteral("d MMM HH:mm"));
}

QStringList headers(DashboardTableModel::Kind kind, const QString& range)
{
    switch (kind) {
    case DashboardTableModel::Kind::Health:
        return {QObject::tr("Tenant"),
                range.isEmpty() ? QObject::tr("Events") : QObject::tr("Events (%1)").arg(range),
                QObject::tr("Unprocessed"),
                QObject::tr("Last event"),
                QObject::tr("Failed actions (1 h)"),
                range.isEmpty() ? QObject::tr("Agent success")
                                : QObject::tr("Agent success (%1)").arg(range)};
    case DashboardTableModel::Kind::Records:
        return {QObject::tr("Created"), QObject::tr("Type"),   QObject::tr("Title"),
                QObject::tr("Status"),  QObject::tr("Worker"), QObject::tr("Amount")};
    case DashboardTableModel::Kind::Contacts:
        return {QObject::tr("Created"), QObject::tr("Name"),   QObject::tr("Mobile"),
                QObject::tr("Email"),   QObject::tr("Source"), QObject::tr("Status")};
    case DashboardTableModel::Kind::AgentActions:
        return {QObject::tr("Time"),   QObject::tr("Agent"), QObject::tr("Action"),
                QObject::tr("Status"), QObject::tr("Error"), QObject::tr("Duration")};
    }
    return {};
}

bool isNumberColumn(DashboardTableModel::Kind kind, int column)
{
    switch (kind) {
    case DashboardTableModel::Kind::Health:
        return column >= 1; // ages and counts, right-aligned so no number meets a left-aligned header
    case DashboardTableModel::Kind::Records:
        return column == 5;
    case DashboardTableModel::Kind::AgentActions:
        return column == 5;
    case DashboardTableModel::Kind::Contacts:
        return false;
    }
    return false;
}

} // namespace

DashboardTableModel::DashboardTableModel(Kind kind, QObject* parent)
    : QAbstractTableModel(parent), m_kind(kind)
{}

void DashboardTableModel::setSummary(const AnalyticsSummary& s)
{
    beginResetModel();
    m_health.clear();
    m_records.clear();
    m_contacts.clear();
    m_actions.clear();
    m_rangeLabel = s.range == QLatin1String("1d")    ? QStringLiteral("1 d")
                   : s.range == QLatin1String("30d") ? QStringLiteral("30 d")
                                                     : QStringLiteral("7 d");
    switch (m_kind) {
    case Kind::Health:
        m_available = true;
        m_health = s.health;
        break;
    case Kind::Records:
        m_available = s.recentRecords.has_value();
        if (m_available)
            m_records = *s.recentRecords;
        break;
    case Kind::Contacts:
        m_available = s.recentContacts.has_value();
        if (m_available)
            m_contacts = *s.recentContacts;
        break;
    case Kind::AgentActions:
        m_available = s.recentAgentActions.has_value();
        if (m_available)
            m_actions = *s.recentAgentActions;
        break;
    }
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

void DashboardTableModel::clear()
{
    beginResetModel();
    m_available = false;
    m_health.clear();
    m_records.clear();
    m_contacts.clear();
    m_actions.clear();
    endResetModel();
}

void DashboardTableModel::setToneColors(const QColor& good, const QColor& warn, const QColor& bad)
{
    m_good = good;
    m_warn = warn;
    m_bad = bad;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::ForegroundRole});
}

int DashboardTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_kind) {
    case Kind::Health:
        return int(m_health.size());
    case Kind::Records:
        return int(m_records.size());
    case Kind::Contacts:
        return int(m_contacts.size());
    case Kind::AgentActions:
        return int(m_actions.size());
    }
    return 0;
}

int DashboardTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : 6;
}

QVariant DashboardTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return headers(m_kind, m_rangeLabel).value(section);
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::Alignment(
            (isNumberColumn(m_kind, section) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter));
    return {};
}

QVariant DashboardTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case Qt::ToolTipRole:
        if (m_kind == Kind::Health && column == 3 && m_health[row].lastEventAt.isValid())
            return timeText(m_health[row].lastEventAt);
        if (m_kind == Kind::AgentActions && column == 4)
            return m_actions[row].error.isEmpty() ? QVariant() : QVariant(m_actions[row].error);
        if (m_kind == Kind::Records && column == 2)
            return m_records[row].title;
        return {};
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(
            (isNumberColumn(m_kind, column) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter));
    case Qt::ForegroundRole: {
        const Tone t = tone(row, column);
        const QColor c = t == Tone::Good   ? m_good
                         : t == Tone::Warn ? m_warn
                         : t == Tone::Bad  ? m_bad
                                           : QColor();
        return c.isValid() ? QVariant(c) : QVariant();
    }
    case ToneRole:
        return int(tone(row, column));
    case IdRole:
        return rowId(row);
    case SortRole:
        return sortValue(row, column);
    default:
        return {};
    }
}

QDateTime DashboardTableModel::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

QString DashboardTableModel::ageText(const QDateTime& when, const QDateTime& now)
{
    if (!when.isValid())
        return QObject::tr("never");
    const qint64 s = qMax<qint64>(0, when.secsTo(now));
    if (s < 60)
        return QObject::tr("just now");
    if (s < 3600)
        return QObject::tr("%1 min ago").arg(s / 60);
    if (s < 2 * 86400)
        return QObject::tr("%1 h ago").arg(s / 3600);
    return QObject::tr("%1 d ago").arg(s / 86400);
}

QString DashboardTableModel::moneyText(double amount, const QString& currency)
{
    return QStringLiteral("%1 %2").arg(QLocale().toString(amount, 'f', 2), currency);
}

QVariant DashboardTableModel::display(int row, int column) const
{
    const QLocale locale;
    switch (m_kind) {
    case Kind::Health: {
        const TenantHealth& h = m_health[row];
        switch (column) {
        case 0:
            return h.status == QLatin1String("active") ? h.name : QObject::tr("%1 (inactive)").arg(h.name);
        case 1:
            return locale.toString(h.events);
        case 2:
            return locale.toString(h.unprocessedEvents);
        case 3:
            return ageText(h.lastEventAt, now());
        case 4:
            return h.failedActionsLastHour ? locale.toString(*h.failedActionsLastHour) : QObject::tr("—");
        case 5:
            if (!h.agentActions)
                return QObject::tr("—");
            if (!h.agentSuccessRate)
                return QObject::tr("no actions");
            return QObject::tr("%1 % of %2")
                .arg(locale.toString(*h.agentSuccessRate, 'f', 1), locale.toString(*h.agentActions));
        }
        break;
    }
    case Kind::Records: {
        const RecentRecord& r = m_records[row];
        switch (column) {
        case 0:
            return ageText(r.createdAt, now());
        case 1:
            return capitalised(r.recordType);
        case 2:
            return r.title;
        case 3:
            return capitalised(r.status);
        case 4:
            return r.worker.isEmpty() ? QObject::tr("unassigned") : r.worker;
        case 5:
            return r.amount ? moneyText(*r.amount, r.currency) : QString();
        }
        break;
    }
    case Kind::Contacts: {
        const RecentContact& c = m_contacts[row];
        switch (column) {
        case 0:
            return ageText(c.createdAt, now());
        case 1:
            return c.name;
        case 2:
            return c.mobile;
        case 3:
            return c.email;
        case 4:
            return capitalised(c.source);
        case 5:
            return capitalised(c.status);
        }
        break;
    }
    case Kind::AgentActions: {
        const RecentAgentAction& a = m_actions[row];
        switch (column) {
        case 0:
            return ageText(a.createdAt, now());
        case 1:
            return a.agent;
        case 2:
            return capitalised(a.actionType);
        case 3:
            return capitalised(a.status);
        case 4:
            return a.error;
        case 5:
            return a.durationMs ? QObject::tr("%1 ms").arg(locale.toString(*a.durationMs)) : QString();
        }
        break;
    }
    }
    return {};
}

QVariant DashboardTableModel::sortValue(int row, int column) const
{
    switch (m_kind) {
    case Kind::Health: {
        const TenantHealth& h = m_health[row];
        switch (column) {
        case 1:
            return h.events;
        case 2:
            return h.unprocessedEvents;
        case 3:
            return h.lastEventAt;
        case 4:
            return h.failedActionsLastHour ? QVariant(*h.failedActionsLastHour) : QVariant();
        case 5:
            return h.agentSuccessRate ? QVariant(*h.agentSuccessRate) : QVariant();
        default:
            return display(row, column);
        }
    }
    case Kind::Records:
        if (column == 0)
            return m_records[row].createdAt;
        if (column == 5)
            return m_records[row].amount ? QVariant(*m_records[row].amount) : QVariant();
        return display(row, column);
    case Kind::Contacts:
        return column == 0 ? QVariant(m_contacts[row].createdAt) : display(row, column);
    case Kind::AgentActions:
        if (column == 0)
            return m_actions[row].createdAt;
        if (column == 5)
            return m_actions[row].durationMs ? QVariant(*m_actions[row].durationMs) : QVariant();
        return display(row, column);
    }
    return {};
}

DashboardTableModel::Tone DashboardTableModel::tone(int row, int column) const
{
    switch (m_kind) {
    case Kind::Health: {
        const TenantHealth& h = m_health[row];
        if (h.status != QLatin1String("active"))
            return Tone::Neutral; // an inactive tenant is expected to be quiet
        if (column == 3) {
            if (!h.lastEventAt.isValid())
                return Tone::Bad;
            const qint64 age = h.lastEventAt.secsTo(now());
            return age > kStaleBadSeconds ? Tone::Bad : age > kStaleWarnSeconds ? Tone::Warn : Tone::Good;
        }
        if (column == 4 && h.failedActionsLastHour)
            return *h.failedActionsLastHour > 0 ? Tone::Bad : Tone::Good;
        if (column == 5 && h.agentSuccessRate)
            return *h.agentSuccessRate < kSuccessBadPercent    ? Tone::Bad
                   : *h.agentSuccessRate < kSuccessWarnPercent ? Tone::Warn
                                                               : Tone::Good;
        return Tone::Neutral;
    }
    case Kind::AgentActions:
        if (column == 3) {
            const QString& s = m_actions[row].status;
            return s == QLatin1String("failed")      ? Tone::Bad
                   : s == QLatin1String("escalated") ? Tone::Warn
                                                     : Tone::Good;
        }
        return Tone::Neutral;
    case Kind::Records:
    case Kind::Contacts:
        return Tone::Neutral;
    }
    return Tone::Neutral;
}

QString DashboardTableModel::rowId(int row) const
{
    switch (m_kind) {
    case Kind::Health:
        return m_health[row].tenantId;
    case Kind::Records:
        return m_records[row].id;
    case Kind::Contacts:
        return m_contacts[row].id;
    case Kind::AgentActions:
        return m_actions[row].id;
    }
    return {};
}

} // namespace opsdeck::clients
