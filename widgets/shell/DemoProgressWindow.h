#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace opsdeck::widgets {

// What `opsdeck --demo` shows while it starts its private PostgreSQL, migrates and seeds it: the
// current step in words and the full log below, so a slow first start does not look like a hang.
class DemoProgressWindow : public QWidget
{
    Q_OBJECT

public:
    explicit DemoProgressWindow(QWidget* parent = nullptr);

    void appendLine(const QString& line);
    void showFailure(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    QLabel* m_step = nullptr;
    QLabel* m_hint = nullptr;
    QPlainTextEdit* m_log = nullptr;
    bool m_failed = false;
};

} // namespace opsdeck::widgets
