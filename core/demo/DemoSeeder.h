#pragma once

#include <QString>
#include <QStringList>
#include <functional>

namespace opsdeck::db {
class Connection;
}

namespace opsdeck::demo {

struct SeedOptions
{
    int scale = 1;      // multiplies the volumes; 100 gives at least 10 million api_metrics rows
    bool reset = false; // empty the demo tables first
};

// Fills every table with deterministic, realistic demo data from the set-based SQL steps in
// sql/demo/ (:/sql/demo), in one transaction, printing each step and its time through `progress`.
// Throws db::DbError; refuses a database that already holds tenants unless `reset` is set.
void seedDemo(db::Connection& connection, const SeedOptions& options,
              const std::function<void(const QString&)>& progress = {});

// The step files, in order (without 00_reset.sql).
QStringList demoSteps();

// True when the database already holds tenants.
bool hasDemoData(db::Connection& connection);

} // namespace opsdeck::demo
