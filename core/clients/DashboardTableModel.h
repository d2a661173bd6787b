#pragma once

#include "AnalyticsSummary.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QDateTime>

namespace opsdeck::clients {

// One of the dashboard's small tables, filled from an AnalyticsSummary: the tenants health table or,
// for one tenant, its recent records, contacts or agent actions. Read-only; every number carries
// its unit ("12 min ago", "92.1 %", "1,683.36 NZD", "36 ms").
class DashboardTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Kind
    {
        Health,
        Records,
        Contacts,
        AgentActions,
    };
    Q_ENUM(Kind)

    // How a cell reads at a glance; the view maps it to a palette colour.
    enum class Tone
    {
        Neutral,
        Good,
        Warn,
        Bad,
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1, // the row's tenant / record / contact / action id
        ToneRole,                  // int(Tone) of the cell
        SortRole,                  // the raw value (number, timestamp)
    };

    explicit DashboardTableModel(Kind kind, QObject* parent = nullptr);

    Kind kind() const { return m_kind; }
    // Replaces the rows with the summary's section; an absent section (no permission, all
    // tenants) leaves the table empty and available() false.
    void setSummary(const AnalyticsSummary& summary);
    void clear();
    bool available() const { return m_available; }

    // Relative times count from here; tests pin it. Invalid: the current time.
    void setNow(const QDateTime& now) { m_now = now; }
    // Colours for ForegroundRole by tone (the widget passes its palette's status colours).
    void setToneColors(const QColor& good, const QColor& warn, const QColor& bad);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "just now", "12 min ago", "3 h ago", "2 d ago"; "never" for an invalid time.
    static QString ageText(const QDateTime& when, const QDateTime& now);
    // "1,683.36 NZD"
    static QString moneyText(double amount, const QString& currency);

private:
    QDateTime now() const;
    QVariant display(int row, int column) const;
    QVariant sortValue(int row, int column) const;
    Tone tone(int row, int column) const;
    QString rowId(int row) const;

    Kind m_kind;
    bool m_available = false;
    QDateTime m_now;
    QColor m_good, m_warn, m_bad;
    QString m_rangeLabel;
    QList<TenantHealth> m_health;
    QList<RecentRecord> m_records;
    QList<RecentContact> m_contacts;
    QList<RecentAgentAction> m_actions;
};

} // namespace opsdeck::clients
