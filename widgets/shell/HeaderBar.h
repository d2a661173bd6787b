#pragma once

#include "session/Session.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace opsdeck::widgets {

class ConnectionIndicator;

// The band across the top of the main window: who is signed in (name, role, server), the tenant
// scope and auto-refresh choices that every panel follows, and the connection state. Binds the two
// choices to the Session and remembers them in Settings.
class HeaderBar : public QWidget
{
    Q_OBJECT

public:
    explicit HeaderBar(session::Session& session, QWidget* parent = nullptr);

    QComboBox* tenantCombo() const { return m_tenantCombo; }
    QComboBox* refreshCombo() const { return m_refreshCombo; }
    ConnectionIndicator* connectionIndicator() const { return m_indicator; }
    QString staffNameText() const;
    bool tenantsLoaded() const { return m_tenantsLoaded; }
    // Open alerts in the staff member's feed they have not read (my_unread_alert_count()); -1 until
    // known, or when the staff member may not view alerts (the label is hidden then).
    int unreadAlerts() const { return m_unreadAlerts; }
    QLabel* unreadAlertsLabel() const { return m_alerts; }

    // The auto-refresh choices as shown ("Off", "10 s", "30 s", "1 min").
    static QString refreshChoiceText(int seconds);

Q_SIGNALS:
    void tenantListLoaded(bool ok);
    void unreadAlertsChanged(int count);

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void loadTenants();
    void loadUnreadAlerts();
    void applyTones();

    session::Session& m_session;
    QLabel* m_brand = nullptr;
    QLabel* m_name = nullptr;
    QLabel* m_details = nullptr;
    QLabel* m_tenantLabel = nullptr;
    QLabel* m_refreshLabel = nullptr;
    QComboBox* m_tenantCombo = nullptr;
    QComboBox* m_refreshCombo = nullptr;
    ConnectionIndicator* m_indicator = nullptr;
    QLabel* m_alerts = nullptr;
    bool m_tenantsLoaded = false;
    int m_unreadAlerts = -1;
    bool m_alertsLoading = false; // one count at a time; a change meanwhile asks once more
    bool m_alertsQueued = false;
};

} // namespace opsdeck::widgets
