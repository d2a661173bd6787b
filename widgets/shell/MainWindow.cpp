#include "MainWindow.h"

#include "HeaderBar.h"
#include "common/ConnectionIndicator.h"
#include "common/DataAgeLabel.h"
#include "common/Logging.h"
#include "common/Panel.h"
#include "common/PlaceholderPanel.h"
#include "common/Settings.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace opsdeck::widgets {

MainWindow::MainWindow(session::Session& session, TabFactory makeTab, QWidget* parent)
    : QMainWindow(parent), m_session(session), m_tabInfos(session::visibleTabs(session.staff()))
{
    setObjectName(QStringLiteral("mainWindow"));
    const auth::StaffIdentity& staff = session.staff();
    setWindowTitle(tr("Opsdeck — %1 on %2").arg(staff.fullName, session.serverName()));
    setMinimumSize(1024, 640);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // The header applies the saved tenant scope and refresh interval to the session before any
    // tab exists, so the panels' first loads already use them.
    m_header = new HeaderBar(session, central);
    layout->addWidget(m_header);

    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->tabBar()->setExpanding(false);
    m_tabs->tabBar()->setDrawBase(false); // the pane's top hairline is the base
    for (const session::TabInfo& info : m_tabInfos) {
        QWidget* page = makeTab ? makeTab(info, session) : nullptr;
        if (!page) {
            // A tab the factory does not build yet still says what it is for.
            page = new QWidget;
            auto* l = new QVBoxLayout(page);
            l->setContentsMargins(16, 16, 16, 16);
            l->addWidget(new PlaceholderPanel(session, info, page));
        }
        const int index = m_tabs->addTab(page, info.title);
        // Tabs inside a tab (Tools → Staff & access → Audit log): the status bar follows them too.
        for (auto* inner : page->findChildren<QTabWidget*>()) {
            connect(inner, &QTabWidget::currentChanged, this,
                    [this] { onCurrentTabChanged(m_tabs->currentIndex()); });
        }
        m_tabs->setTabToolTip(index, info.purpose);
    }
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    // Status bar: notices on the left; the data age of the panel in view and the connection on the right.
    m_statusPanel = new QLabel(this);
    m_statusAge = new DataAgeLabel(this);
    m_statusAge->setObjectName(QStringLiteral("statusDataAge"));
    m_statusConnection = new ConnectionIndicator(session.monitor(), this);
    m_statusConnection->setObjectName(QStringLiteral("statusConnection"));
    auto* statusRight = new QWidget(this);
    auto* statusLayout = new QHBoxLayout(statusRight);
    statusLayout->setContentsMargins(0, 2, 12, 2); // off the window edge
    statusLayout->setSpacing(6);
    statusLayout->addWidget(m_statusPanel);
    statusLayout->addWidget(m_statusAge);
    statusLayout->addSpacing(14);
    statusLayout->addWidget(m_statusConnection);
    statusBar()->addPermanentWidget(statusRight);
    statusBar()->setContentsMargins(8, 0, 0, 0);
    statusBar()->setSizeGripEnabled(false);
    m_statusAge->setRefreshIntervalSeconds(session.autoRefreshSeconds());
    connect(&session, &session::Session::autoRefreshChanged, m_statusAge,
            &DataAgeLabel::setRefreshIntervalSeconds);

    auto* refresh = new QAction(tr("Refresh"), this);
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, &MainWindow::refreshCurrentTab);
    addAction(refresh);
    auto* quit = new QAction(tr("Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    addAction(quit);

    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
    // The status bar follows the panel the operator works in, within the current tab.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) {
        for (QWidget* w = now; w; w = w->parentWidget()) {
            if (auto* p = qobject_cast<Panel*>(w)) {
                if (panelsOf(m_tabs->currentIndex()).contains(p))
                    track(p);
                return;
            }
        }
    });

    restoreWindowState();
    onCurrentTabChanged(m_tabs->currentIndex());
}

