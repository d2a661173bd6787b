#include "MessageBox.h"

#include "common/Logging.h"

namespace opsdeck::widgets {
namespace {

// GUI-thread only, like the boxes themselves; no locking needed.
struct TestState
{
    bool testMode = false;
    MessageBox::Button nextAnswer = QMessageBox::NoButton;
    QList<MessageBox::Shown> recorded;
};

TestState& state()
{
    static TestState s;
    return s;
}

MessageBox::Button defaultAnswer(MessageBox::Buttons buttons, MessageBox::Button defaultButton)
{
    if (defaultButton != QMessageBox::NoButton)
        return defaultButton;
    for (auto b :
         {QMessageBox::Ok, QMessageBox::Yes, QMessageBox::Close, QMessageBox::Cancel, QMessageBox::No}) {
        if (buttons.testFlag(b))
            return b;
    }
    return QMessageBox::NoButton;
}

} // namespace

MessageBox::Button MessageBox::show(QMessageBox::Icon icon, QWidget* parent, const QString& title,
                                    const QString& text, Buttons buttons, Button defaultButton)
{
    TestState& s = state();
    if (s.nextAnswer != QMessageBox::NoButton || s.testMode) {
        Button answer =
            s.nextAnswer != QMessageBox::NoButton ? s.nextAnswer : defaultAnswer(buttons, defaultButton);
        s.nextAnswer = QMessageBox::NoButton;
        s.recorded.append({icon, title, text, answer});
        qCInfo(lcUi).noquote() << "message box answered without showing:" << title << "—" << text;
        return answer;
    }
    QMessageBox box(icon, title, text, buttons, parent);
    if (defaultButton != QMessageBox::NoButton)
        box.setDefaultButton(defaultButton);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse); // so an error can be copied into a ticket
    return Button(box.exec());
}

MessageBox::Button MessageBox::critical(QWidget* parent, const QString& title, const QString& text,
                                        Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Critical, parent, title, text, buttons, defaultButton);
}

MessageBox::Button MessageBox::warning(QWidget* parent, const QString& title, const QString& text,
                                       Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Warning, parent, title, text, buttons, defaultButton);
}

MessageBox::Button MessageBox::information(QWidget* parent, const QString& title, const QString& text,
                                           Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Information, parent, title, text, buttons, defaultButton);
}

MessageBox::Button MessageBox::question(QWidget* parent, const QString& title, const QString& text,
                                        Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Question, parent, title, text, buttons, defaultButton);
}

void MessageBox::setNextAnswer(Button answer)
{
    state().nextAnswer = answer;
}

void MessageBox::setTestMode(bool enabled)
{
    state().testMode = enabled;
}

bool MessageBox::testMode()
{
    return state().testMode;
}

QList<MessageBox::Shown> MessageBox::recorded()
{
    return state().recorded;
}

MessageBox::Shown MessageBox::lastRecorded()
{
    return state().recorded.isEmpty() ? Shown{} : state().recorded.constLast();
}

void MessageBox::clearRecorded()
{
    state().recorded.clear();
}

} // namespace opsdeck::widgets
