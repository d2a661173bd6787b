#pragma once

#include <QList>
#include <QMessageBox>
#include <QString>

namespace opsdeck::widgets {

// Every modal message the console shows goes through here (KeePassXC's MessageBox pattern), so a
// test can answer it instead of a person: setNextAnswer() answers the next box, setTestMode(true)
// answers every box with its default button. Either way nothing is shown, the call returns at once
// and the box is recorded for the test to assert on.
class MessageBox
{
public:
    using Button = QMessageBox::StandardButton;
    using Buttons = QMessageBox::StandardButtons;

    struct Shown
    {
        QMessageBox::Icon icon = QMessageBox::NoIcon;
        QString title;
        QString text;
        Button answer = QMessageBox::NoButton;
    };

    static Button critical(QWidget* parent, const QString& title, const QString& text,
                           Buttons buttons = QMessageBox::Ok, Button defaultButton = QMessageBox::NoButton);
    static Button warning(QWidget* parent, const QString& title, const QString& text,
                          Buttons buttons = QMessageBox::Ok, Button defaultButton = QMessageBox::NoButton);
    static Button information(QWidget* parent, const QString& title, const QString& text,
                              Buttons buttons = QMessageBox::Ok,
                              Button defaultButton = QMessageBox::NoButton);
    static Button question(QWidget* parent, const QString& title, const QString& text,
                           Buttons buttons = QMessageBox::Yes | QMessageBox::No,
                           Button defaultButton = QMessageBox::NoButton);

    // Tests: the answer for the next box only (then back to normal or test mode).
    static void setNextAnswer(Button answer);
    // Tests: answer every box with its default button (or the first of Ok, Yes, Close, Cancel, No).
    static void setTestMode(bool enabled);
    static bool testMode();

    // What was answered without showing, oldest first.
    static QList<Shown> recorded();
    static Shown lastRecorded();
    static void clearRecorded();

private:
    static Button show(QMessageBox::Icon icon, QWidget* parent, const QString& title, const QString& text,
                       Buttons buttons, Button defaultButton);
};

} // namespace opsdeck::widgets
