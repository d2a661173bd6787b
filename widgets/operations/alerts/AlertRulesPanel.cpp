#include "AlertRulesPanel.h"

#include "AlertRuleEditor.h"
#include "alerts/AlertRepository.h"
#include "alerts/AlertRuleModel.h"
#include "alerts/AlertSubscriptionModel.h"
#include "common/MessageBox.h"
#include "common/StatusColors.h"
#include "db/Connection.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck::widgets::operations {
namespace {

const QString kViewPermission = QStringLiteral("ops.alerts.view");
const QString kManagePermission = QStringLiteral("ops.alerts.manage_rules");

QTableView* tableView(QAbstractItemModel* model, const QString& name, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QString localTime(const QDateTime& t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

bool AlertRulesPanel::availableTo(const auth::StaffIdentity& staff)
{
    return staff.has(kViewPermission);
}

AlertRulesPanel::AlertRulesPanel(session::Session& session, QWidget* parent)
    : Panel(session, QStringLiteral("alert-rules"), tr("Alert rules"), parent)
{
    setFollowsTenantScope(false); // rules and subscriptions are installation-wide
    watchTables({QStringLiteral("alert_rules"), QStringLiteral("alert_subscriptions")});

    m_rules = new alerts::AlertRuleModel(this);
    m_subscriptions = new alerts::AlertSubscriptionModel(this);

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    m_evaluator = new QLabel(content);
    m_evaluator->setObjectName(QStringLiteral("alertEvaluatorState"));
    applyTone(m_evaluator, Tone::Neutral);
    layout->addWidget(m_evaluator);

    auto* split = new QSplitter(Qt::Vertical, content);
    m_ruleView = tableView(m_rules, QStringLiteral("alertRulesTable"), split);
    split->addWidget(m_ruleView);

    auto* lower = new QWidget(split);
    auto* lowerLayout = new QHBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    auto* editorBox = new QGroupBox(tr("Rule"), lower);
    auto* editorLayout = new QVBoxLayout(editorBox);
    m_editor = new AlertRuleEditor(editorBox);
    editorLayout->addWidget(m_editor);
    lowerLayout->addWidget(editorBox, 3);

    auto* subsBox = new QGroupBox(tr("My subscriptions"), lower);
    auto* subsLayout = new QVBoxLayout(subsBox);
    auto* subsNote =
        new QLabel(tr("Which alerts reach you, and how. Email and SMS go through the company's own "
                      "connections, to the address and mobile number of your staff record."),
                   subsBox);
    subsNote->setWordWrap(true);
    applyTone(subsNote, Tone::Neutral);
    subsLayout->addWidget(subsNote);
    m_subscriptionView = tableView(m_subscriptions, QStringLiteral("alertSubscriptionsTable"), subsBox);
    subsLayout->addWidget(m_subscriptionView, 1);
    lowerLayout->addWidget(subsBox, 2);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    setContentWidget(content);

    connect(m_ruleView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_ruleView->selectionModel()->selectedRows();
        m_selectedId = rows.isEmpty() ? QString() : m_rules->rules().value(rows.first().row()).id;
        showSelected();
    });
    connect(m_editor, &AlertRuleEditor::saveRequested, this, &AlertRulesPanel::saveRule);
    connect(m_subscriptions, &alerts::AlertSubscriptionModel::changeRequested, this,
            &AlertRulesPanel::saveSubscription);
}

bool AlertRulesPanel::canManageRules() const
{
    return session().staff().has(kManagePermission);
}

void AlertRulesPanel::fetch()
{
    db::DbPool& pool = session().pool();
    load(pool.run([](db::Connection& c) { return alerts::AlertRepository::rules(c); }),
         [this](const QList<alerts::AlertRule>& rules) {
             const QString keep = m_selectedId;
             m_rules->setRules(rules);
             m_ruleView->resizeColumnsToContents();
             const int row = m_rules->rowOf(keep);
             if (row >= 0)
                 m_ruleView->selectRow(row); // showSelected() follows the selection
             else if (!rules.isEmpty() && keep.isEmpty())
                 m_ruleView->selectRow(0);
             else
                 showSelected();
             if (rules.isEmpty())
                 showEmpty(tr("No alert rules"));
         });
    load(pool.run([](db::Connection& c) { return alerts::AlertRepository::mySubscriptions(c); }),
         [this](const QList<alerts::AlertSubscription>& subscriptions) {
             m_subscriptions->setSubscriptions(subscriptions, session().staff().has(kViewPermission));
             m_subscriptionView->resizeColumnsToContents();
         });
    load(
        pool.run([](db::Connection& c) { return alerts::AlertRepository::evaluatorState(c); }),
        [this](const alerts::EvaluatorState& s) {
            m_evaluator->setText(
                s.lastStartedAt.isValid()
                    ? tr("Last evaluation %1 by engine %2 (%3 cycles so far)")
                          .arg(localTime(s.lastStartedAt), s.lastEngine.left(8))
                          .arg(s.cycles)
                    : tr("No engine has evaluated the rules yet: an opsdeck-worker or console with the alert "
                         "evaluator (engines.run) does."));
        });
}

bool AlertRulesPanel::selectRuleType(const QString& ruleType)
{
    const auto& rules = m_rules->rules();
    for (int i = 0; i < rules.size(); ++i) {
        if (rules[i].type == ruleType) {
            m_ruleView->selectRow(i);
            return true;
        }
    }
    return false;
}

void AlertRulesPanel::showSelected()
{
    const int row = m_rules->rowOf(m_selectedId);
    if (row < 0) {
        m_editor->clear();
        return;
    }
    m_editor->setRule(m_rules->rules().at(row), canManageRules());
}

void AlertRulesPanel::saveRule()
{
    if (!m_editor->hasRule() || !canManageRules())
        return;
    const QString id = m_editor->rule().id;
    const bool enabled = m_editor->enabled();
    const QJsonObject conditions = m_editor->conditions();
    const QJsonObject config = m_editor->config();
    m_editor->setBusy(true);
    session()
        .pool()
        .run([id, enabled, conditions, config](db::Connection& c) {
            alerts::AlertRepository::saveRule(c, id, enabled, conditions, config);
            return true;
        })
        .then(this, [this, id](const db::DbResult<bool>& r) {
            m_editor->setBusy(false);
            if (r.ok()) {
                m_editor->markSaved();
                Q_EMIT ruleSaved(id);
                refresh();
                return;
            }
            const QString message = r.error().text();
            Q_EMIT ruleRefused(message);
            MessageBox::warning(this, tr("Rule not saved"), message);
        });
}

void AlertRulesPanel::saveSubscription(const alerts::AlertSubscription& wanted)
{
    session()
        .pool()
        .run([wanted](db::Connection& c) {
            alerts::AlertRepository::saveMySubscription(c, wanted);
            return true;
        })
        .then(this, [this, wanted](const db::DbResult<bool>& r) {
            if (r.ok()) {
                alerts::AlertSubscription stored = wanted;
                stored.stored = true;
                m_subscriptions->setSubscription(stored);
                Q_EMIT subscriptionSaved(wanted.alertType);
                return;
            }
            const QString message = r.error().text();
            Q_EMIT subscriptionRefused(message);
            MessageBox::warning(this, tr("Subscription not changed"), message);
        });
}

} // namespace opsdeck::widgets::operations
