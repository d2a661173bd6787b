#pragma once

#include <QByteArray>
#include <QHash>
#include <QPixmap>
#include <QStyledItemDelegate>
#include <utility>

namespace opsdeck::widgets::clients {

// Paints one client card of a ClientCardModel: logo (or a monogram disc in the brand colour), name,
// health dot and word, open-alerts badge, revenue of the last 7 days with its trend against the
// 7 days before and a 14-day sparkline (only when the card carries revenue), the request metrics
// behind the health, the data age, and three small buttons for the quick actions, hit-tested in
// editorEvent. Colours come from the palette and StatusColors, so light and dark both work.
class ClientCardDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum class Action
    {
        OpenDashboard,
        AddNote,
        AddTask,
    };
    Q_ENUM(Action)

    explicit ClientCardDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;

    static QList<Action> allActions() { return {Action::OpenDashboard, Action::AddNote, Action::AddTask}; }
    // The quick actions the cards offer (the panel leaves out those the role may not use).
    void setActions(const QList<Action>& actions) { m_actions = actions; }
    QList<Action> actions() const { return m_actions; }

    // Where a quick action's button sits inside a card's item rectangle when the cards offer
    // `offered` (tests click there); empty when the action is not offered.
    static QRect actionRect(const QRect& itemRect, Action action,
                            const QList<Action>& offered = allActions());
    static QString actionText(Action action);
    static QString actionToolTip(Action action);

    // "+12.3 %", "−4.0 %": a signed change with its unit.
    static QString changeText(double percent);
    // "NZD 12,480": whole units of the tenant's currency.
    static QString moneyText(double amount, const QString& currency);

Q_SIGNALS:
    void actionTriggered(const QModelIndex& index,
                         opsdeck::widgets::clients::ClientCardDelegate::Action action);

protected:
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override;

private:
    QPixmap logoFor(const QString& tenantId, const QByteArray& bytes, int size, qreal dpr) const;

    // Decoded logos by tenant, with the bytes they came from (a new logo replaces the entry).
    mutable QHash<QString, std::pair<QByteArray, QPixmap>> m_logos;
    QList<Action> m_actions = allActions();
};

} // namespace opsdeck::widgets::clients
