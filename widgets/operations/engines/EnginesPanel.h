#pragma once

#include "common/Panel.h"
#include "engine/EngineStatus.h"

#include <QList>

class QCheckBox;
class QLabel;
class QStandardItemModel;
class QTableView;

namespace opsdeck::widgets::operations {

// Operations → Engines: every outbound engine and alert evaluator that runs for this database —
// consoles and opsdeck-worker processes on any host — as their heartbeats tell: state, host,
// version, last cycle, what they delivered, and their last error. An engine that stopped
// heart-beating is shown as not heard from: its items go back to the queue for the others.
class EnginesPanel : public Panel
{
    Q_OBJECT

public:
    enum Column
    {
        EngineColumn,
        StateColumn,
        HostColumn,
        VersionColumn,
        LastBeatColumn,
        DeliveredColumn,
        RetriedColumn,
        FailedColumn,
        InFlightColumn,
        ConnectionsColumn,
        LastErrorColumn,
        ColumnCount,
    };

    explicit EnginesPanel(session::Session& session, QWidget* parent = nullptr);

    QStandardItemModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    const QList<engine::EngineStatus>& engines() const { return m_engines; }
    int rowOf(const QString& engineId) const;
    // "Run an outbound engine on this workstation" (staff with engines.run only).
    QCheckBox* runHereCheck() const { return m_runHere; }

protected:
    void fetch() override;

private:
    QList<engine::EngineStatus> m_engines;
    QStandardItemModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_summary = nullptr;
    QCheckBox* m_runHere = nullptr;
};

} // namespace opsdeck::widgets::operations
