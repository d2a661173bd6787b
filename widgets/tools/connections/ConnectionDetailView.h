#pragma once

#include "connections/ConnectionRepository.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTableWidget;

namespace opsdeck::widgets::tools {

// The right half of Tools → Connections: one connection's settings, state, last sync, its
// configuration (with what the delivery would object to) and whether this workstation holds its
// secret. Shows only what it is given; ConnectionsPanel loads it.
class ConnectionDetailView : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionDetailView(QWidget* parent = nullptr);

    void showRecord(const connections::ConnectionRecord& record);
    void showMessage(const QString& text);
    // "Secret: in this keychain (Secret Service)" and the like; `tone` colours it.
    void setSecretState(const QString& text, int tone, const QString& detail = {});
    // The steps of a connection test (name, ok, latency, detail); empty hides the list.
    void clearTestSteps();
    void addTestStep(const QString& name, bool ok, qint64 latencyMs, const QString& detail);
    void setTestSummary(const QString& text, int tone);

    QString shownId() const { return m_id; }
    QString secretText() const;
    QString configText() const;
    QString configProblemText() const;
    QString syncText() const;
    QString stateText() const;
    QString messageText() const;
    QTableWidget* testSteps() const { return m_steps; }
    QString testSummaryText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    QString m_id;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_owner = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_sync = nullptr;
    QLabel* m_secret = nullptr;
    QLabel* m_keyName = nullptr;
    QLabel* m_created = nullptr;
    QPlainTextEdit* m_config = nullptr;
    QLabel* m_configProblem = nullptr;
    QLabel* m_testSummary = nullptr;
    QTableWidget* m_steps = nullptr;
};

} // namespace opsdeck::widgets::tools
