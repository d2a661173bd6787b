#include "HeaderBar.h"

#include "alerts/AlertRepository.h"
#include "common/ConnectionIndicator.h"
#include "common/Logging.h"
#include "common/Plural.h"
#include "common/Settings.h"
#include "common/StatusColors.h"
#include "common/TenantChoice.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace opsdeck::widgets {
namespace {

// A short vertical hairline between header groups (a QFrame::VLine draws in the text colour,
// which is far too loud in the dark palette).
class Separator : public QWidget
{
public:
    explicit Separator(QWidget* parent) : QWidget(parent) { setFixedSize(1, 28); }

protected:
    void paintEvent(QPaintEvent*) override { QPainter(this).fillRect(rect(), hairlineColor(palette())); }
};

QWidget* separator(QWidget* parent)
{
    return new Separator(parent);
}

} // namespace

HeaderBar::HeaderBar(session::Session& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("headerBar"));
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(18, 12, 18, 6);
    row->setSpacing(14);

    m_brand = new QLabel(QStringLiteral("Opsdeck"), this);
    m_brand->setObjectName(QStringLiteral("brand"));
    QFont bf = m_brand->font();
    bf.setPointSizeF(bf.pointSizeF() * 1.25);
    bf.setBold(true);
    m_brand->setFont(bf);
    row->addWidget(m_brand);
    row->addWidget(separator(this));

    // Who and where: the name in bold, role and server on a quieter second line.
    const auth::StaffIdentity& staff = session.staff();
    auto* who = new QVBoxLayout();
    who->setSpacing(1);
    m_name = new QLabel(staff.fullName.isEmpty() ? staff.login : staff.fullName, this);
    m_name->setObjectName(QStringLiteral("staffName"));
    QFont nf = m_name->font();
    nf.setBold(true);
    nf.setPointSizeF(nf.pointSizeF() * 1.05);
    m_name->setFont(nf);
    m_details =
        new QLabel(QStringLiteral("%1  ·  %2").arg(staff.roleDisplayName, session.serverName()), this);
    m_details->setObjectName(QStringLiteral("staffDetails"));
    m_details->setToolTip(
        tr("Signed in as %1 (%2) to %3, PostgreSQL %4")
            .arg(staff.login, staff.roleDisplayName, session.serverName(), staff.serverVersion));
    who->addWidget(m_name);
    who->addWidget(m_details);
    row->addLayout(who);
    row->addStretch(1);

    auto& settings = common::Settings::instance();

    m_tenantLabel = new QLabel(tr("Tenant"), this);
    m_tenantCombo = new QComboBox(this);
    m_tenantCombo->setObjectName(QStringLiteral("tenantScope"));
    m_tenantCombo->setMinimumContentsLength(18);
    m_tenantCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_tenantCombo->addItem(tr("All tenants"), QString());
    m_tenantCombo->setEnabled(false); // until the list arrives
    m_tenantCombo->setToolTip(tr("Every panel shows this tenant only, or all tenants"));
    m_tenantLabel->setBuddy(m_tenantCombo);
    row->addWidget(m_tenantLabel);
    row->addWidget(m_tenantCombo);

    m_refreshLabel = new QLabel(tr("Auto-refresh"), this);
    m_refreshCombo = new QComboBox(this);
    m_refreshCombo->setObjectName(QStringLiteral("autoRefresh"));
    m_refreshCombo->setToolTip(tr("How often panels reload when no live change arrived"));
    for (int s : session::Session::autoRefreshChoices())
        m_refreshCombo->addItem(refreshChoiceText(s), s);
    m_refreshLabel->setBuddy(m_refreshCombo);
    row->addWidget(m_refreshLabel);
    row->addWidget(m_refreshCombo);
    row->addWidget(separator(this));

    m_indicator = new ConnectionIndicator(session.monitor(), this);
    m_indicator->setObjectName(QStringLiteral("connectionIndicator"));
    row->addWidget(m_indicator);

    m_alerts = new QLabel(this);
    m_alerts->setObjectName(QStringLiteral("unreadAlerts"));
    m_alerts->setToolTip(tr("Open alerts addressed to you that you have not read"));
    m_alerts->setVisible(false);
    row->addWidget(m_alerts);

    // Auto-refresh: the saved choice if it is still offered, else the seeds' 30 s.
    int seconds = settings.getInt(common::Settings::Key::AutoRefreshSeconds);
    if (!session::Session::autoRefreshChoices().contains(seconds))
        seconds = 30;
    m_refreshCombo->setCurrentIndex(m_refreshCombo->findData(seconds));
    session.setAutoRefreshSeconds(seconds);
    connect(m_refreshCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        const int s = m_refreshCombo->itemData(index).toInt();
        m_session.setAutoRefreshSeconds(s);
        common::Settings::instance().set(common::Settings::Key::AutoRefreshSeconds, s);
    });

    // Tenant scope: apply the saved one at once, so the first panel loads already use it; the list
    // confirms it (or falls back to all tenants) when it arrives.
    session.setTenantScope(settings.getString(common::Settings::Key::TenantScope));
    connect(m_tenantCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QString id = m_tenantCombo->itemData(index).toString();
        m_session.setTenantScope(id);
        common::Settings::instance().set(common::Settings::Key::TenantScope, id);
    });

    applyTones();
    loadTenants();
    // A tenant added, renamed or deactivated elsewhere shows up here without a restart.
    session.events().onTables({QStringLiteral("tenants")}, this, [this] { loadTenants(); });
    if (staff.has(QStringLiteral("ops.alerts.view"))) {
        loadUnreadAlerts();
        session.events().onTables({QStringLiteral("alerts"), QStringLiteral("alert_staff_state"),
                                   QStringLiteral("alert_subscriptions")},
                                  this, [this] { loadUnreadAlerts(); });
    }
}

