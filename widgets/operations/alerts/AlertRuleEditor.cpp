#include "AlertRuleEditor.h"

#include "alerts/AlertRuleModel.h"
#include "common/StatusColors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace opsdeck::widgets::operations {
namespace {

bool isComplaintRule(const QString& type)
{
    return type == QLatin1String("sla_breach") || type == QLatin1String("sla_at_risk") ||
           type == QLatin1String("critical_complaint");
}

QString channelLabel(const QString& channel)
{
    if (channel == QLatin1String("in_app"))
        return AlertRuleEditor::tr("In-app");
    if (channel == QLatin1String("email"))
        return AlertRuleEditor::tr("Email");
    return AlertRuleEditor::tr("SMS");
}

} // namespace

AlertRuleEditor::AlertRuleEditor(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("alertRuleEditor"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("alertRuleTitle"));
    QFont tf = m_title->font();
    tf.setBold(true);
    m_title->setFont(tf);
    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    applyTone(m_description, Tone::Neutral);
    m_enabled = new QCheckBox(tr("Enabled"), this);
    m_enabled->setObjectName(QStringLiteral("alertRuleEnabled"));
    connect(m_enabled, &QCheckBox::toggled, this, &AlertRuleEditor::setDirty);
    layout->addWidget(m_title);
    layout->addWidget(m_description);
    layout->addWidget(m_enabled);

    m_form = new QFormLayout();
    layout->addLayout(m_form);

    auto* fixed = new QFormLayout();
    m_severity = new QComboBox(this);
    m_severity->setObjectName(QStringLiteral("alertRuleSeverity"));
    for (const QString& s : {QStringLiteral("critical"), QStringLiteral("warning"), QStringLiteral("info")}) {
        QString label = s;
        label[0] = label[0].toUpper();
        m_severity->addItem(label, s);
    }
    connect(m_severity, &QComboBox::currentIndexChanged, this, &AlertRuleEditor::setDirty);
    fixed->addRow(tr("Severity"), m_severity);
    m_assign = new QComboBox(this);
    m_assign->setObjectName(QStringLiteral("alertRuleAssign"));
    connect(m_assign, &QComboBox::currentIndexChanged, this, &AlertRuleEditor::setDirty);
    fixed->addRow(tr("Goes to"), m_assign);
    auto* channels = new QHBoxLayout();
    for (const QString& c : alerts::allChannels()) {
        auto* box = new QCheckBox(channelLabel(c), this);
        box->setObjectName(QStringLiteral("alertRuleChannel_") + c);
        connect(box, &QCheckBox::toggled, this, &AlertRuleEditor::setDirty);
        m_channels.insert(c, box);
        channels->addWidget(box);
    }
    channels->addStretch(1);
    fixed->addRow(tr("Channels"), channels);
    layout->addLayout(fixed);

    m_readOnly =
        new QLabel(tr("Read-only: changing alert rules needs the ops.alerts.manage_rules permission."), this);
    m_readOnly->setObjectName(QStringLiteral("alertRuleReadOnly"));
    m_readOnly->setWordWrap(true);
    applyTone(m_readOnly, Tone::Neutral);
    layout->addWidget(m_readOnly);

    auto* buttons = new QHBoxLayout();
    buttons->addStretch(1);
    m_revert = new QPushButton(tr("Revert"), this);
    m_revert->setObjectName(QStringLiteral("alertRuleRevert"));
    m_save = new QPushButton(tr("Save"), this);
    m_save->setObjectName(QStringLiteral("alertRuleSave"));
    m_save->setDefault(true);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    layout->addLayout(buttons);
    layout->addStretch(1);
    connect(m_save, &QPushButton::clicked, this, &AlertRuleEditor::saveRequested);
    connect(m_revert, &QPushButton::clicked, this, [this] { load(m_rule); });

    clear();
}

void AlertRuleEditor::clear()
{
    m_rule = {};
    m_dirty = false;
    m_title->setText(tr("Select a rule"));
    m_description->clear();
    rebuildFields();
    updateControls();
}

void AlertRuleEditor::setRule(const alerts::AlertRule& rule, bool editable)
{
    m_editable = editable;
    if (rule.id == m_rule.id && m_dirty && editable) {
        m_rule = rule; // a reload while editing: the person's edits stay
        updateControls();
        return;
    }
    const bool sameType = rule.type == m_rule.type;
    m_rule = rule;
    if (!sameType)
        rebuildFields();
    load(rule);
}

