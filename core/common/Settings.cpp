#include "Settings.h"

#include <QHash>

namespace opsdeck::common {
namespace {

struct KeyInfo
{
    const char* name;
    QVariant defaultValue;
};

const QHash<Settings::Key, KeyInfo>& keyInfo()
{
    using K = Settings::Key;
    static const QHash<K, KeyInfo> info = {
        {K::LastProfileName, {"signIn/lastProfile", QString()}},
        {K::LastLogin, {"signIn/lastLogin", QString()}},
        {K::RememberPassword, {"signIn/rememberPassword", false}},
        {K::AutoRefreshSeconds, {"view/autoRefreshSeconds", 30}},
        {K::RunEngines, {"engines/run", true}},
        {K::TenantScope, {"view/tenantScope", QString()}},
        {K::MainWindowGeometry, {"window/geometry", QByteArray()}},
        {K::MainWindowState, {"window/state", QByteArray()}},
        {K::CurrentTab, {"window/currentTab", QString()}},
    };
    return info;
}

std::unique_ptr<Settings>& slot()
{
    static std::unique_ptr<Settings> s;
    return s;
}

} // namespace

Settings::Settings(std::unique_ptr<QSettings> backend) : m_settings(std::move(backend)) {}

Settings& Settings::instance()
{
    auto& s = slot();
    if (!s)
        s.reset(new Settings(std::make_unique<QSettings>()));
    return *s;
}

void Settings::createTemporary(const QString& path)
{
    slot().reset(new Settings(std::make_unique<QSettings>(path, QSettings::IniFormat)));
}

QVariant Settings::get(Key key) const
{
    const KeyInfo& k = keyInfo()[key];
    return m_settings->value(QLatin1String(k.name), k.defaultValue);
}

void Settings::set(Key key, const QVariant& value)
{
    m_settings->setValue(QLatin1String(keyInfo()[key].name), value);
}

void Settings::reset(Key key)
{
    m_settings->remove(QLatin1String(keyInfo()[key].name));
}

QList<db::ConnectionProfile> Settings::profiles() const
{
    QList<db::ConnectionProfile> result;
    const int n = m_settings->beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        db::ConnectionProfile p;
        p.name = m_settings->value(QStringLiteral("name")).toString();
        p.host = m_settings->value(QStringLiteral("host")).toString();
        p.port = m_settings->value(QStringLiteral("port")).toInt();
        p.database = m_settings->value(QStringLiteral("database")).toString();
        p.user = m_settings->value(QStringLiteral("user")).toString();
        p.sslMode = m_settings->value(QStringLiteral("sslMode")).toString();
        p.sslRootCert = m_settings->value(QStringLiteral("sslRootCert")).toString();
        result.append(p);
    }
    m_settings->endArray();
    return result;
}

void Settings::setProfiles(const QList<db::ConnectionProfile>& profiles)
{
    m_settings->beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const auto& p = profiles[i];
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), p.name);
        m_settings->setValue(QStringLiteral("host"), p.host);
        m_settings->setValue(QStringLiteral("port"), p.port);
        m_settings->setValue(QStringLiteral("database"), p.database);
        m_settings->setValue(QStringLiteral("user"), p.user);
        m_settings->setValue(QStringLiteral("sslMode"), p.sslMode);
        m_settings->setValue(QStringLiteral("sslRootCert"), p.sslRootCert);
    }
    m_settings->endArray();
}

void Settings::sync()
{
    m_settings->sync();
}

QString Settings::fileName() const
{
    return m_settings->fileName();
}

} // namespace opsdeck::common
