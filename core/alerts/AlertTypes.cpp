#include "AlertTypes.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace opsdeck::alerts {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("opsdeck::alerts", text);
}

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

} // namespace

const QStringList& allChannels()
{
    static const QStringList channels = {QStringLiteral("in_app"), QStringLiteral("email"),
                                         QStringLiteral("sms")};
    return channels;
}

QString AlertRule::severity() const
{
    return config.value(QStringLiteral("severity")).toString();
}

QStringList AlertRule::channels() const
{
    QStringList list;
    for (const QJsonValue& v : config.value(QStringLiteral("channels")).toArray())
        list << v.toString();
    return list;
}

QString AlertRule::assignTo() const
{
    return config.value(QStringLiteral("assign_to")).toString();
}

QList<ConditionField> conditionFields(const QString& type)
{
    using K = ConditionField::Kind;
    if (type == QLatin1String("sla_breach") || type == QLatin1String("sla_at_risk"))
        return {{QStringLiteral("applies_to"), tr("Applies to"), QString(), K::ComplaintKinds, true}};
    if (type == QLatin1String("critical_complaint"))
        return {{QStringLiteral("priority"), tr("Priority"), QString(), K::Priority, true}};
    if (type == QLatin1String("high_workload"))
        return {{QStringLiteral("max_open_items_per_staff"), tr("More open items per staff member than"),
                 tr("items"), K::Number, true}};
    if (type == QLatin1String("error_rate"))
        return {{QStringLiteral("threshold_percent"), tr("5xx share above"), QStringLiteral("%"), K::Number,
                 false},
                {QStringLiteral("window_minutes"), tr("Window"), tr("min"), K::Number, true},
                {QStringLiteral("min_requests"), tr("At least"), tr("requests"), K::Number, true}};
    if (type == QLatin1String("pipeline_stale"))
        return {{QStringLiteral("max_hours_since_success"), tr("No successful run for"), tr("h"), K::Number,
                 false}};
    if (type == QLatin1String("outbound_failures"))
        return {{QStringLiteral("min_failed"), tr("Failed items, at least"), QString(), K::Number, true},
                {QStringLiteral("window_minutes"), tr("Window"), tr("min"), K::Number, true}};
    return {};
}

QString thresholdsText(const AlertRule& rule)
{
    QStringList parts;
    for (const ConditionField& f : conditionFields(rule.type)) {
        const QJsonValue v = rule.conditions.value(f.key);
        QString value;
        if (f.kind == ConditionField::Kind::ComplaintKinds) {
            QStringList kinds;
            for (const QJsonValue& k : v.toArray())
                kinds << k.toString();
            value = kinds.join(QStringLiteral(", "));
        } else if (f.kind == ConditionField::Kind::Priority) {
            value = v.toString();
        } else if (v.isDouble()) {
            value = number(v.toDouble()) + (f.unit.isEmpty() ? QString() : QLatin1Char(' ') + f.unit);
        }
        if (!value.isEmpty())
            parts << f.label.toLower() + QLatin1Char(' ') + value;
    }
    QString text = parts.join(QStringLiteral(", "));
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

QString typeDisplayName(const QString& type)
{
    static const QList<QPair<QString, const char*>> names = {
        {QStringLiteral("sla_breach"), "SLA breach"},
        {QStringLiteral("sla_at_risk"), "SLA at risk"},
        {QStringLiteral("critical_complaint"), "Critical complaint"},
        {QStringLiteral("high_workload"), "High workload"},
        {QStringLiteral("error_rate"), "Error rate"},
        {QStringLiteral("pipeline_stale"), "Pipeline stale"},
        {QStringLiteral("outbound_failures"), "Outbound failures"},
    };
    for (const auto& n : names) {
        if (n.first == type)
            return tr(n.second);
    }
    return type;
}

int CycleResult::total(const QString& key) const
{
    return totals.value(key).toInt();
}

int CycleResult::ruleCount(const QString& ruleType, const QString& key) const
{
    return rules.value(ruleType).toObject().value(key).toInt();
}

CycleResult CycleResult::fromJson(const QJsonObject& json)
{
    CycleResult r;
    r.ran = json.value(QStringLiteral("ran")).toBool();
    r.reason = json.value(QStringLiteral("reason")).toString();
    r.cycle = json.value(QStringLiteral("cycle")).toInteger();
    r.forced = json.value(QStringLiteral("forced")).toBool();
    r.nextDueAt =
        QDateTime::fromString(json.value(QStringLiteral("next_due_at")).toString(), Qt::ISODateWithMs);
    r.durationMs = json.value(QStringLiteral("duration_ms")).toInt();
    r.totals = json.value(QStringLiteral("totals")).toObject();
    r.rules = json.value(QStringLiteral("rules")).toObject();
    return r;
}

} // namespace opsdeck::alerts
