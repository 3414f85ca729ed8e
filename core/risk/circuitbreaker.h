// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/enums.h"

#include <QDateTime>
#include <QString>

#include <optional>

/// One change of a breaker or of the trading state, for the journal.
struct BreakerEvent
{
    QString breaker;
    QString from;
    QString to;
    QString reason;
    QString actor; ///< "system" or the operator
    QDateTime at;
};

/// A circuit breaker: CLOSED until `failuresToTrip` consecutive failures (or a
/// trip), then OPEN. An OPEN breaker with a cooldown moves to HALF_OPEN once it
/// has passed and closes after `successesToClose` successes; without a cooldown
/// each success counts at once. A failure while HALF_OPEN re-opens it. An
/// operator-only breaker closes only by reset().
class CircuitBreaker
{
public:
    struct Persisted
    {
        BreakerState state = BreakerState::Closed;
        QString reason;
        QDateTime trippedAt;
        int failures = 0;
        int successes = 0;
    };

    CircuitBreaker(QString name, int failuresToTrip, int successesToClose, int cooldownSeconds, bool operatorResetOnly);

    std::optional<BreakerEvent> recordFailure(const QString &reason, const QDateTime &now);
    std::optional<BreakerEvent> recordSuccess(const QDateTime &now);
    /// OPEN → HALF_OPEN once the cooldown has passed.
    std::optional<BreakerEvent> poll(const QDateTime &now);
    std::optional<BreakerEvent> trip(const QString &reason, const QDateTime &now, const QString &actor = QStringLiteral("system"));
    std::optional<BreakerEvent> reset(const QString &actor, const QDateTime &now);

    const QString &name() const { return m_name; }
    BreakerState state() const { return m_p.state; }
    bool isOpen() const { return m_p.state != BreakerState::Closed; }
    bool operatorResetOnly() const { return m_operatorOnly; }
    const Persisted &persisted() const { return m_p; }
    void restore(const Persisted &p) { m_p = p; }

private:
    std::optional<BreakerEvent> move(BreakerState to, const QString &reason, const QDateTime &now, const QString &actor);

    QString m_name;
    int m_failuresToTrip;
    int m_successesToClose;
    int m_cooldownSeconds;
    bool m_operatorOnly;
    Persisted m_p;
};
