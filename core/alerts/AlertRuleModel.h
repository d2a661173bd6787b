#pragma once

#include "AlertTypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace opsdeck::alerts {

// The alert rules as a read-only table: one row per rule. Editing happens in the panel's editor,
// which saves through AlertRepository and reloads.
class AlertRuleModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        TypeColumn,
        EnabledColumn,
        ThresholdsColumn,
        SeverityColumn,
        ChannelsColumn,
        AssignColumn,
        FlappingColumn,
        EvaluatedColumn,
        ColumnCount,
    };

    explicit AlertRuleModel(QObject* parent = nullptr);

    void setRules(const QList<AlertRule>& rules);
    const QList<AlertRule>& rules() const { return m_rules; }
    // The row of rule `id`, or -1.
    int rowOf(const QString& id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "In-app, email" for a channel list; "Assignee, else everyone" for assign_to.
    static QString channelsText(const QStringList& channels);
    static QString assignText(const QString& assignTo);

private:
    QList<AlertRule> m_rules;
};

} // namespace opsdeck::alerts
