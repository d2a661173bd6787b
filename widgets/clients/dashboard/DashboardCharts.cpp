#include "DashboardCharts.h"

#include "common/StatusColors.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLocale>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <cmath>

namespace opsdeck::widgets::clients {
namespace {

using opsdeck::clients::AnalyticsSummary;

// A categorical palette that separates neighbours (Tableau 10, minus the grey that reads as "none").
const QList<QColor>& basePalette()
{
    static const QList<QColor> colors{QColor(0x4E79A7), QColor(0xF28E2B), QColor(0x59A14F),
                                      QColor(0xE15759), QColor(0x76B7B2), QColor(0xEDC948),
                                      QColor(0xB07AA1), QColor(0xFF9DA7), QColor(0x9C755F)};
    return colors;
}

void resetChart(QChart* chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

// A value axis that counts whole things: integer ticks, a top rounded up to a readable step.
void niceRange(QValueAxis* axis, double max, bool integers)
{
    if (max <= 0)
        max = integers ? 4 : 100;
    const double magnitude = std::pow(10.0, std::floor(std::log10(max)));
    double step = magnitude;
    for (double f : {0.2, 0.25, 0.5, 1.0, 2.0}) {
        if (max / (magnitude * f) <= 6) {
            step = magnitude * f;
            break;
        }
    }
    if (integers)
        step = std::max(1.0, std::round(step));
    const double top = std::ceil(max / step) * step;
    axis->setRange(0, top);
    axis->setTickCount(int(std::round(top / step)) + 1);
}

} // namespace

QColor seriesColor(int index, const QString& brandColor, const QPalette& palette)
{
    QColor c(brandColor);
    if (!c.isValid())
        c = basePalette().at(index % basePalette().size());
    if (StatusColors::isDark(palette)) {
        // Dark window: lift dark brand colours so bars stand out from the base.
        float h, s, l, a;
        c.getHslF(&h, &s, &l, &a);
        c = QColor::fromHslF(h, std::min(s, 0.75f), std::max(l, 0.58f), a);
    }
    return c;
}

QStringList bucketLabels(const AnalyticsSummary& summary)
{
    const QLocale locale;
    QStringList labels;
    for (int i = 0; i < summary.buckets.size(); ++i) {
        const QDateTime t = summary.buckets[i].toUTC();
        if (summary.hourly)
            labels << t.toString(QStringLiteral("HH")); // the axis title says "Hour (UTC)"
        else if (summary.buckets.size() <= 10)
            labels << locale.toString(t.date(), QStringLiteral("d MMM"));
        else
            labels << QString::number(t.date().day()); // 30 bars leave room for the day only
    }
    return labels;
}

QString bucketAxisTitle(const AnalyticsSummary& summary)
{
    if (summary.hourly)
        return QObject::tr("Hour (UTC)");
    if (summary.buckets.size() <= 10 || summary.buckets.isEmpty())
        return QObject::tr("Day (UTC)");
    const QLocale locale;
    return QObject::tr("Day (UTC), %1 – %2")
        .arg(locale.toString(summary.buckets.first().toUTC().date(), QStringLiteral("d MMM")),
             locale.toString(summary.buckets.last().toUTC().date(), QStringLiteral("d MMM")));
}

void applyChartPalette(QChart* chart, const QPalette& palette)
{
    chart->setTheme(StatusColors::isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setBackgroundRoundness(0);
    chart->setPlotAreaBackgroundVisible(false);
    const QColor text = palette.color(QPalette::Text);
    const QColor muted = mutedText(palette);
    const QColor grid = hairlineColor(palette);
    chart->legend()->setLabelColor(text);
    chart->setTitleBrush(text);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsBrush(muted);
        axis->setTitleBrush(muted);
        axis->setLinePenColor(grid);
        axis->setGridLineColor(grid);
        axis->setShadesVisible(false);
    }
    // setTheme() recolours the series with the theme's own colours: put ours back.
    int i = 0;
    for (QAbstractSeries* series : chart->series()) {
        if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) {
            for (QBarSet* set : bars->barSets()) {
                const QColor c = seriesColor(i++, set->property("brandColor").toString(), palette);
                set->setColor(c);
                set->setBorderColor(c);
                set->setLabelColor(text);
            }
        }
    }
}

int fillEventsChart(QChart* chart, const AnalyticsSummary& summary, const QPalette& palette)
{
    resetChart(chart);
    auto* series = new QStackedBarSeries;
    series->setBarWidth(0.75);
    qint64 max = 0;
    QList<qint64> stack(summary.buckets.size(), 0);
    int drawn = 0;
    for (const auto& s : summary.eventSeries) {
        if (s.total() == 0)
            continue; // no bars and no legend entry for a tenant without events
        auto* set = new QBarSet(s.name);
        QString brand;
        for (const auto& t : summary.tenants) {
            if (t.id == s.tenantId)
                brand = t.brandColor;
        }
        set->setProperty("brandColor", brand);
        set->setProperty("tenantId", s.tenantId);
        for (int i = 0; i < s.counts.size(); ++i) {
            *set << double(s.counts[i]);
            stack[i] += s.counts[i];
        }
        series->append(set);
        ++drawn;
    }
    for (qint64 v : stack)
        max = std::max(max, v);
    chart->addSeries(series);

    auto* x = new QBarCategoryAxis;
    x->append(bucketLabels(summary));
    x->setTitleText(bucketAxisTitle(summary));
    auto* y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%d"));
    y->setTitleText(QObject::tr("Events"));
    niceRange(y, double(max), true);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    // One tenant: the section's caption names it. Several: a legend on the right, where long
    // tenant names fit without eliding.
    chart->legend()->setVisible(drawn > 1);
    chart->legend()->setAlignment(Qt::AlignRight);
    applyChartPalette(chart, palette);
    return drawn;
}

void fillRevenueChart(QChart* chart, const AnalyticsSummary& summary, const QPalette& palette)
{
    resetChart(chart);
    if (!summary.revenue)
        return;
    auto* series = new QBarSeries;
    series->setBarWidth(0.7);
    auto* set = new QBarSet(QObject::tr("Revenue (%1)").arg(summary.revenue->currency));
    QString brand;
    if (!summary.tenants.isEmpty())
        brand = summary.tenants.first().brandColor;
    set->setProperty("brandColor", brand);
    double max = 0;
    for (double v : summary.revenue->amounts) {
        *set << v;
        max = std::max(max, v);
    }
    series->append(set);
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(bucketLabels(summary));
    x->setTitleText(bucketAxisTitle(summary));
    auto* y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTitleText(summary.revenue->currency);
    niceRange(y, max, false);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->legend()->setVisible(false);
    applyChartPalette(chart, palette);
}

} // namespace opsdeck::widgets::clients
