#pragma once

#include <QBoxLayout>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QString>

namespace opsdeck::widgets {

// The parts the form dialogs share (PromptDialog, the task, note, snooze and connection forms).

// The line under a form where a refusal is shown in the database's words: wrapped, selectable
// (so it can be copied into a ticket), in the palette's "bad" colour.
QLabel* newProblemLabel(QWidget* parent, const QString& objectName);

// The form's buttons at the foot of `layout`: `dismiss` (Cancel, or Close where the action may
// itself be a cancel) and the action, which is the default button and calls `submit`.
template <typename Form, typename Submit>
QPushButton* addFormButtons(Form* form, QBoxLayout* layout, QDialogButtonBox::StandardButton dismiss,
                            const QString& actionText, const QString& objectName, Submit submit)
{
    auto* buttons = new QDialogButtonBox(dismiss, form);
    QPushButton* action = buttons->addButton(actionText, QDialogButtonBox::AcceptRole);
    action->setObjectName(objectName);
    action->setDefault(true);
    QObject::connect(buttons, &QDialogButtonBox::accepted, form, submit);
    QObject::connect(buttons, &QDialogButtonBox::rejected, form, &QDialog::reject);
    layout->addWidget(buttons);
    return action;
}

} // namespace opsdeck::widgets
