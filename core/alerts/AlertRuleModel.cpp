#include "AlertRuleModel.h"

namespace opsdeck::alerts {

AlertRuleModel::AlertRuleModel(QObject* parent) : QAbstractTableModel(parent) {}

void AlertRuleModel::setRules(const QList<AlertRule>& rules)
{
    beginResetModel();
    m_rules = rules;
    endResetModel();
}

int AlertRuleModel::rowOf(const QString& id) const
{
    for (int i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i].id == id)
            return i;
    }
    return -1;
}

int AlertRuleModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

int AlertRuleModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertRuleModel::channelsText(const QStringList& channels)
{
    QStringList words;
    for (const QString& c : channels) {
        if (c == QLatin1String("in_app"))
            words << tr("in-app");
        else if (c == QLatin1String("sms"))
            words << tr("SMS");
        else
            words << c;
    }
    QString text = words.join(QStringLiteral(", "));
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

QString AlertRuleModel::assignText(const QString& assignTo)
{
    if (assignTo == QLatin1String("assignee_or_broadcast"))
        return tr("Assignee, else everyone");
    if (assignTo == QLatin1String("broadcast"))
        return tr("Everyone");
    if (assignTo == QLatin1String("managers"))
        return tr("Managers");
    return assignTo;
}

QVariant AlertRuleModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rules.size() || index.column() >= ColumnCount)
        return {};
    const AlertRule& r = m_rules[index.row()];
    if (role == Qt::ToolTipRole)
        return r.description;
    if (role == Qt::UserRole)
        return r.id;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return r.name;
    case TypeColumn:
        return typeDisplayName(r.type);
    case EnabledColumn:
        return r.enabled ? tr("Enabled") : tr("Disabled");
    case ThresholdsColumn:
        return thresholdsText(r);
    case SeverityColumn: {
        QString s = r.severity();
        if (!s.isEmpty())
            s[0] = s[0].toUpper();
        return s;
    }
    case ChannelsColumn:
        return channelsText(r.channels());
    case AssignColumn:
        return assignText(r.assignTo());
    case FlappingColumn:
        return r.flapping ? tr("Flapping") : QStringLiteral("—");
    case EvaluatedColumn:
        return r.lastEvaluatedAt.isValid()
                   ? r.lastEvaluatedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                   : tr("Never");
    default:
        return {};
    }
}

QVariant AlertRuleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Rule");
    case TypeColumn:
        return tr("Type");
    case EnabledColumn:
        return tr("State");
    case ThresholdsColumn:
        return tr("Thresholds");
    case SeverityColumn:
        return tr("Severity");
    case ChannelsColumn:
        return tr("Channels");
    case AssignColumn:
        return tr("Goes to");
    case FlappingColumn:
        return tr("Flapping");
    case EvaluatedColumn:
        return tr("Last evaluated");
    default:
        return {};
    }
}

} // namespace opsdeck::alerts
