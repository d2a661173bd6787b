#include "PromptDialog.h"

#include "FormParts.h"
#include "StatusColors.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace opsdeck::widgets {

PromptDialog::PromptDialog(Kind kind, const QString& title, const QString& prompt, const QString& actionText,
                           QWidget* parent)
    : QDialog(parent), m_kind(kind)
{
    setObjectName(QStringLiteral("promptDialog"));
    setWindowTitle(title);
    setMinimumWidth(440);
    auto* layout = new QVBoxLayout(this);

    m_prompt = new QLabel(prompt, this);
    m_prompt->setObjectName(QStringLiteral("promptText"));
    m_prompt->setWordWrap(true);
    layout->addWidget(m_prompt);

    auto* form = new QFormLayout();
    m_value = new QLineEdit(this);
    m_value->setObjectName(QStringLiteral("promptValue"));
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("promptConfirm"));
    if (kind == Kind::Secret) {
        for (QLineEdit* e : {m_value, m_confirm}) {
            e->setEchoMode(QLineEdit::Password);
            // No clipboard copies, no input-method history of a secret.
            e->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
        }
        form->addRow(tr("Secret"), m_value);
        form->addRow(tr("Confirm"), m_confirm);
    } else {
        form->addRow(m_value);
        m_confirm->hide();
    }
    layout->addLayout(form);

    m_problem = newProblemLabel(this, QStringLiteral("promptProblem"));
    m_problem->hide(); // takes room only when there is something to say
    layout->addWidget(m_problem);

    // "Close", not "Cancel": the action may itself be a cancel ("Cancel items"). Enter submits.
    m_submit = addFormButtons(this, layout, QDialogButtonBox::Close, actionText,
                              QStringLiteral("promptSubmit"), &PromptDialog::submit);

    connect(m_value, &QLineEdit::textChanged, this, &PromptDialog::revalidate);
    connect(m_confirm, &QLineEdit::textChanged, this, &PromptDialog::revalidate);
    revalidate();
    fitHeight();
}

void PromptDialog::setMinimumLength(int characters)
{
    m_minimumLength = qMax(1, characters);
    revalidate();
}

void PromptDialog::setPlaceholderText(const QString& text)
{
    m_value->setPlaceholderText(text);
}

QString PromptDialog::value() const
{
    return m_kind == Kind::Secret ? m_value->text() : m_value->text().trimmed();
}

void PromptDialog::setProblem(const QString& text)
{
    const bool wasVisible = m_problem->isVisibleTo(this);
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    if (wasVisible != !text.isEmpty() || !text.isEmpty())
        fitHeight(); // grow for the message, shrink back without it; the prompt is never squeezed
}

void PromptDialog::fitHeight()
{
    // Wrapped labels: the height that fits the current width, not adjustSize()'s guess at one.
    adjustSize();
    if (layout()->hasHeightForWidth())
        resize(width(), qMax(layout()->heightForWidth(width()), minimumSizeHint().height()));
}

QString PromptDialog::problemText() const
{
    return m_problem->text();
}

QString PromptDialog::problem() const
{
    if (value().size() < m_minimumLength)
        return m_minimumLength == 1 ? tr("This cannot be empty.")
                                    : tr("At least %1 characters, please.").arg(m_minimumLength);
    if (m_kind == Kind::Secret && m_confirm->text() != m_value->text())
        return tr("The two entries differ.");
    return {};
}

void PromptDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_value->setEnabled(!busy);
    m_confirm->setEnabled(!busy);
    revalidate();
}

void PromptDialog::showProblem(const QString& text)
{
    setProblem(text);
}

void PromptDialog::clearValue()
{
    // QLineEdit keeps no undo history of a password field; clearing is what is left to do.
    m_value->clear();
    m_confirm->clear();
}

bool PromptDialog::submit()
{
    const QString p = problem();
    if (!p.isEmpty() || m_busy) {
        setProblem(p);
        return false;
    }
    setProblem({});
    Q_EMIT submitted();
    return true;
}

void PromptDialog::revalidate()
{
    const QString p = problem();
    // Nothing typed yet: no red text, only a disabled button.
    if (m_value->text().isEmpty() && m_confirm->text().isEmpty())
        setProblem({});
    else if (!p.isEmpty())
        setProblem(p);
    else
        setProblem({});
    m_submit->setEnabled(p.isEmpty() && !m_busy);
}

} // namespace opsdeck::widgets
