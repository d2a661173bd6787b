#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;

namespace opsdeck::widgets {

// A small non-modal form for one line of text: the reason of a cancel or a disable, or a secret
// (masked, typed twice). Open it with open(); it emits submitted() with a valid value and stays
// open, so the caller closes it (accept()) only once the database or the keychain agreed, and can
// show a refusal in it (showProblem()). Tests fill value/confirm fields and call submit().
class PromptDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Kind
    {
        Text,   // one visible line
        Secret, // masked, with a confirmation field
    };

    PromptDialog(Kind kind, const QString& title, const QString& prompt, const QString& actionText,
                 QWidget* parent = nullptr);

    // Fewer characters (after trimming, for text) keep the action disabled. Default 1.
    void setMinimumLength(int characters);
    void setPlaceholderText(const QString& text);

    QString value() const; // trimmed for text; exactly as typed for a secret
    QLineEdit* valueEdit() const { return m_value; }
    QLineEdit* confirmEdit() const { return m_confirm; }
    QPushButton* submitButton() const { return m_submit; }
    QString problemText() const;

    // While the caller waits for the database or the keychain the form is read-only.
    void setBusy(bool busy);
    // A refusal from the database or the keychain, shown under the field.
    void showProblem(const QString& text);
    // Overwrites the typed secret in the fields; called before the dialog closes.
    void clearValue();

public Q_SLOTS:
    // Emits submitted() when valid; returns whether it did.
    bool submit();

Q_SIGNALS:
    void submitted();

private:
    QString problem() const;
    void revalidate();
    void setProblem(const QString& text);
    void fitHeight();

    Kind m_kind;
    int m_minimumLength = 1;
    bool m_busy = false;
    QLabel* m_prompt = nullptr;
    QLineEdit* m_value = nullptr;
    QLineEdit* m_confirm = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_submit = nullptr;
};

} // namespace opsdeck::widgets
