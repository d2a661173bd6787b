#include "DemoProgressWindow.h"

#include "common/StatusColors.h"

#include <QEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QVBoxLayout>

namespace opsdeck::widgets {

DemoProgressWindow::DemoProgressWindow(QWidget* parent) : QWidget(parent)
{
    setWindowTitle(tr("Opsdeck — preparing the demo workspace"));
    setObjectName(QStringLiteral("demoProgress"));
    resize(560, 340);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 18);
    layout->setSpacing(10);

    auto* title = new QLabel(tr("Preparing the demo workspace"), this);
    QFont f = title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.3);
    title->setFont(f);
    m_hint =
        new QLabel(tr("A private PostgreSQL server with demo data, just for you. The first start takes a "
                      "minute; later starts reuse it."),
                   this);
    m_hint->setWordWrap(true);
    auto* bar = new QProgressBar(this);
    bar->setRange(0, 0);
    bar->setTextVisible(false);
    bar->setMaximumHeight(8);
    m_step = new QLabel(tr("Starting…"), this);
    m_step->setObjectName(QStringLiteral("demoStep"));
    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(f.pointSizeF() / 1.3 * 0.9);
    m_log->setFont(mono);

    layout->addWidget(title);
    layout->addWidget(m_hint);
    layout->addWidget(bar);
    layout->addWidget(m_step);
    layout->addWidget(m_log, 1);
    applyTone(m_hint, Tone::Neutral);
}

void DemoProgressWindow::appendLine(const QString& line)
{
    m_step->setText(line);
    m_log->appendPlainText(line);
}

void DemoProgressWindow::showFailure(const QString& message)
{
    m_failed = true;
    m_step->setText(message);
    m_step->setWordWrap(true);
    applyTone(m_step, Tone::Bad);
    m_log->appendPlainText(message);
    for (auto* bar : findChildren<QProgressBar*>())
        bar->hide();
}

void DemoProgressWindow::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyTone(m_hint, Tone::Neutral);
        if (m_failed)
            applyTone(m_step, Tone::Bad);
    }
}

} // namespace opsdeck::widgets