QString HeaderBar::staffNameText() const
{
    return m_name->text();
}

QString HeaderBar::refreshChoiceText(int seconds)
{
    if (seconds <= 0)
        return tr("Off");
    if (seconds % 60 == 0)
        return tr("%1 min").arg(seconds / 60);
    return tr("%1 s").arg(seconds);
}

void HeaderBar::loadTenants()
{
    m_session.loadTenants().then(this, [this](db::DbResult<QList<session::TenantRef>> result) {
        m_tenantsLoaded = true;
        if (!result.ok() && m_tenantCombo->count() > 1)
            return; // a failed reload keeps the list we have
        if (!result.ok()) {
            qCWarning(lcUi).noquote() << "tenant list:" << result.error().text();
            m_tenantCombo->setToolTip(
                tr("The tenant list could not be loaded: %1").arg(result.error().text()));
            if (!m_session.tenantScope().isEmpty())
                m_session.setTenantScope(QString()); // a scope we cannot show by name is a trap
            Q_EMIT tenantListLoaded(false);
            return;
        }
        const QSignalBlocker blocker(m_tenantCombo);
        while (m_tenantCombo->count() > 1)
            m_tenantCombo->removeItem(1); // a reload: "All tenants" stays
        int select = 0;
        for (const auto& t : result.value()) {
            m_tenantCombo->addItem(tenantChoiceText(t), t.id);
            const int i = m_tenantCombo->count() - 1;
            m_tenantCombo->setItemData(i, t.slug, Qt::ToolTipRole);
            if (!t.active) {
                QFont f = m_tenantCombo->font();
                f.setItalic(true);
                m_tenantCombo->setItemData(i, f, Qt::FontRole);
            }
            if (t.id == m_session.tenantScope())
                select = i;
        }
        m_tenantCombo->setCurrentIndex(select);
        m_tenantCombo->setEnabled(true);
        if (select == 0 && !m_session.tenantScope().isEmpty()) {
            // The saved tenant is gone (or no longer visible to this login).
            m_session.setTenantScope(QString());
            common::Settings::instance().set(common::Settings::Key::TenantScope, QString());
        }
        Q_EMIT tenantListLoaded(true);
    });
}

void HeaderBar::loadUnreadAlerts()
{
    if (m_alertsLoading) {
        m_alertsQueued = true;
        return;
    }
    m_alertsLoading = true;
    m_session.pool()
        .run([](db::Connection& c) { return alerts::AlertRepository::unreadCount(c); })
        .then(this, [this](const db::DbResult<int>& result) {
            m_alertsLoading = false;
            if (result.ok()) {
                const int n = result.value();
                const bool changed = n != m_unreadAlerts;
                m_unreadAlerts = n;
                m_alerts->setText(n == 0 ? tr("No unread alerts")
                                         : countOf(n, tr("unread alert"), tr("unread alerts")));
                m_alerts->setToolTip(tr("Open alerts addressed to you that you have not read"));
                m_alerts->setVisible(true);
                applyTones();
                if (changed)
                    Q_EMIT unreadAlertsChanged(n);
            } else {
                // Keep the last count; say why it may be stale.
                qCWarning(lcUi).noquote() << "unread alerts:" << result.error().text();
                m_alerts->setToolTip(
                    tr("The unread count could not be loaded: %1").arg(result.error().text()));
            }
            if (m_alertsQueued) {
                m_alertsQueued = false;
                loadUnreadAlerts();
            }
        });
}

void HeaderBar::paintEvent(QPaintEvent*)
{
    // The base colour sets the header apart from the grey window. It continues into the tab strip
    // below (Theme's style sheet), whose hairline closes off both as one band.
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
}

void HeaderBar::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTones();
}

void HeaderBar::applyTones()
{
    applyTone(m_details, Tone::Neutral);
    applyTone(m_tenantLabel, Tone::Neutral);
    applyTone(m_refreshLabel, Tone::Neutral);
    applyTone(m_alerts, m_unreadAlerts > 0 ? Tone::Warn : Tone::Neutral);
}

} // namespace opsdeck::widgets