void AlertRuleEditor::rebuildFields()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_numbers.clear();
    m_kinds.clear();
    m_priority = nullptr;
    m_fieldWidgets.clear();
    for (const alerts::ConditionField& f : alerts::conditionFields(m_rule.type)) {
        switch (f.kind) {
        case alerts::ConditionField::Kind::Number: {
            auto* spin = new QDoubleSpinBox(this);
            spin->setObjectName(QStringLiteral("condition_") + f.key);
            spin->setDecimals(f.whole ? 0 : 2);
            spin->setRange(-1e6, 1e7); // the database says what is allowed
            if (!f.unit.isEmpty())
                spin->setSuffix(QLatin1Char(' ') + f.unit);
            connect(spin, &QDoubleSpinBox::valueChanged, this, &AlertRuleEditor::setDirty);
            m_numbers.insert(f.key, spin);
            m_fieldWidgets << spin;
            m_form->addRow(f.label, spin);
            break;
        }
        case alerts::ConditionField::Kind::ComplaintKinds: {
            auto* row = new QWidget(this);
            auto* h = new QHBoxLayout(row);
            h->setContentsMargins(0, 0, 0, 0);
            for (const QString& k : {QStringLiteral("complaint"), QStringLiteral("refund")}) {
                auto* box =
                    new QCheckBox(k == QLatin1String("complaint") ? tr("Complaints") : tr("Refunds"), row);
                box->setObjectName(QStringLiteral("condition_applies_to_") + k);
                connect(box, &QCheckBox::toggled, this, &AlertRuleEditor::setDirty);
                m_kinds.insert(k, box);
                m_fieldWidgets << box;
                h->addWidget(box);
            }
            h->addStretch(1);
            m_form->addRow(f.label, row);
            break;
        }
        case alerts::ConditionField::Kind::Priority:
            m_priority = new QComboBox(this);
            m_priority->setObjectName(QStringLiteral("condition_priority"));
            for (const QString& p : {QStringLiteral("critical"), QStringLiteral("high"),
                                     QStringLiteral("medium"), QStringLiteral("low")})
                m_priority->addItem(p, p);
            connect(m_priority, &QComboBox::currentIndexChanged, this, &AlertRuleEditor::setDirty);
            m_fieldWidgets << m_priority;
            m_form->addRow(f.label, m_priority);
            break;
        }
    }
    const QSignalBlocker block(m_assign);
    m_assign->clear();
    QStringList choices = {QStringLiteral("broadcast"), QStringLiteral("managers")};
    if (isComplaintRule(m_rule.type))
        choices.prepend(QStringLiteral("assignee_or_broadcast"));
    for (const QString& c : choices)
        m_assign->addItem(alerts::AlertRuleModel::assignText(c), c);
}

void AlertRuleEditor::load(const alerts::AlertRule& rule)
{
    m_loading = true;
    m_title->setText(rule.name.isEmpty() ? tr("Select a rule") : rule.name);
    m_description->setText(rule.description);
    m_enabled->setChecked(rule.enabled);
    for (auto it = m_numbers.begin(); it != m_numbers.end(); ++it)
        it.value()->setValue(rule.conditions.value(it.key()).toDouble());
    const QJsonArray kinds = rule.conditions.value(QStringLiteral("applies_to")).toArray();
    for (auto it = m_kinds.begin(); it != m_kinds.end(); ++it)
        it.value()->setChecked(kinds.contains(it.key()));
    if (m_priority)
        m_priority->setCurrentIndex(
            qMax(0, m_priority->findData(rule.conditions.value(QStringLiteral("priority")).toString())));
    m_severity->setCurrentIndex(qMax(0, m_severity->findData(rule.severity())));
    int assign = m_assign->findData(rule.assignTo());
    if (assign < 0 && !rule.assignTo().isEmpty()) { // stored before the choices changed: show it as is
        m_assign->addItem(rule.assignTo(), rule.assignTo());
        assign = m_assign->count() - 1;
    }
    m_assign->setCurrentIndex(qMax(0, assign));
    const QStringList channels = rule.channels();
    for (auto it = m_channels.begin(); it != m_channels.end(); ++it)
        it.value()->setChecked(channels.contains(it.key()));
    m_loading = false;
    m_dirty = false;
    updateControls();
}

bool AlertRuleEditor::enabled() const
{
    return m_enabled->isChecked();
}

QJsonObject AlertRuleEditor::conditions() const
{
    QJsonObject c = m_rule.conditions;
    for (const alerts::ConditionField& f : alerts::conditionFields(m_rule.type)) {
        switch (f.kind) {
        case alerts::ConditionField::Kind::Number: {
            const double v = m_numbers.value(f.key)->value();
            c.insert(f.key, f.whole ? QJsonValue(qint64(qRound64(v))) : QJsonValue(v));
            break;
        }
        case alerts::ConditionField::Kind::ComplaintKinds: {
            QJsonArray kinds;
            for (const QString& k : {QStringLiteral("complaint"), QStringLiteral("refund")}) {
                if (m_kinds.value(k)->isChecked())
                    kinds.append(k);
            }
            c.insert(f.key, kinds);
            break;
        }
        case alerts::ConditionField::Kind::Priority:
            c.insert(f.key, m_priority->currentData().toString());
            break;
        }
    }
    return c;
}

QJsonObject AlertRuleEditor::config() const
{
    QJsonObject c = m_rule.config; // keeps settings the editor does not show (flap_*)
    c.insert(QStringLiteral("severity"), m_severity->currentData().toString());
    c.insert(QStringLiteral("assign_to"), m_assign->currentData().toString());
    QJsonArray channels;
    for (const QString& ch : alerts::allChannels()) {
        if (m_channels.value(ch)->isChecked())
            channels.append(ch);
    }
    c.insert(QStringLiteral("channels"), channels);
    return c;
}

void AlertRuleEditor::markSaved()
{
    m_dirty = false;
    updateControls();
}

void AlertRuleEditor::setBusy(bool busy)
{
    m_busy = busy;
    updateControls();
}

void AlertRuleEditor::setDirty()
{
    if (m_loading)
        return;
    m_dirty = true;
    updateControls();
}

void AlertRuleEditor::updateControls()
{
    const bool edit = m_editable && hasRule() && !m_busy;
    QList<QWidget*> inputs = m_fieldWidgets;
    inputs << m_enabled << m_severity << m_assign;
    for (QCheckBox* box : std::as_const(m_channels))
        inputs << box;
    for (QWidget* w : inputs)
        w->setEnabled(edit);
    m_save->setVisible(m_editable);
    m_revert->setVisible(m_editable);
    m_save->setEnabled(edit && m_dirty);
    m_revert->setEnabled(edit && m_dirty);
    m_readOnly->setVisible(!m_editable && hasRule());
}

} // namespace opsdeck::widgets::operations
