#include "AnalyticsSummary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <cmath>

namespace opsdeck::clients {

QString rangeCode(Range range)
{
    switch (range) {
    case Range::Day:
        return QStringLiteral("1d");
    case Range::Week:
        return QStringLiteral("7d");
    case Range::Month:
        return QStringLiteral("30d");
    }
    return QStringLiteral("7d");
}

QString rangeLabel(Range range)
{
    switch (range) {
    case Range::Day:
        return QStringLiteral("1 d");
    case Range::Week:
        return QStringLiteral("7 d");
    case Range::Month:
        return QStringLiteral("30 d");
    }
    return QStringLiteral("7 d");
}

qint64 EventSeries::total() const
{
    qint64 sum = 0;
    for (qint64 n : counts)
        sum += n;
    return sum;
}

QString AnalyticsSummary::tenantName(const QString& tenantId) const
{
    for (const SummaryTenant& t : tenants) {
        if (t.id == tenantId)
            return t.name;
    }
    return tenantId;
}

namespace {

// Readers that name the field they refuse ("health[2].events is not a number").
[[noreturn]] void fail(const QString& path, const QString& problem)
{
    throw SummaryParseError(
        QStringLiteral("The dashboard summary is not valid: %1 %2").arg(path, problem).toStdString());
}

QJsonValue field(const QJsonObject& o, const QString& path, const QString& key)
{
    if (!o.contains(key))
        fail(path + QLatin1Char('.') + key, QStringLiteral("is missing"));
    return o.value(key);
}

QString sub(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString text(const QJsonObject& o, const QString& path, const QString& key, bool nullable = false)
{
    const QJsonValue v = field(o, path, key);
    if (v.isNull() && nullable)
        return {};
    if (!v.isString())
        fail(sub(path, key), QStringLiteral("is not a string"));
    return v.toString();
}

double number(const QJsonValue& v, const QString& path)
{
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        fail(path, QStringLiteral("is not a number"));
    return v.toDouble();
}

qint64 count(const QJsonValue& v, const QString& path)
{
    const double d = number(v, path);
    if (d < 0 || d != std::floor(d) || d > 9e15)
        fail(path, QStringLiteral("is not a count"));
    return qint64(d);
}

qint64 countField(const QJsonObject& o, const QString& path, const QString& key)
{
    return count(field(o, path, key), sub(path, key));
}

std::optional<qint64> optionalCount(const QJsonObject& o, const QString& path, const QString& key)
{
    const QJsonValue v = field(o, path, key);
    if (v.isNull())
        return std::nullopt;
    return count(v, sub(path, key));
}

QDateTime timestamp(const QJsonValue& v, const QString& path, bool nullable = false)
{
    if (v.isNull() && nullable)
        return {};
    const QDateTime t = v.isString() ? QDateTime::fromString(v.toString(), Qt::ISODateWithMs) : QDateTime();
    if (!t.isValid())
        fail(path, QStringLiteral("is not a timestamp"));
    return t.toUTC();
}

QDateTime timeField(const QJsonObject& o, const QString& path, const QString& key, bool nullable = false)
{
    return timestamp(field(o, path, key), sub(path, key), nullable);
}

QJsonObject object(const QJsonValue& v, const QString& path)
{
    if (!v.isObject())
        fail(path, QStringLiteral("is not an object"));
    return v.toObject();
}

QJsonArray array(const QJsonValue& v, const QString& path)
{
    if (!v.isArray())
        fail(path, QStringLiteral("is not a list"));
    return v.toArray();
}

// A section that is null when the caller may not see it (or it does not apply).
template <typename T, typename F>
std::optional<T> optionalSection(const QJsonObject& o, const QString& key, F&& parse)
{
    const QJsonValue v = field(o, QString(), key);
    if (v.isNull())
        return std::nullopt;
    return parse(v, key);
}

template <typename T, typename F> QList<T> list(const QJsonValue& v, const QString& path, F&& parseItem)
{
    QList<T> out;
    const QJsonArray a = array(v, path);
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString p = QStringLiteral("%1[%2]").arg(path).arg(i);
        out << parseItem(object(a.at(i), p), p);
    }
    return out;
}

} // namespace

AnalyticsSummary parseAnalyticsSummary(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        throw SummaryParseError(QStringLiteral("The dashboard summary is not valid JSON: %1 at offset %2")
                                    .arg(error.errorString())
                                    .arg(error.offset)
                                    .toStdString());
    if (!doc.isObject())
        fail(QStringLiteral("the document"), QStringLiteral("is not an object"));
    const QJsonObject root = doc.object();

    AnalyticsSummary s;
    s.generatedAt = timeField(root, {}, QStringLiteral("generated_at"));
    s.range = text(root, {}, QStringLiteral("range"));
    if (s.range != QLatin1String("1d") && s.range != QLatin1String("7d") && s.range != QLatin1String("30d"))
        fail(QStringLiteral("range"), QStringLiteral("is not 1d, 7d or 30d"));
    s.siteId = text(root, {}, QStringLiteral("site_id"), true);
    s.from = timeField(root, {}, QStringLiteral("from"));
    const QString bucket = text(root, {}, QStringLiteral("bucket"));
    if (bucket != QLatin1String("hour") && bucket != QLatin1String("day"))
        fail(QStringLiteral("bucket"), QStringLiteral("is not hour or day"));
    s.hourly = bucket == QLatin1String("hour");

    s.tenants = list<SummaryTenant>(field(root, {}, QStringLiteral("tenants")), QStringLiteral("tenants"),
                                    [](const QJsonObject& o, const QString& p) {
                                        return SummaryTenant{text(o, p, QStringLiteral("id")),
                                                             text(o, p, QStringLiteral("name")),
                                                             text(o, p, QStringLiteral("slug")),
                                                             text(o, p, QStringLiteral("status")),
                                                             text(o, p, QStringLiteral("currency")),
                                                             text(o, p, QStringLiteral("brand_color"), true)};
                                    });

    const QJsonObject totals = object(field(root, {}, QStringLiteral("totals")), QStringLiteral("totals"));
    const QString tp = QStringLiteral("totals");
    s.contacts = optionalCount(totals, tp, QStringLiteral("contacts"));
    s.events = countField(totals, tp, QStringLiteral("events"));
    if (const QJsonValue v = field(totals, tp, QStringLiteral("agent_actions")); !v.isNull()) {
        const QString p = QStringLiteral("totals.agent_actions");
        const QJsonObject a = object(v, p);
        s.agentActions = AgentActionTotals{
            countField(a, p, QStringLiteral("total")), countField(a, p, QStringLiteral("success")),
            countField(a, p, QStringLiteral("failed")), countField(a, p, QStringLiteral("escalated"))};
    }
    if (const QJsonValue v = field(totals, tp, QStringLiteral("records_by_type")); !v.isNull()) {
        const QString p = QStringLiteral("totals.records_by_type");
        const QJsonObject r = object(v, p);
        QMap<QString, qint64> byType;
        for (auto it = r.begin(); it != r.end(); ++it)
            byType.insert(it.key(), count(it.value(), p + QLatin1Char('.') + it.key()));
        s.recordsByType = byType;
    }

    const QString ep = QStringLiteral("events_series");
    const QJsonObject series = object(field(root, {}, ep), ep);
    const QJsonArray buckets =
        array(field(series, ep, QStringLiteral("buckets")), ep + QStringLiteral(".buckets"));
    for (qsizetype i = 0; i < buckets.size(); ++i)
        s.buckets << timestamp(buckets.at(i), QStringLiteral("%1.buckets[%2]").arg(ep).arg(i));
    s.eventSeries = list<EventSeries>(
        field(series, ep, QStringLiteral("series")), ep + QStringLiteral(".series"),
        [&s](const QJsonObject& o, const QString& p) {
            EventSeries e{text(o, p, QStringLiteral("tenant_id")), text(o, p, QStringLiteral("name")), {}};
            const QJsonArray counts =
                array(field(o, p, QStringLiteral("counts")), p + QStringLiteral(".counts"));
            if (counts.size() != s.buckets.size())
                fail(p + QStringLiteral(".counts"), QStringLiteral("does not have one count per bucket"));
            for (qsizetype i = 0; i < counts.size(); ++i)
                e.counts << count(counts.at(i), QStringLiteral("%1.counts[%2]").arg(p).arg(i));
            return e;
        });

    s.health = list<TenantHealth>(
        field(root, {}, QStringLiteral("health")), QStringLiteral("health"),
        [](const QJsonObject& o, const QString& p) {
            TenantHealth h;
            h.tenantId = text(o, p, QStringLiteral("tenant_id"));
            h.name = text(o, p, QStringLiteral("name"));
            h.slug = text(o, p, QStringLiteral("slug"));
            h.status = text(o, p, QStringLiteral("status"));
            h.events = countField(o, p, QStringLiteral("events"));
            h.unprocessedEvents = countField(o, p, QStringLiteral("unprocessed_events"));
            h.lastEventAt = timeField(o, p, QStringLiteral("last_event_at"), true);
            h.failedActionsLastHour = optionalCount(o, p, QStringLiteral("failed_actions_1h"));
            h.agentActions = optionalCount(o, p, QStringLiteral("agent_actions"));
            const QJsonValue rate = field(o, p, QStringLiteral("agent_success_rate"));
            if (!rate.isNull()) {
                const double r = number(rate, p + QStringLiteral(".agent_success_rate"));
                if (r < 0 || r > 100)
                    fail(p + QStringLiteral(".agent_success_rate"), QStringLiteral("is not a percentage"));
                h.agentSuccessRate = r;
            }
            return h;
        });

    s.topWorkers = optionalSection<QList<TopWorker>>(
        root, QStringLiteral("top_workers"), [](const QJsonValue& v, const QString& p) {
            return list<TopWorker>(v, p, [](const QJsonObject& o, const QString& q) {
                return TopWorker{text(o, q, QStringLiteral("worker_id")),
                                 text(o, q, QStringLiteral("tenant_id")), text(o, q, QStringLiteral("name")),
                                 text(o, q, QStringLiteral("role")),
                                 countField(o, q, QStringLiteral("records"))};
            });
        });

    s.revenue = optionalSection<Revenue>(
        root, QStringLiteral("revenue"), [&s](const QJsonValue& v, const QString& p) {
            const QJsonObject o = object(v, p);
            Revenue r;
            r.currency = text(o, p, QStringLiteral("currency"));
            r.total = number(field(o, p, QStringLiteral("total")), p + QStringLiteral(".total"));
            const QJsonArray a =
                array(field(o, p, QStringLiteral("amounts")), p + QStringLiteral(".amounts"));
            if (a.size() != s.buckets.size())
                fail(p + QStringLiteral(".amounts"), QStringLiteral("does not have one amount per bucket"));
            for (qsizetype i = 0; i < a.size(); ++i)
                r.amounts << number(a.at(i), QStringLiteral("%1.amounts[%2]").arg(p).arg(i));
            return r;
        });

    s.recentRecords = optionalSection<QList<RecentRecord>>(
        root, QStringLiteral("recent_records"), [](const QJsonValue& v, const QString& p) {
            return list<RecentRecord>(v, p, [](const QJsonObject& o, const QString& q) {
                RecentRecord r;
                r.id = text(o, q, QStringLiteral("id"));
                r.recordType = text(o, q, QStringLiteral("record_type"));
                r.status = text(o, q, QStringLiteral("status"));
                r.title = text(o, q, QStringLiteral("title"));
                if (const QJsonValue a = field(o, q, QStringLiteral("amount")); !a.isNull())
                    r.amount = number(a, q + QStringLiteral(".amount"));
                r.currency = text(o, q, QStringLiteral("currency"));
                r.worker = text(o, q, QStringLiteral("worker"), true);
                r.createdAt = timeField(o, q, QStringLiteral("created_at"));
                return r;
            });
        });

    s.recentContacts = optionalSection<QList<RecentContact>>(
        root, QStringLiteral("recent_contacts"), [](const QJsonValue& v, const QString& p) {
            return list<RecentContact>(v, p, [](const QJsonObject& o, const QString& q) {
                return RecentContact{text(o, q, QStringLiteral("id")),
                                     text(o, q, QStringLiteral("name")),
                                     text(o, q, QStringLiteral("mobile"), true),
                                     text(o, q, QStringLiteral("email"), true),
                                     text(o, q, QStringLiteral("source")),
                                     text(o, q, QStringLiteral("status")),
                                     timeField(o, q, QStringLiteral("created_at"))};
            });
        });

    s.recentAgentActions = optionalSection<QList<RecentAgentAction>>(
        root, QStringLiteral("recent_agent_actions"), [](const QJsonValue& v, const QString& p) {
            return list<RecentAgentAction>(v, p, [](const QJsonObject& o, const QString& q) {
                RecentAgentAction a;
                a.id = text(o, q, QStringLiteral("id"));
                a.agent = text(o, q, QStringLiteral("agent"));
                a.actionType = text(o, q, QStringLiteral("action_type"));
                a.status = text(o, q, QStringLiteral("status"));
                a.error = text(o, q, QStringLiteral("error"), true);
                if (const QJsonValue d = field(o, q, QStringLiteral("duration_ms")); !d.isNull())
                    a.durationMs = int(count(d, q + QStringLiteral(".duration_ms")));
                a.createdAt = timeField(o, q, QStringLiteral("created_at"));
                return a;
            });
        });
    return s;
}

} // namespace opsdeck::clients
