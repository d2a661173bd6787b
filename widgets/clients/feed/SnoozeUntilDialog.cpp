#include "SnoozeUntilDialog.h"

#include "common/FormParts.h"
#include "common/Plural.h"
#include "common/StatusColors.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace opsdeck::widgets::clients {

SnoozeUntilDialog::SnoozeUntilDialog(int alertCount, const QDateTime& initial, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("snoozeUntilDialog"));
    setWindowTitle(tr("Snooze alerts"));
    setMinimumWidth(380);
    auto* layout = new QVBoxLayout(this);

    auto* prompt = new QLabel(tr("Hide %1 from your feed until this time (at most 30 days ahead). "
                                 "They come back by themselves when it passes, unread if they were.")
                                  .arg(countOf(alertCount, tr("alert"), tr("alerts"))),
                              this);
    prompt->setWordWrap(true);
    layout->addWidget(prompt);

    m_edit = new QDateTimeEdit(initial.toLocalTime(), this);
    m_edit->setObjectName(QStringLiteral("snoozeUntil"));
    m_edit->setCalendarPopup(true);
    m_edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    layout->addWidget(m_edit);

    m_problem = newProblemLabel(this, QStringLiteral("snoozeProblem"));
    m_problem->hide();
    layout->addWidget(m_problem);

    m_submit = addFormButtons(this, layout, QDialogButtonBox::Close, tr("Snooze"),
                              QStringLiteral("snoozeSubmit"), &SnoozeUntilDialog::submit);
}

QDateTime SnoozeUntilDialog::until() const
{
    return m_edit->dateTime();
}

void SnoozeUntilDialog::setUntil(const QDateTime& until)
{
    m_edit->setDateTime(until.toLocalTime());
}

QString SnoozeUntilDialog::problemText() const
{
    return m_problem->text();
}

void SnoozeUntilDialog::setBusy(bool busy)
{
    m_edit->setEnabled(!busy);
    m_submit->setEnabled(!busy);
}

void SnoozeUntilDialog::showProblem(const QString& text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void SnoozeUntilDialog::submit()
{
    if (!m_submit->isEnabled())
        return;
    showProblem({});
    // The database judges the time (future, at most 30 days ahead) and says why in its own words.
    Q_EMIT submitted(until());
}

} // namespace opsdeck::widgets::clients
