#include "ScreenshotWriter.h"

#include "HeaderBar.h"
#include "MainWindow.h"
#include "common/Logging.h"
#include "common/Panel.h"
#include "common/Plural.h"

#include <QDir>
#include <QPixmap>
#include <QStackedWidget>
#include <QTabWidget>

namespace opsdeck::widgets {

ScreenshotWriter::ScreenshotWriter(MainWindow& window, const QString& directory, QObject* parent)
    : QObject(parent), m_window(&window), m_directory(directory)
{
    m_poll.setInterval(250);
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotWriter::checkLoaded);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_shooting)
            return;
        const QList<Panel*> panels = m_window ? m_window->panels() : QList<Panel*>();
        for (Panel* p : panels) {
            if (!p->isLoaded() && !p->hasFailed())
                m_problems << tr("Panel %1 never loaded (waited %2 s)")
                                  .arg(p->panelId())
                                  .arg(m_loadTimeoutMs / 1000);
        }
        if (m_window && !m_window->header()->tenantsLoaded())
            m_problems << tr("The tenant list never loaded");
        checkLoaded();
    });
}

QString ScreenshotWriter::fileName(int tabNumber, const QString& tabId, const QString& panelId, bool dark,
                                   const QSize& size, const QSize& baseSize)
{
    QString name = QStringLiteral("%1-%2").arg(tabNumber, 2, 10, QLatin1Char('0')).arg(tabId);
    if (!panelId.isEmpty())
        name += QLatin1Char('-') + panelId;
    if (dark)
        name += QStringLiteral("-dark");
    if (size != baseSize)
        name += QLatin1Char('@') + QString::number(size.width());
    return name + QStringLiteral(".png");
}

void ScreenshotWriter::start()
{
    if (!m_window) {
        m_problems << tr("No window to capture");
        done();
        return;
    }
    if (!QDir().mkpath(m_directory)) {
        m_problems << tr("Cannot create the folder %1").arg(m_directory);
        done();
        return;
    }
    Q_EMIT progress(
        tr("Waiting for %1 to load").arg(countOf(m_window->panels().size(), tr("panel"), tr("panels"))));
    for (Panel* p : m_window->panels()) {
        connect(p, &Panel::loaded, this, &ScreenshotWriter::checkLoaded);
        connect(p, &Panel::loadFailed, this, &ScreenshotWriter::checkLoaded);
    }
    connect(m_window->header(), &HeaderBar::tenantListLoaded, this, &ScreenshotWriter::checkLoaded);
    m_deadline.start(m_loadTimeoutMs);
    m_poll.start(); // belt and braces: a panel created after start() has no connection
    checkLoaded();
}

bool ScreenshotWriter::allSettled() const
{
    if (!m_window->header()->tenantsLoaded())
        return false;
    for (Panel* p : m_window->panels()) {
        if (!p->isLoaded() && !p->hasFailed())
            return false;
    }
    return true;
}

void ScreenshotWriter::checkLoaded()
{
    if (m_shooting || !m_window)
        return;
    if (!allSettled() && m_deadline.isActive())
        return;
    m_shooting = true;
    m_poll.stop();
    m_deadline.stop();
    for (Panel* p : m_window->panels()) {
        if (p->hasFailed())
            m_problems << tr("Panel %1 failed to load: %2").arg(p->panelId(), p->errorText());
    }
    planShots();
    runNext();
}

void ScreenshotWriter::planShots()
{
    MainWindow* w = m_window;
    m_originalTheme = Theme::current();
    m_originalSize = w->size();
    m_originalTab = w->tabs()->currentIndex();
    const QSize base = m_sizes.value(0);
    const QList<session::TabInfo> infos = w->tabInfos();

    for (Theme::Mode theme : m_themes) {
        const bool dark = theme == Theme::Mode::Dark;
        m_steps.append({[theme] { Theme::apply(theme); }, m_settleMs});
        for (const QSize& size : m_sizes) {
            m_steps.append({[this, size] { m_window->resize(size); }, m_settleMs});
            for (int i = 0; i < w->tabs()->count(); ++i) {
                const QString tabId = i < infos.size() ? infos.at(i).id : QStringLiteral("tab%1").arg(i + 1);
                m_steps.append({[this, i] { m_window->tabs()->setCurrentIndex(i); }, m_settleMs});
                const QString name = fileName(i + 1, tabId, QString(), dark, size, base);
                m_steps.append({[this, name] { capture(m_window, name); }, 0});
                const QList<Panel*> panels = w->panelsOf(i);
                if (panels.size() < 2)
                    continue;
                for (Panel* p : panels) {
                    const QPointer<Panel> guard(p);
                    const QString panelName = fileName(i + 1, tabId, p->panelId(), dark, size, base);
                    m_steps.append({[this, guard] {
                                        if (guard)
                                            reveal(guard);
                                    },
                                    m_settleMs});
                    m_steps.append({[this, guard, panelName] {
                                        if (guard)
                                            capture(guard, panelName);
                                    },
                                    0});
                }
            }
        }
    }
    m_steps.append({[this] {
                        Theme::apply(m_originalTheme);
                        m_window->resize(m_originalSize);
                        m_window->tabs()->setCurrentIndex(m_originalTab);
                    },
                    0});
}

void ScreenshotWriter::runNext()
{
    if (!m_window) {
        m_problems << tr("The window closed before all screenshots were taken");
        done();
        return;
    }
    if (m_steps.isEmpty()) {
        done();
        return;
    }
    const Step step = m_steps.takeFirst();
    step.action();
    QTimer::singleShot(step.waitAfterMs, this, &ScreenshotWriter::runNext);
}

void ScreenshotWriter::capture(QWidget* widget, const QString& name)
{
    const QString path = QDir(m_directory).filePath(name);
    const QPixmap shot = widget->grab();
    if (shot.isNull() || !shot.save(path, "PNG")) {
        m_problems << tr("Could not write %1").arg(path);
        return;
    }
    m_files << path;
    Q_EMIT progress(tr("Wrote %1").arg(path));
}

void ScreenshotWriter::reveal(Panel* panel)
{
    // Make every tab page and stack on the way up show the panel's branch.
    for (QWidget *child = panel, *parent = panel->parentWidget(); parent;
         child = parent, parent = parent->parentWidget()) {
        if (auto* stack = qobject_cast<QStackedWidget*>(parent)) {
            if (auto* tabs = qobject_cast<QTabWidget*>(stack->parentWidget()))
                tabs->setCurrentWidget(child);
            else
                stack->setCurrentWidget(child);
        }
    }
}

void ScreenshotWriter::done()
{
    m_poll.stop();
    m_deadline.stop();
    for (const QString& p : m_problems)
        qCWarning(lcUi).noquote() << "screenshots:" << p;
    Q_EMIT finished(m_problems.isEmpty(), m_files);
}

} // namespace opsdeck::widgets
