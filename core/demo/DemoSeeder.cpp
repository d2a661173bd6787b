#include "DemoSeeder.h"

#include "common/Logging.h"
#include "db/Connection.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>

namespace opsdeck::demo {
namespace {

const QString kDir = QStringLiteral(":/sql/demo");
const QString kReset = QStringLiteral("00_reset.sql");

QString readStep(const QString& name)
{
    QFile f(QDir(kDir).filePath(name));
    if (!f.open(QIODevice::ReadOnly))
        throw db::DbError::schema(QStringLiteral("Demo data step %1 is missing from this build").arg(name));
    return QString::fromUtf8(f.readAll());
}

QString stepTitle(const QString& file)
{
    QString t = file.section(QLatin1Char('.'), 0, 0).section(QLatin1Char('_'), 1);
    return t.replace(QLatin1Char('_'), QLatin1Char(' '));
}

} // namespace

QStringList demoSteps()
{
    QStringList steps = QDir(kDir).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    steps.removeAll(kReset);
    return steps;
}

bool hasDemoData(db::Connection& c)
{
    QSqlQuery q = c.execRaw(QStringLiteral("SELECT EXISTS (SELECT 1 FROM tenants)"),
                            QStringLiteral("checking for data"));
    return q.next() && q.value(0).toBool();
}

void seedDemo(db::Connection& c, const SeedOptions& options,
              const std::function<void(const QString&)>& progress)
{
    if (options.scale < 1 || options.scale > 1000)
        throw db::DbError{
            db::DbError::Kind::Query, QStringLiteral("--scale must be between 1 and 1000"), {}, {}};
    const QStringList steps = demoSteps();
    if (steps.isEmpty())
        throw db::DbError::schema(QStringLiteral("This build holds no demo data steps"));
    if (!options.reset && hasDemoData(c))
        throw db::DbError{
            db::DbError::Kind::Query,
            QStringLiteral("The database already holds data; use --reset to replace it with demo data"),
            {},
            {}};

    QElapsedTimer total;
    total.start();
    const int n = int(steps.size()) + (options.reset ? 1 : 0);
    int k = 0;
    auto report = [&](const QString& what) {
        if (progress)
            progress(QStringLiteral("[%1/%2] %3").arg(++k).arg(n).arg(what));
    };
    {
        db::Transaction tx(c);
        // Skip change notifications for the bulk load; set for this transaction only.
        c.execRaw(QStringLiteral("SET LOCAL opsdeck.bulk_load = 'on'"), QStringLiteral("preparing the load"));
        c.execRaw(QStringLiteral("SET LOCAL opsdeck.scale = '%1'").arg(options.scale),
                  QStringLiteral("preparing the load"));
        QStringList all = steps;
        if (options.reset)
            all.prepend(kReset);
        for (const QString& step : all) {
            QElapsedTimer t;
            t.start();
            c.execScript(readStep(step), QStringLiteral("demo data step %1").arg(step));
            report(QStringLiteral("%1 (%2 s)")
                       .arg(stepTitle(step))
                       .arg(double(t.elapsed()) / 1000.0, 0, 'f', 1));
        }
        tx.commit();
    }
    if (progress)
        progress(QStringLiteral("Updating planner statistics"));
    c.execRaw(QStringLiteral("ANALYZE"), QStringLiteral("analyzing"));
    qCInfo(lcDemo) << "demo data at scale" << options.scale << "loaded in" << total.elapsed() << "ms";
    if (progress)
        progress(QStringLiteral("Demo data loaded in %1 s").arg(double(total.elapsed()) / 1000.0, 0, 'f', 1));
}

} // namespace opsdeck::demo
