#include "SecretStore.h"

#include "common/Logging.h"

#include <QPromise>
#include <qt6keychain/keychain.h>

namespace opsdeck::auth {
namespace {

SecretStore::Result fromJob(const QKeychain::Job& job)
{
    SecretStore::Result r;
    switch (job.error()) {
    case QKeychain::NoError:
        r.status = SecretStore::Status::Ok;
        return r;
    case QKeychain::EntryNotFound:
        r.status = SecretStore::Status::NotFound;
        r.message = QStringLiteral("No secret is stored under this name");
        return r;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        r.status = SecretStore::Status::Unavailable;
        r.message = QStringLiteral("No keychain is available on this system (%1)").arg(job.errorString());
        return r;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        r.status = SecretStore::Status::Unavailable;
        r.message = QStringLiteral("The keychain refused access (%1)").arg(job.errorString());
        return r;
    default:
        // D-Bus errors when no Secret Service runs land here; they mean "no keychain" too.
        r.status = job.errorString().contains(QLatin1String("org.freedesktop"), Qt::CaseInsensitive) ||
                           job.errorString().contains(QLatin1String("D-Bus"), Qt::CaseInsensitive) ||
                           job.errorString().contains(QLatin1String("DBus"), Qt::CaseInsensitive)
                       ? SecretStore::Status::Unavailable
                       : SecretStore::Status::Failed;
        r.message = QStringLiteral("Keychain error: %1").arg(job.errorString());
        return r;
    }
}

template <typename JobT, typename Setup>
QFuture<SecretStore::Result> runJob(const QString& service, const QString& key, Setup setup)
{
    auto promise = std::make_shared<QPromise<SecretStore::Result>>();
    promise->start();
    auto* job = new JobT(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext fallback
    job->setKey(key);
    setup(*job);
    QObject::connect(job, &QKeychain::Job::finished, job, [promise](QKeychain::Job* j) {
        SecretStore::Result r = fromJob(*j);
        if constexpr (std::is_same_v<JobT, QKeychain::ReadPasswordJob>) {
            if (r.ok())
                r.secret = static_cast<QKeychain::ReadPasswordJob*>(j)->textData();
        }
        if (!r.ok() && r.status != SecretStore::Status::NotFound)
            qCWarning(lcKeychain) << "keychain job failed:" << r.message; // names no key and no secret
        promise->addResult(r);
        promise->finish();
    });
    job->start();
    return promise->future();
}

} // namespace

QString SecretStore::passwordKey(const QString& profileName, const QString& login)
{
    return QStringLiteral("profile/%1/%2").arg(profileName, login);
}

KeychainSecretStore::KeychainSecretStore(const QString& service, QObject* parent)
    : SecretStore(parent), m_service(service)
{}

QFuture<SecretStore::Result> KeychainSecretStore::read(const QString& key)
{
    return runJob<QKeychain::ReadPasswordJob>(m_service, key, [](auto&) {});
}

QFuture<SecretStore::Result> KeychainSecretStore::write(const QString& key, const QString& secret)
{
    return runJob<QKeychain::WritePasswordJob>(m_service, key,
                                               [&secret](auto& job) { job.setTextData(secret); });
}

QFuture<SecretStore::Result> KeychainSecretStore::remove(const QString& key)
{
    return runJob<QKeychain::DeletePasswordJob>(m_service, key, [](auto&) {});
}

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return QStringLiteral("macOS Keychain");
#elif defined(Q_OS_WIN)
    return QStringLiteral("Windows Credential Manager");
#else
    return QStringLiteral("Secret Service");
#endif
}

UnavailableSecretStore::UnavailableSecretStore(QString reason, QObject* parent)
    : SecretStore(parent), m_reason(std::move(reason))
{}

SecretStore::Result UnavailableSecretStore::unavailable() const
{
    return Result{Status::Unavailable, QString(), m_reason};
}

QFuture<SecretStore::Result> UnavailableSecretStore::read(const QString&)
{
    return QtFuture::makeReadyFuture(unavailable());
}

QFuture<SecretStore::Result> UnavailableSecretStore::write(const QString&, const QString&)
{
    return QtFuture::makeReadyFuture(unavailable());
}

QFuture<SecretStore::Result> UnavailableSecretStore::remove(const QString&)
{
    return QtFuture::makeReadyFuture(unavailable());
}

SessionSecretStore::SessionSecretStore(std::unique_ptr<SecretStore> inner, QObject* parent)
    : SecretStore(parent), m_inner(std::move(inner))
{}

QFuture<SecretStore::Result> SessionSecretStore::read(const QString& key)
{
    auto it = m_memory.constFind(key);
    if (it != m_memory.constEnd())
        return QtFuture::makeReadyFuture(Result{Status::Ok, *it, QString()});
    return m_inner->read(key);
}

QFuture<SecretStore::Result> SessionSecretStore::write(const QString& key, const QString& secret)
{
    return m_inner->write(key, secret).then(this, [this, key, secret](Result r) {
        if (r.ok())
            m_memory.remove(key);
        else
            m_memory.insert(key, secret);
        return r;
    });
}

QFuture<SecretStore::Result> SessionSecretStore::remove(const QString& key)
{
    const bool hadMemory = m_memory.remove(key) > 0;
    return m_inner->remove(key).then(this, [hadMemory](Result r) {
        if (!r.ok() && hadMemory && r.status == Status::Unavailable)
            r = Result{Status::Ok, QString(), QString()};
        return r;
    });
}

} // namespace opsdeck::auth
