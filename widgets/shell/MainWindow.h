#pragma once

#include "TabFactory.h"
#include "session/Session.h"
#include "session/Tabs.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>

class QLabel;
class QTabWidget;

namespace opsdeck::widgets {

class ConnectionIndicator;
class DataAgeLabel;
class HeaderBar;
class Panel;

// The console window: a header (who, where, tenant scope, auto-refresh, connection), one tab per
// session::visibleTabs() entry built by the factory, and a status bar with the data age of the
// panel in view and the connection state. Geometry, layout state and the current tab are kept in
// Settings. It does not own the Session; whoever does must delete the window first.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(session::Session& session, TabFactory makeTab = makeStandardTab,
                        QWidget* parent = nullptr);
    ~MainWindow() override;

    session::Session& session() const { return m_session; }
    HeaderBar* header() const { return m_header; }
    QTabWidget* tabs() const { return m_tabs; }
    const QList<session::TabInfo>& tabInfos() const { return m_tabInfos; }

    // Every panel of every tab, in tab order, and those of one tab.
    QList<Panel*> panels() const;
    QList<Panel*> panelsOf(int tabIndex) const;
    // The panel whose data age the status bar shows.
    Panel* trackedPanel() const;

    // A notice for the status bar (no dialog): keychain unavailable and the like.
    void showNotice(const QString& text, int timeoutMs = 30000);
    QString lastNotice() const { return m_lastNotice; }

    // Saves geometry, window state and the current tab (also done on close).
    void saveWindowState();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void restoreWindowState();
    void onCurrentTabChanged(int index);
    void track(Panel* panel);
    void updateStatusAge();
    void refreshCurrentTab();

    session::Session& m_session;
    QList<session::TabInfo> m_tabInfos;
    HeaderBar* m_header = nullptr;
    QTabWidget* m_tabs = nullptr;
    QPointer<Panel> m_tracked;
    QList<QMetaObject::Connection> m_trackedConnections;
    QLabel* m_statusPanel = nullptr;
    DataAgeLabel* m_statusAge = nullptr;
    ConnectionIndicator* m_statusConnection = nullptr;
    QString m_lastNotice;
};

} // namespace opsdeck::widgets
