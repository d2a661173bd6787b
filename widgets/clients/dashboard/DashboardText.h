#pragma once

#include <QString>

namespace opsdeck::widgets::clients {

// "last 24 h", "last 7 d", "last 30 d": what every number of a range covers (whole UTC hours / days).
QString windowText(const QString& rangeCode);

} // namespace opsdeck::widgets::clients
