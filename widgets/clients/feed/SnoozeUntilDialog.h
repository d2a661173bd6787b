#pragma once

#include <QDateTime>
#include <QDialog>

class QDateTimeEdit;
class QLabel;
class QPushButton;

namespace opsdeck::widgets::clients {

// "Snooze until…": a small non-modal form with a date-time picker, in PromptDialog's pattern. Open
// it with open(); submit() emits submitted(until) and the dialog stays open, so the caller closes it
// (accept()) only once the database agreed, and shows a refusal in it (showProblem()) otherwise.
// Tests set the time with setUntil() (or through dateTimeEdit()) and call submit().
class SnoozeUntilDialog : public QDialog
{
    Q_OBJECT

public:
    SnoozeUntilDialog(int alertCount, const QDateTime& initial, QWidget* parent = nullptr);

    QDateTime until() const;
    void setUntil(const QDateTime& until);
    QDateTimeEdit* dateTimeEdit() const { return m_edit; }
    QPushButton* submitButton() const { return m_submit; }
    QString problemText() const;

    void setBusy(bool busy);
    void showProblem(const QString& text);

public Q_SLOTS:
    void submit();

Q_SIGNALS:
    void submitted(const QDateTime& until);

private:
    QDateTimeEdit* m_edit = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_submit = nullptr;
};

} // namespace opsdeck::widgets::clients
