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

    // The auto-refresh choices as shown ("Off", "10 s", "30 s", "1 min").
    static QString refreshChoiceText(int seconds);

Q_SIGNALS:
    void tenantListLoaded(bool ok);

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void loadTenants();
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
    bool m_tenantsLoaded = false;
};

} // namespace opsdeck::widgets
