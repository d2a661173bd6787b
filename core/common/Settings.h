#pragma once

#include "db/ConnectionProfile.h"

#include <QList>
#include <QSettings>
#include <QString>
#include <QVariant>
#include <memory>

namespace opsdeck::common {

// One typed registry over QSettings (KeePassXC's Config). Every key the programs store is listed in
// Key with its default; nothing else writes QSettings. Secrets never go here: passwords live in the
// OS keychain (auth::SecretStore), and tests prove the settings file holds none.
class Settings
{
public:
    enum class Key
    {
        LastProfileName,
        LastLogin,
        RememberPassword,
        AutoRefreshSeconds,
        TenantScope,
        MainWindowGeometry,
        MainWindowState,
        CurrentTab,
        RunEngines, // this workstation runs the outbound queue and alert evaluator (with engines.run)
    };

    // The process-wide instance (created on first use, backed by the platform's settings file).
    static Settings& instance();
    // Tests: replace the instance with one backed by a file at `path` (a temporary dir).
    static void createTemporary(const QString& path);

    QVariant get(Key key) const;
    void set(Key key, const QVariant& value);
    void reset(Key key);

    QString getString(Key key) const { return get(key).toString(); }
    int getInt(Key key) const { return get(key).toInt(); }
    bool getBool(Key key) const { return get(key).toBool(); }

    // Saved connection profiles (no passwords: db::ConnectionProfile has no password field).
    QList<db::ConnectionProfile> profiles() const;
    void setProfiles(const QList<db::ConnectionProfile>& profiles);

    void sync();
    QString fileName() const;

private:
    explicit Settings(std::unique_ptr<QSettings> backend);
    std::unique_ptr<QSettings> m_settings;
};

} // namespace opsdeck::common
