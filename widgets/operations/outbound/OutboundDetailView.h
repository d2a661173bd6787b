#pragma once

#include "outbound/OutboundRepository.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QStandardItemModel;
class QTableView;

namespace opsdeck::widgets::operations {

// The lower half of Operations → Outbound: one item's summary, its attempt history (time, status
// code, latency, outcome, engine, error) and its payload with PII scrubbed, pretty-printed when it
// still parses as JSON. Shows only what it is given; OutboundPanel loads it.
class OutboundDetailView : public QWidget
{
    Q_OBJECT

public:
    enum AttemptColumn
    {
        AttemptNumberColumn,
        AttemptTimeColumn,
        AttemptCodeColumn,
        AttemptLatencyColumn,
        AttemptOutcomeColumn,
        AttemptEngineColumn,
        AttemptErrorColumn, // last: it stretches
        AttemptColumnCount,
    };

    explicit OutboundDetailView(QWidget* parent = nullptr);

    void showDetail(const outbound::OutboundDetail& detail, const QDateTime& now);
    // Nothing selected, several selected, the item is gone, or it failed to load.
    void showMessage(const QString& text);

    QString shownItemId() const { return m_itemId; }
    QString summaryText() const;
    QString payloadText() const;
    QString messageText() const;
    QStandardItemModel* attemptsModel() const { return m_attempts; }
    QTableView* attemptsView() const { return m_attemptsView; }

    // The payload as shown: indented JSON when it parses, else the text as it came.
    static QString formatPayload(const QString& payload);

protected:
    void changeEvent(QEvent* event) override;

private:
    QString m_itemId;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_message = nullptr;
    QWidget* m_detail = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_facts = nullptr;
    QStandardItemModel* m_attempts = nullptr;
    QTableView* m_attemptsView = nullptr;
    QPlainTextEdit* m_payload = nullptr;
};

} // namespace opsdeck::widgets::operations
