#pragma once

#include "clients/AnalyticsSummary.h"

#include <QColor>
#include <QList>
#include <QPalette>

class QChart;

namespace opsdeck::widgets::clients {

// The dashboard's two QtCharts, drawn from a summary. Colours come from the palette: the chart's
// background is the palette's base, text and grid lines follow its text, and the series colours get
// a light variant on dark palettes so every bar stays readable.

// Events per bucket, one stacked bar set per tenant that had events (tenants without any are left
// out of the chart and the legend). Returns the number of series drawn.
int fillEventsChart(QChart* chart, const opsdeck::clients::AnalyticsSummary& summary,
                    const QPalette& palette);
// Revenue per bucket as bars in the tenant's currency.
void fillRevenueChart(QChart* chart, const opsdeck::clients::AnalyticsSummary& summary,
                      const QPalette& palette);
// Recolours a chart for `palette` (after a light/dark switch).
void applyChartPalette(QChart* chart, const QPalette& palette);

// The colour of series `index` (of tenant `brandColor` when it has one) for `palette`.
QColor seriesColor(int index, const QString& brandColor, const QPalette& palette);
// Axis labels for the buckets: "15 Nov" (7 d), "15" (30 d), "13:00" (1 d).
QStringList bucketLabels(const opsdeck::clients::AnalyticsSummary& summary);
// "Day (UTC)", "Day (UTC), 23 Oct – 21 Nov" (30 d: the labels carry the day only), "Hour (UTC)".
QString bucketAxisTitle(const opsdeck::clients::AnalyticsSummary& summary);

} // namespace opsdeck::widgets::clients
