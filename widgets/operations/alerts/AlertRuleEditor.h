#pragma once

#include "alerts/AlertTypes.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPushButton;

namespace opsdeck::widgets::operations {

// The thresholds and channels of one alert rule. Editable for holders of ops.alerts.manage_rules,
// read-only otherwise. It does not check ranges itself: the database validates every rule and its
// refusal (SQLSTATE 22023, in words) is what the person sees, so the client never disagrees with
// the server about what is allowed. Unsaved edits survive a reload of the same rule.
class AlertRuleEditor : public QWidget
{
    Q_OBJECT

public:
    explicit AlertRuleEditor(QWidget* parent = nullptr);

    // Shows `rule`; keeps the edits in progress when it is the rule being edited.
    void setRule(const alerts::AlertRule& rule, bool editable);
    void clear();
    bool hasRule() const { return !m_rule.id.isEmpty(); }
    const alerts::AlertRule& rule() const { return m_rule; }
    bool isEditable() const { return m_editable; }
    bool isDirty() const { return m_dirty; }
    void setBusy(bool busy);

    // What would be saved.
    bool enabled() const;
    QJsonObject conditions() const;
    QJsonObject config() const;

    // The saved state is now the database's: edits are no longer pending.
    void markSaved();

    QDoubleSpinBox* numberField(const QString& conditionKey) const { return m_numbers.value(conditionKey); }
    QCheckBox* channelBox(const QString& channel) const { return m_channels.value(channel); }
    QCheckBox* enabledBox() const { return m_enabled; }
    QComboBox* severityCombo() const { return m_severity; }
    QComboBox* assignCombo() const { return m_assign; }
    QPushButton* saveButton() const { return m_save; }
    QPushButton* revertButton() const { return m_revert; }
    QLabel* readOnlyNote() const { return m_readOnly; }

Q_SIGNALS:
    void saveRequested();

private:
    void rebuildFields();
    void load(const alerts::AlertRule& rule);
    void setDirty();
    void updateControls();

    alerts::AlertRule m_rule;
    bool m_editable = false;
    bool m_dirty = false;
    bool m_busy = false;
    bool m_loading = false;

    QLabel* m_title = nullptr;
    QLabel* m_description = nullptr;
    QCheckBox* m_enabled = nullptr;
    QFormLayout* m_form = nullptr;
    QHash<QString, QDoubleSpinBox*> m_numbers;
    QHash<QString, QCheckBox*> m_kinds; // complaint / refund of applies_to
    QComboBox* m_priority = nullptr;
    QComboBox* m_severity = nullptr;
    QComboBox* m_assign = nullptr;
    QHash<QString, QCheckBox*> m_channels;
    QList<QWidget*> m_fieldWidgets; // rebuilt per rule type
    QLabel* m_readOnly = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_revert = nullptr;
};

} // namespace opsdeck::widgets::operations
