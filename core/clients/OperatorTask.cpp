#include "OperatorTask.h"

#include <QStringList>
#include <algorithm>

namespace opsdeck::clients {

int priorityRank(const QString& priority)
{
    if (priority == QLatin1String("high"))
        return 3;
    if (priority == QLatin1String("medium"))
        return 2;
    if (priority == QLatin1String("low"))
        return 1;
    return 0;
}

QStringList taskPriorities()
{
    return {QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high")};
}

bool taskLessThan(const OperatorTask& a, const OperatorTask& b)
{
    if (a.isCompleted() != b.isCompleted())
        return !a.isCompleted();
    if (a.isCompleted()) {
        if (a.completedAt != b.completedAt)
            return a.completedAt > b.completedAt;
    } else {
        if (a.dueDate.isValid() != b.dueDate.isValid())
            return a.dueDate.isValid();
        if (a.dueDate != b.dueDate)
            return a.dueDate < b.dueDate;
        const int pa = priorityRank(a.priority), pb = priorityRank(b.priority);
        if (pa != pb)
            return pa > pb;
    }
    const int byTitle = a.title.localeAwareCompare(b.title);
    if (byTitle != 0)
        return byTitle < 0;
    return a.id < b.id; // a total order, so reloads never shuffle equal rows
}

void sortTasks(QList<OperatorTask>& tasks)
{
    std::sort(tasks.begin(), tasks.end(), taskLessThan);
}

bool TaskFilter::matches(const OperatorTask& task) const
{
    if (state == State::Open && task.isCompleted())
        return false;
    if (state == State::Completed && !task.isCompleted())
        return false;
    switch (tenant) {
    case Tenant::Any:
        return true;
    case Tenant::General:
        return task.isGeneral();
    case Tenant::One:
        return task.tenantId == tenantId;
    }
    return true;
}

} // namespace opsdeck::clients
