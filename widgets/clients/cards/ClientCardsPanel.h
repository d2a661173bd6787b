#pragma once

#include "ClientCardDelegate.h"
#include "common/Panel.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QStackedWidget;

namespace opsdeck::clients {
class ClientCardModel;
class ClientCardFilterModel;
} // namespace opsdeck::clients

namespace opsdeck::widgets::clients {

// Clients → cards: every tenant in scope as a card (ClientCardDelegate) in a grid that reflows with
// the width, from one call of client_cards() per load. Sort by health, revenue or name; filter by
// name/slug and by health; arrow keys move between cards. Enter or a double click opens the
// tenant's dashboard; the card's buttons and its context menu also add a note or a task. The panel
// only emits the requests; the tab decides what opens. Revenue shows only where the database sent
// it (tenants.revenue).
class ClientCardsPanel : public Panel
{
    Q_OBJECT

public:
    explicit ClientCardsPanel(session::Session& session, QWidget* parent = nullptr);

    opsdeck::clients::ClientCardModel* model() const { return m_model; }
    opsdeck::clients::ClientCardFilterModel* proxy() const { return m_proxy; }
    QListView* view() const { return m_view; }
    ClientCardDelegate* delegate() const { return m_delegate; }
    QComboBox* sortCombo() const { return m_sort; }
    QComboBox* healthCombo() const { return m_health; }
    QLineEdit* filterEdit() const { return m_filter; }
    QLabel* countLabel() const { return m_count; }
    // The message shown when the filters hide every card; empty while cards are shown.
    QString noMatchText() const;
    // The id of the current card, empty when none.
    QString currentTenantId() const;

Q_SIGNALS:
    void dashboardRequested(const QString& tenantId);
    void addNoteRequested(const QString& tenantId, const QString& tenantName);
    void addTaskRequested(const QString& tenantId, const QString& tenantName);

protected:
    void fetch() override;

private:
    void trigger(const QModelIndex& proxyIndex, ClientCardDelegate::Action action);
    void showContextMenu(const QPoint& viewportPos);
    void updateFilterState();

    opsdeck::clients::ClientCardModel* m_model = nullptr;
    opsdeck::clients::ClientCardFilterModel* m_proxy = nullptr;
    ClientCardDelegate* m_delegate = nullptr;
    QListView* m_view = nullptr;
    QComboBox* m_sort = nullptr;
    QComboBox* m_health = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_count = nullptr;
    QStackedWidget* m_cardsOrNone = nullptr;
    QLabel* m_noMatch = nullptr;
};

} // namespace opsdeck::widgets::clients
