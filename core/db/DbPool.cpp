#include "DbPool.h"

#include "common/Logging.h"

#include <QMetaObject>
#include <QMutex>
#include <QThread>
#include <QUuid>
#include <QWaitCondition>
#include <deque>

namespace opsdeck::db {

class DbPoolPrivate
{
public:
    ConnectionProfile profile;
    QString password;
    QMutex mutex;
    QWaitCondition wake;
    std::deque<std::function<void(Connection*)>> jobs;
    bool stopping = false;
    std::vector<QThread*> threads;

    std::function<void(Connection*)> take()
    {
        QMutexLocker lock(&mutex);
        while (jobs.empty() && !stopping)
            wake.wait(&mutex);
        if (jobs.empty())
            return {};
        auto job = std::move(jobs.front());
        jobs.pop_front();
        return job;
    }
};

DbPool::DbPool(const ConnectionProfile& profile, const QString& password, int threadCount, QObject* parent)
    : QObject(parent), d(std::make_unique<DbPoolPrivate>())
{
    d->profile = profile;
    d->password = password;
    const QString prefix =
        QStringLiteral("opsdeck-pool-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    for (int i = 0; i < qMax(1, threadCount); ++i) {
        QThread* t = QThread::create([this, prefix, i] {
            Connection c(d->profile, d->password, prefix + QLatin1Char('-') + QString::number(i));
            c.onLost = [this](const QString& message) {
                QMetaObject::invokeMethod(
                    this, [this, message] { Q_EMIT connectionLost(message); }, Qt::QueuedConnection);
            };
            c.onRestored = [this] {
                QMetaObject::invokeMethod(
                    this, [this] { Q_EMIT connectionRestored(); }, Qt::QueuedConnection);
            };
            while (auto job = d->take())
                job(&c);
        });
        t->setObjectName(QStringLiteral("db-%1").arg(i));
        t->start();
        d->threads.push_back(t);
    }
}

DbPool::~DbPool()
{
    std::deque<std::function<void(Connection*)>> pending;
    {
        QMutexLocker lock(&d->mutex);
        d->stopping = true;
        pending.swap(d->jobs);
        d->wake.wakeAll();
    }
    // Jobs never started still resolve their futures, as cancelled.
    for (auto& job : pending)
        job(nullptr);
    for (QThread* t : d->threads) {
        t->wait();
        delete t;
    }
}

const ConnectionProfile& DbPool::profile() const
{
    return d->profile;
}

int DbPool::threadCount() const
{
    return int(d->threads.size());
}

void DbPool::enqueue(std::function<void(Connection*)> task)
{
    {
        QMutexLocker lock(&d->mutex);
        if (!d->stopping) {
            d->jobs.push_back(std::move(task));
            d->wake.wakeOne();
            return;
        }
    }
    task(nullptr);
}

} // namespace opsdeck::db
