#pragma once

#include "alerts/AlertTypes.h"
#include "common/Panel.h"

class QLabel;
class QTableView;

namespace opsdeck::alerts {
class AlertRuleModel;
class AlertSubscriptionModel;
} // namespace opsdeck::alerts

namespace opsdeck::widgets::operations {

class AlertRuleEditor;

// Operations → Alert rules: every rule with its type, state, thresholds, channels, audience,
// flapping and last evaluation; an editor for the selected rule (holders of ops.alerts.manage_rules;
// read-only for everyone else); and the signed-in staff member's own subscriptions (alert type ×
// in-app / email / SMS), which any holder of ops.alerts.view may change for themselves. Every change
// goes through core on the pool; the database checks the permission and the values, and its refusal
// is shown in its own words while the panel keeps what it had.
class AlertRulesPanel : public Panel
{
    Q_OBJECT

public:
    explicit AlertRulesPanel(session::Session& session, QWidget* parent = nullptr);

    // Whether `staff` may open the panel at all.
    static bool availableTo(const auth::StaffIdentity& staff);

    alerts::AlertRuleModel* ruleModel() const { return m_rules; }
    alerts::AlertSubscriptionModel* subscriptionModel() const { return m_subscriptions; }
    QTableView* ruleView() const { return m_ruleView; }
    QTableView* subscriptionView() const { return m_subscriptionView; }
    AlertRuleEditor* editor() const { return m_editor; }
    QLabel* evaluatorLabel() const { return m_evaluator; }
    bool canManageRules() const;

    // Selects the rule of `ruleType` and shows it in the editor; false when it is not listed.
    bool selectRuleType(const QString& ruleType);

public Q_SLOTS:
    void saveRule();

Q_SIGNALS:
    void ruleSaved(const QString& ruleId);
    void ruleRefused(const QString& message);
    void subscriptionSaved(const QString& alertType);
    void subscriptionRefused(const QString& message);

protected:
    void fetch() override;

private:
    void showSelected();
    void saveSubscription(const alerts::AlertSubscription& subscription);

    alerts::AlertRuleModel* m_rules = nullptr;
    alerts::AlertSubscriptionModel* m_subscriptions = nullptr;
    QTableView* m_ruleView = nullptr;
    QTableView* m_subscriptionView = nullptr;
    AlertRuleEditor* m_editor = nullptr;
    QLabel* m_evaluator = nullptr;
    QString m_selectedId;
};

} // namespace opsdeck::widgets::operations
