#include "ClientCard.h"

#include <QCoreApplication>
#include <QStringList>

namespace opsdeck::clients {

Health healthFromText(const QString& text)
{
    if (text == QLatin1String("red"))
        return Health::Red;
    if (text == QLatin1String("yellow"))
        return Health::Yellow;
    if (text == QLatin1String("inactive"))
        return Health::Inactive;
    return Health::Green;
}

QString healthText(Health health)
{
    switch (health) {
    case Health::Red:
        return QStringLiteral("red");
    case Health::Yellow:
        return QStringLiteral("yellow");
    case Health::Inactive:
        return QStringLiteral("inactive");
    case Health::Green:
        break;
    }
    return QStringLiteral("green");
}

QString healthDisplayName(Health health)
{
    switch (health) {
    case Health::Red:
        return QCoreApplication::translate("opsdeck::clients", "Critical");
    case Health::Yellow:
        return QCoreApplication::translate("opsdeck::clients", "Warning");
    case Health::Inactive:
        return QCoreApplication::translate("opsdeck::clients", "Inactive");
    case Health::Green:
        break;
    }
    return QCoreApplication::translate("opsdeck::clients", "Healthy");
}

std::optional<double> ClientCard::revenueChangePercent() const
{
    if (!hasRevenue || revenueLastWeek <= 0)
        return std::nullopt;
    return (revenueThisWeek - revenueLastWeek) / revenueLastWeek * 100.0;
}

QString ClientCard::reasonsText() const
{
    if (health == Health::Inactive)
        return QCoreApplication::translate("opsdeck::clients", "Inactive: health is not judged");
    if (reasons.isEmpty())
        return QCoreApplication::translate("opsdeck::clients", "All signals are within their thresholds");
    QStringList lines;
    for (const HealthReason& r : reasons)
        lines << r.text;
    return lines.join(QLatin1Char('\n'));
}

} // namespace opsdeck::clients
