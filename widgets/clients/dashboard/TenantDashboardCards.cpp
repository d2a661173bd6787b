// The stat cards and the top-workers list of TenantDashboardPanel (split from
// TenantDashboardPanel.cpp to keep files near the house limit).
#include "DashboardText.h"
#include "StatCard.h"
#include "TenantDashboardPanel.h"
#include "clients/DashboardTableModel.h"
#include "common/Plural.h"
#include "common/StatusColors.h"

#include <QHash>
#include <QLabel>
#include <QLocale>
#include <QPair>

namespace opsdeck::widgets::clients {

using opsdeck::clients::AnalyticsSummary;

QString windowText(const QString& range)
{
    if (range == QLatin1String("1d"))
        return QObject::tr("last 24 h");
    if (range == QLatin1String("30d"))
        return QObject::tr("last 30 d");
    return QObject::tr("last 7 d");
}

namespace {

QString plural(const QString& type, qint64 n)
{
    static const QHash<QString, QPair<QString, QString>> words{
        {QStringLiteral("quote"), {QStringLiteral("quote"), QStringLiteral("quotes")}},
        {QStringLiteral("job"), {QStringLiteral("job"), QStringLiteral("jobs")}},
        {QStringLiteral("invoice"), {QStringLiteral("invoice"), QStringLiteral("invoices")}},
        {QStringLiteral("booking"), {QStringLiteral("booking"), QStringLiteral("bookings")}},
        {QStringLiteral("note"), {QStringLiteral("note"), QStringLiteral("notes")}},
        {QStringLiteral("task"), {QStringLiteral("task"), QStringLiteral("tasks")}},
    };
    const auto w = words.value(type, {type, type});
    return countOf(n, w.first, w.second);
}

} // namespace

void TenantDashboardPanel::showCards(const AnalyticsSummary& s)
{
    const QLocale locale;
    const QString window = windowText(s.range);

    StatCard* contacts = m_cards.value(QStringLiteral("contacts"));
    contacts->setVisible(s.contacts.has_value());
    if (s.contacts) {
        contacts->setValue(locale.toString(*s.contacts), *s.contacts == 1 ? tr("contact") : tr("contacts"));
        contacts->setDetail(tr("all time"));
    }

    StatCard* events = m_cards.value(QStringLiteral("events"));
    events->setValue(locale.toString(s.events), s.events == 1 ? tr("event") : tr("events"));
    qint64 unprocessed = 0;
    for (const auto& h : s.health)
        unprocessed += h.unprocessedEvents;
    events->setDetail(tr("%1 · %2 unprocessed (all time)").arg(window, locale.toString(unprocessed)));

    StatCard* actions = m_cards.value(QStringLiteral("actions"));
    actions->setVisible(s.agentActions.has_value());
    if (s.agentActions) {
        const auto& a = *s.agentActions;
        actions->setValue(locale.toString(a.total), a.total == 1 ? tr("action") : tr("actions"));
        actions->setDetail(tr("%1 · %2 ok · %3 failed · %4 escalated")
                               .arg(window, locale.toString(a.success), locale.toString(a.failed),
                                    locale.toString(a.escalated)));
    }

    StatCard* records = m_cards.value(QStringLiteral("records"));
    records->setVisible(s.recordsByType.has_value());
    if (s.recordsByType) {
        qint64 total = 0;
        QStringList parts;
        for (const QString& type :
             {QStringLiteral("quote"), QStringLiteral("job"), QStringLiteral("invoice"),
              QStringLiteral("booking"), QStringLiteral("note"), QStringLiteral("task")}) {
            const qint64 n = s.recordsByType->value(type);
            total += n;
            if (n > 0)
                parts << plural(type, n);
        }
        records->setValue(locale.toString(total), total == 1 ? tr("record") : tr("records"));
        records->setDetail(parts.isEmpty() ? tr("all time · none yet")
                                           : tr("all time · %1").arg(parts.join(QStringLiteral(" · "))));
    }

    StatCard* revenue = m_cards.value(QStringLiteral("revenue"));
    revenue->setVisible(s.revenue.has_value());
    if (s.revenue) {
        revenue->setValue(locale.toString(s.revenue->total, 'f', 0), s.revenue->currency);
        revenue->setDetail(tr("%1 · booked, refunds deducted").arg(window));
    }
}

void TenantDashboardPanel::showWorkers(const AnalyticsSummary& s)
{
    setSectionShown(QStringLiteral("workers"), s.topWorkers.has_value());
    if (!s.topWorkers)
        return;
    m_captions.value(QStringLiteral("workers"))->setText(tr("all time"));
    if (s.topWorkers->isEmpty()) {
        m_workers->setText(tr("No records are assigned to a worker yet."));
        return;
    }
    const QColor muted = mutedText(palette());
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='3' width='100%'>");
    int rank = 0;
    for (const auto& w : *s.topWorkers) {
        html +=
            QStringLiteral("<tr><td width='100%'>%1.&nbsp;<b>%2</b>%3</td><td align='right'>%4</td></tr>")
                .arg(++rank)
                .arg(w.name.toHtmlEscaped(),
                     s.isSingleTenant() ? QString()
                                        : QStringLiteral("<br><span style='color:%1'>%2</span>")
                                              .arg(muted.name(), s.tenantName(w.tenantId).toHtmlEscaped()),
                     countOf(w.records, tr("record"), tr("records")));
    }
    html += QStringLiteral("</table>");
    m_workers->setText(html);
}

} // namespace opsdeck::widgets::clients
