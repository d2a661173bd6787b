#include "ChangeListener.h"

#include "Connection.h"
#include "common/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace opsdeck::db {

bool ChangeEvent::fromPayload(const QByteArray& json, ChangeEvent* out)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    if (!o.value(QLatin1String("seq")).isDouble() || !o.value(QLatin1String("table")).isString())
        return false;
    out->seq = qint64(o.value(QLatin1String("seq")).toDouble());
    out->table = o.value(QLatin1String("table")).toString();
    out->op = o.value(QLatin1String("op")).toString();
    out->rowId = o.value(QLatin1String("id")).toString();
    out->tenantId = o.value(QLatin1String("tenant_id")).toString();
    out->replayed = false;
    return true;
}

ChangeListener::ChangeListener(const ConnectionProfile& profile, const QString& password, int pingIntervalMs)
    : m_profile(profile), m_password(password), m_pingIntervalMs(pingIntervalMs)
{
    m_profile.applicationName = QStringLiteral("opsdeck-listener");
}

ChangeListener::~ChangeListener() = default;

void ChangeListener::start()
{
    m_connection = std::make_unique<Connection>(m_profile, m_password,
                                                QStringLiteral("opsdeck-listener-") +
                                                    QUuid::createUuid().toString(QUuid::WithoutBraces));
    m_pingTimer = new QTimer(this);
    m_pingTimer->setInterval(m_pingIntervalMs);
    connect(m_pingTimer, &QTimer::timeout, this, &ChangeListener::ping);
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &ChangeListener::connectNow);
    connectNow();
}

void ChangeListener::stop()
{
    if (m_pingTimer)
        m_pingTimer->stop();
    if (m_retryTimer)
        m_retryTimer->stop();
    m_connection.reset();
}

void ChangeListener::connectNow()
{
    try {
        m_connection->ensureOpen();
        QSqlDriver* driver = m_connection->database().driver();
        disconnect(driver, nullptr, this, nullptr);
        if (!driver->subscribeToNotification(QString::fromLatin1(kChannel)))
            throw DbError::fromSql(driver->lastError(), QStringLiteral("subscribing to changes"));
        connect(driver, &QSqlDriver::notification, this,
                [this](const QString& name, QSqlDriver::NotificationSource source, const QVariant& payload) {
                    onNotification(name, int(source), payload);
                });

        int replayed = 0;
        bool reloadNeeded = false;
        if (m_lastSeq < 0) {
            QSqlQuery q =
                m_connection->execRaw(QStringLiteral("SELECT coalesce(max(seq), 0) FROM change_log"),
                                      QStringLiteral("reading the change sequence"));
            m_lastSeq = q.next() ? q.value(0).toLongLong() : 0;
        } else {
            // Subscribed first, then read what was missed: nothing falls between the two; events that
            // arrive twice are dropped by their sequence number.
            QSqlQuery q(m_connection->database());
            q.prepare(QStringLiteral(
                          "SELECT seq, table_name, op, coalesce(row_id, ''), coalesce(tenant_id::text, '') "
                          "FROM change_log WHERE seq > ? ORDER BY seq LIMIT %1")
                          .arg(kMaxReplay + 1));
            q.addBindValue(qMax<qint64>(0, m_lastSeq - kReplayMargin));
            m_connection->exec(q, QStringLiteral("replaying missed changes"));
            QList<ChangeEvent> missed;
            int rows = 0;
            while (q.next()) {
                ++rows;
                ChangeEvent e;
                e.seq = q.value(0).toLongLong();
                e.table = q.value(1).toString();
                e.op = q.value(2).toString();
                e.rowId = q.value(3).toString();
                e.tenantId = q.value(4).toString();
                e.replayed = true;
                if (!m_seen.contains(e.seq))
                    missed.append(e);
            }
            if (rows > kMaxReplay) {
                reloadNeeded = true;
                for (const auto& e : missed)
                    remember(e.seq);
            } else {
                for (const auto& e : missed)
                    emitEvent(e);
                replayed = int(missed.size());
            }
        }
        m_attempts = 0;
        m_pingTimer->start();
        qCInfo(lcListener) << "listening on" << kChannel << "backend" << m_connection->backendPid();
        Q_EMIT connected(m_connection->backendPid());
        if (m_everConnected)
            Q_EMIT caughtUp(replayed, reloadNeeded);
        m_everConnected = true;
    } catch (const DbError& e) {
        lost(e.message);
    }
}

void ChangeListener::ping()
{
    if (!m_connection || !m_connection->isOpen()) {
        lost(QStringLiteral("connection closed"));
        return;
    }
    QSqlQuery q(m_connection->database());
    if (!q.exec(QStringLiteral("SELECT 1")) || m_connection->isBroken())
        lost(q.lastError().databaseText().trimmed().isEmpty() ? QStringLiteral("connection lost")
                                                              : q.lastError().databaseText().trimmed());
}

void ChangeListener::lost(const QString& message)
{
    m_pingTimer->stop();
    if (m_connection && m_connection->isOpen()) {
        disconnect(m_connection->database().driver(), nullptr, this, nullptr);
        m_connection->close();
    }
    ++m_attempts;
    const int delay = Connection::backoffMs(m_attempts);
    qCWarning(lcListener) << "disconnected:" << message << "- retrying in" << delay << "ms";
    Q_EMIT disconnected(message);
    m_retryTimer->start(delay);
}

void ChangeListener::onNotification(const QString& name, int, const QVariant& payload)
{
    if (name != QLatin1String(kChannel))
        return;
    ChangeEvent e;
    if (!ChangeEvent::fromPayload(payload.toString().toUtf8(), &e)) {
        qCWarning(lcListener) << "ignoring a malformed change payload of" << payload.toString().size()
                              << "bytes";
        return;
    }
    emitEvent(e);
}

void ChangeListener::emitEvent(ChangeEvent e)
{
    if (m_seen.contains(e.seq))
        return;
    remember(e.seq);
    Q_EMIT changed(e);
}

void ChangeListener::remember(qint64 seq)
{
    m_lastSeq = qMax(m_lastSeq, seq);
    m_seen.insert(seq);
    m_seenOrder.push_back(seq);
    while (m_seenOrder.size() > size_t(kSeenWindow)) {
        m_seen.remove(m_seenOrder.front());
        m_seenOrder.pop_front();
    }
}

} // namespace opsdeck::db
