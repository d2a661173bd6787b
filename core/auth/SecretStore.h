#pragma once

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QString>
#include <memory>

namespace opsdeck::auth {

// Secrets (remembered database passwords, connection keys) behind a small async interface. The
// real implementation is the OS keychain; when there is none, UnavailableSecretStore says so and
// the caller keeps the secret for this session only. There is no insecure fallback.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Status
    {
        Ok,
        NotFound,
        Unavailable, // no keychain on this system (or it refused to open)
        Failed,
    };

    struct Result
    {
        Status status = Status::Failed;
        QString secret;  // read: the secret; otherwise empty
        QString message; // for a person when status is not Ok
        bool ok() const { return status == Status::Ok; }
    };

    using QObject::QObject;

    virtual QFuture<Result> read(const QString& key) = 0;
    virtual QFuture<Result> write(const QString& key, const QString& secret) = 0;
    virtual QFuture<Result> remove(const QString& key) = 0;
    // A short name for the backend ("Secret Service", "unavailable").
    virtual QString backendName() const = 0;

    // The key under which a profile's remembered password for a login is stored.
    static QString passwordKey(const QString& profileName, const QString& login);
};

// QtKeychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).
// Jobs run asynchronously on the calling thread's event loop, which must be running.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    explicit KeychainSecretStore(const QString& service = QStringLiteral("Opsdeck"),
                                 QObject* parent = nullptr);
    QFuture<Result> read(const QString& key) override;
    QFuture<Result> write(const QString& key, const QString& secret) override;
    QFuture<Result> remove(const QString& key) override;
    QString backendName() const override;

private:
    QString m_service;
};

// The honest "no keychain here": every call answers Unavailable.
class UnavailableSecretStore : public SecretStore
{
    Q_OBJECT

public:
    explicit UnavailableSecretStore(QString reason, QObject* parent = nullptr);
    QFuture<Result> read(const QString& key) override;
    QFuture<Result> write(const QString& key, const QString& secret) override;
    QFuture<Result> remove(const QString& key) override;
    QString backendName() const override { return QStringLiteral("unavailable"); }

private:
    Result unavailable() const;
    QString m_reason;
};

// Wraps the real store: a secret the keychain cannot take (no keychain, access refused) is kept in
// this process's memory instead, and the write still answers with the keychain's refusal so the UI
// can say "kept for this session only". Reads find such secrets for the rest of the session;
// nothing ever reaches a file.
class SessionSecretStore : public SecretStore
{
    Q_OBJECT

public:
    explicit SessionSecretStore(std::unique_ptr<SecretStore> inner, QObject* parent = nullptr);
    QFuture<Result> read(const QString& key) override;
    QFuture<Result> write(const QString& key, const QString& secret) override;
    QFuture<Result> remove(const QString& key) override;
    QString backendName() const override { return m_inner->backendName(); }
    bool holdsInMemory(const QString& key) const { return m_memory.contains(key); }

private:
    std::unique_ptr<SecretStore> m_inner;
    QHash<QString, QString> m_memory;
};

} // namespace opsdeck::auth