MainWindow::~MainWindow() = default;

QList<Panel*> MainWindow::panels() const
{
    QList<Panel*> all;
    for (int i = 0; i < m_tabs->count(); ++i)
        all << panelsOf(i);
    return all;
}

Panel* MainWindow::trackedPanel() const
{
    return m_tracked;
}

QList<Panel*> MainWindow::panelsOf(int tabIndex) const
{
    QWidget* page = m_tabs->widget(tabIndex);
    return page ? page->findChildren<Panel*>() : QList<Panel*>();
}

void MainWindow::showNotice(const QString& text, int timeoutMs)
{
    m_lastNotice = text;
    statusBar()->showMessage(text, timeoutMs);
    qCInfo(lcUi).noquote() << "notice:" << text;
}

void MainWindow::onCurrentTabChanged(int index)
{
    // The panel in front: visible on the page (inner tabs hide the others) and showing live data.
    const QList<Panel*> panels = panelsOf(index);
    QWidget* page = m_tabs->widget(index);
    Panel* front = nullptr;
    for (Panel* p : panels) {
        if (page && p->isVisibleTo(page) && (!front || (p->showsDataAge() && !front->showsDataAge())))
            front = p;
    }
    track(front ? front : (panels.isEmpty() ? nullptr : panels.first()));
}

void MainWindow::track(Panel* panel)
{
    if (panel == m_tracked && panel)
        return;
    for (const auto& c : m_trackedConnections)
        disconnect(c);
    m_trackedConnections.clear();
    m_tracked = panel;
    if (panel) {
        m_trackedConnections << connect(panel, &Panel::loaded, this, &MainWindow::updateStatusAge)
                             << connect(panel, &Panel::loadFailed, this, &MainWindow::updateStatusAge)
                             << connect(panel, &Panel::stateChanged, this, &MainWindow::updateStatusAge);
    }
    updateStatusAge();
}

void MainWindow::updateStatusAge()
{
    Panel* p = m_tracked;
    if (!p) {
        m_statusPanel->clear();
        m_statusAge->setNote(tr("No panels on this tab"));
        return;
    }
    if (!p->showsDataAge()) {
        m_statusPanel->clear();
        m_statusAge->setNote(tr("No live data on this tab yet"));
        return;
    }
    m_statusPanel->setText(p->title() + QLatin1Char(':'));
    if (p->isLoaded()) {
        m_statusAge->setUpdatedAt(p->lastLoadedAt());
        if (p->hasFailed())
            m_statusAge->setFailed(p->errorText());
    } else if (p->hasFailed()) {
        m_statusAge->setNote(tr("Not loaded"));
    } else {
        m_statusAge->setLoading();
    }
}

void MainWindow::refreshCurrentTab()
{
    for (Panel* p : panelsOf(m_tabs->currentIndex()))
        p->refresh();
}

void MainWindow::saveWindowState()
{
    auto& s = common::Settings::instance();
    s.set(common::Settings::Key::MainWindowGeometry, saveGeometry());
    s.set(common::Settings::Key::MainWindowState, saveState());
    const int i = m_tabs->currentIndex();
    if (i >= 0 && i < m_tabInfos.size())
        s.set(common::Settings::Key::CurrentTab, m_tabInfos.at(i).id);
    s.sync();
}

void MainWindow::restoreWindowState()
{
    const auto& s = common::Settings::instance();
    if (!restoreGeometry(s.get(common::Settings::Key::MainWindowGeometry).toByteArray()))
        resize(1280, 800);
    restoreState(s.get(common::Settings::Key::MainWindowState).toByteArray());
    const QString tab = s.getString(common::Settings::Key::CurrentTab);
    for (int i = 0; i < m_tabInfos.size(); ++i) {
        if (m_tabInfos.at(i).id == tab)
            m_tabs->setCurrentIndex(i);
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

} // namespace opsdeck::widgets
