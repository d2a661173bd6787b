#include "ConnectionDetailView.h"

#include "common/DataAgeLabel.h"
#include "common/StatusColors.h"

#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace opsdeck::widgets::tools {
namespace {

QString localTime(const QDateTime& t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("—");
}

QString typeText(const QString& type)
{
    if (type == QLatin1String("email"))
        return QObject::tr("e-mail");
    if (type == QLatin1String("sms"))
        return QObject::tr("SMS");
    return QObject::tr("webhook");
}

QLabel* valueLabel(QWidget* parent, const QString& name)
{
    auto* l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

} // namespace

ConnectionDetailView::ConnectionDetailView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("connectionDetail"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    m_message = new QLabel(m_stack);
    m_message->setObjectName(QStringLiteral("connectionDetailMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    applyTone(m_message, Tone::Neutral);
    m_stack->addWidget(m_message);

    auto* page = new QWidget(m_stack);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->setSpacing(6);
    m_title = valueLabel(page, QStringLiteral("connectionTitle"));
    QFont f = m_title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() + 1);
    m_title->setFont(f);
    layout->addWidget(m_title);

    auto* form = new QFormLayout();
    form->setLabelAlignment(Qt::AlignLeft);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_owner = valueLabel(page, QStringLiteral("connectionOwner"));
    m_state = valueLabel(page, QStringLiteral("connectionState"));
    m_sync = valueLabel(page, QStringLiteral("connectionSync"));
    m_secret = valueLabel(page, QStringLiteral("connectionSecret"));
    m_keyName = valueLabel(page, QStringLiteral("connectionKeyName"));
    applyTone(m_keyName, Tone::Neutral);
    m_created = valueLabel(page, QStringLiteral("connectionCreated"));
    applyTone(m_created, Tone::Neutral);
    form->addRow(tr("For"), m_owner);
    form->addRow(tr("State"), m_state);
    form->addRow(tr("Last sync"), m_sync);
    // The state and the entry's name under one caption, without the form's row spacing between them.
    auto* secretBox = new QWidget(page);
    auto* secretLayout = new QVBoxLayout(secretBox);
    secretLayout->setContentsMargins(0, 0, 0, 0);
    secretLayout->setSpacing(0);
    secretLayout->addWidget(m_secret);
    secretLayout->addWidget(m_keyName);
    form->addRow(tr("Secret"), secretBox);
    form->addRow(tr("Created"), m_created);
    layout->addLayout(form);

    auto* configCaption = new QLabel(tr("Configuration"), page);
    QFont bold = configCaption->font();
    bold.setBold(true);
    configCaption->setFont(bold);
    layout->addWidget(configCaption);
    m_config = new QPlainTextEdit(page);
    m_config->setObjectName(QStringLiteral("connectionConfigView"));
    m_config->setReadOnly(true);
    m_config->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_config->setLineWrapMode(QPlainTextEdit::NoWrap);
    layout->addWidget(m_config, 1);
    m_configProblem = valueLabel(page, QStringLiteral("connectionConfigProblem"));
    applyTone(m_configProblem, Tone::Warn);
    layout->addWidget(m_configProblem);

    m_testSummary = valueLabel(page, QStringLiteral("connectionTestSummary"));
    layout->addWidget(m_testSummary);
    m_steps = new QTableWidget(0, 4, page);
    m_steps->setObjectName(QStringLiteral("connectionTestSteps"));
    m_steps->setHorizontalHeaderLabels({tr("Step"), tr("Result"), tr("Time"), tr("Detail")});
    m_steps->verticalHeader()->hide();
    m_steps->horizontalHeader()->setStretchLastSection(true);
    m_steps->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_steps->setSelectionMode(QAbstractItemView::NoSelection);
    m_steps->setWordWrap(false);
    layout->addWidget(m_steps);
    clearTestSteps();
    m_stack->addWidget(page);

    showMessage(tr("Select a connection to see its settings."));
}

void ConnectionDetailView::showMessage(const QString& text)
{
    m_id.clear();
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

void ConnectionDetailView::showRecord(const connections::ConnectionRecord& r)
{
    if (r.id != m_id)
        clearTestSteps(); // a test's steps belong to the connection it ran for
    m_id = r.id;
    m_title->setText(tr("%1  (%2)").arg(r.appName, r.appSlug));
    m_owner->setText(r.isCompanys() ? tr("The company's own %1 connection: staff alerts are sent through it")
                                          .arg(typeText(r.deliveryType))
                                    : tr("%1, by %2").arg(r.tenantName, typeText(r.deliveryType)));
    if (r.enabled) {
        m_state->setText(tr("Enabled"));
        applyTone(m_state, Tone::Good);
    } else {
        m_state->setText(r.disabledReason.isEmpty() ? tr("Disabled")
                                                    : tr("Disabled: %1").arg(r.disabledReason));
        applyTone(m_state, Tone::Bad);
    }
    QString sync;
    Tone syncTone = Tone::Neutral;
    if (!r.lastSyncAt.isValid()) {
        sync = tr("Never synced");
    } else {
        const qint64 ago = r.lastSyncAt.secsTo(QDateTime::currentDateTimeUtc());
        const QString relative = ago < 5 ? tr("just now") : tr("%1 ago").arg(DataAgeLabel::durationText(ago));
        const QString when = tr("%1 (%2)").arg(relative, localTime(r.lastSyncAt));
        if (r.lastSyncStatus == QLatin1String("error")) {
            sync =
                tr("Failed %1: %2").arg(when, r.lastSyncError.isEmpty() ? tr("no detail") : r.lastSyncError);
            syncTone = Tone::Bad;
        } else if (r.lastSyncStatus == QLatin1String("pending")) {
            sync = tr("Pending since %1").arg(when);
            syncTone = Tone::Warn;
        } else {
            sync = tr("Succeeded %1").arg(when);
            syncTone = Tone::Good;
        }
    }
    m_sync->setText(sync);
    applyTone(m_sync, syncTone);
    m_keyName->setText(r.secretKeyName.isEmpty() ? tr("No keychain entry named yet")
                                                 : tr("Keychain entry: %1").arg(r.secretKeyName));
    m_created->setText(r.createdBy.isEmpty() ? localTime(r.createdAt)
                                             : tr("%1 by %2").arg(localTime(r.createdAt), r.createdBy));
    m_config->setPlainText(connections::configText(r.config));
    const connections::ConfigCheck check = connections::checkConfig(r.deliveryType, r.config);
    QStringList lines;
    for (const QString& e : check.errors)
        lines << QStringLiteral("⚠ ") + e;
    for (const QString& n : check.notes)
        lines << n;
    m_configProblem->setText(lines.join(QLatin1Char('\n')));
    applyTone(m_configProblem, check.ok() ? Tone::Neutral : Tone::Warn);
    m_stack->setCurrentIndex(1);
}

void ConnectionDetailView::setSecretState(const QString& text, int tone, const QString& detail)
{
    m_secret->setText(text);
    m_secret->setToolTip(detail);
    applyTone(m_secret, Tone(tone));
}

void ConnectionDetailView::clearTestSteps()
{
    m_steps->setRowCount(0);
    m_steps->hide();
    m_testSummary->clear();
    m_testSummary->hide();
}

void ConnectionDetailView::addTestStep(const QString& name, bool ok, qint64 latencyMs, const QString& detail)
{
    const int row = m_steps->rowCount();
    m_steps->insertRow(row);
    auto* result = new QTableWidgetItem(ok ? tr("✓ ok") : tr("✗ failed"));
    result->setData(Qt::UserRole, ok);
    result->setForeground(
        StatusColors::forPalette(QGuiApplication::palette()).color(ok ? Tone::Good : Tone::Bad));
    auto* time = new QTableWidgetItem(tr("%1 ms").arg(QLocale().toString(latencyMs)));
    time->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* text = new QTableWidgetItem(detail);
    text->setToolTip(detail);
    m_steps->setItem(row, 0, new QTableWidgetItem(name));
    m_steps->setItem(row, 1, result);
    m_steps->setItem(row, 2, time);
    m_steps->setItem(row, 3, text);
    for (int c = 0; c < 3; ++c) // the detail column stretches
        m_steps->resizeColumnToContents(c);
    // As tall as its steps (at most five), so the configuration above keeps the room.
    int height = m_steps->horizontalHeader()->height() + 2 * m_steps->frameWidth();
    for (int r = 0; r < m_steps->rowCount(); ++r)
        height += m_steps->rowHeight(r);
    m_steps->setFixedHeight(height);
    m_steps->show();
}

void ConnectionDetailView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange && event->type() != QEvent::ApplicationPaletteChange)
        return;
    const StatusColors colors = StatusColors::forPalette(QGuiApplication::palette());
    for (int r = 0; r < m_steps->rowCount(); ++r) {
        if (QTableWidgetItem* result = m_steps->item(r, 1))
            result->setForeground(colors.color(result->data(Qt::UserRole).toBool() ? Tone::Good : Tone::Bad));
    }
}

void ConnectionDetailView::setTestSummary(const QString& text, int tone)
{
    m_testSummary->setText(text);
    applyTone(m_testSummary, Tone(tone));
    m_testSummary->setVisible(!text.isEmpty());
}

QString ConnectionDetailView::secretText() const
{
    return m_secret->text();
}

QString ConnectionDetailView::configText() const
{
    return m_config->toPlainText();
}

QString ConnectionDetailView::configProblemText() const
{
    return m_configProblem->text();
}

QString ConnectionDetailView::syncText() const
{
    return m_sync->text();
}

QString ConnectionDetailView::stateText() const
{
    return m_state->text();
}

QString ConnectionDetailView::messageText() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

QString ConnectionDetailView::testSummaryText() const
{
    return m_testSummary->text();
}

} // namespace opsdeck::widgets::tools
