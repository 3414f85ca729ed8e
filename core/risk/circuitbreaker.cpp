// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuitbreaker.h"

#include <algorithm>

CircuitBreaker::CircuitBreaker(QString name, int failuresToTrip, int successesToClose, int cooldownSeconds, bool operatorResetOnly)
    : m_name(std::move(name))
    , m_failuresToTrip(std::max(1, failuresToTrip))
    , m_successesToClose(std::max(1, successesToClose))
    , m_cooldownSeconds(std::max(0, cooldownSeconds))
    , m_operatorOnly(operatorResetOnly)
{
}

std::optional<BreakerEvent> CircuitBreaker::move(BreakerState to, const QString &reason, const QDateTime &now, const QString &actor)
{
    if (m_p.state == to)
        return std::nullopt;
    BreakerEvent e{m_name, textOf(m_p.state), textOf(to), reason, actor, now};
    m_p.state = to;
    m_p.successes = 0;
    if (to == BreakerState::Open) {
        m_p.trippedAt = now;
        m_p.reason = reason;
    } else if (to == BreakerState::Closed) {
        m_p.failures = 0;
        m_p.reason.clear();
        m_p.trippedAt = {};
    }
    return e;
}

std::optional<BreakerEvent> CircuitBreaker::recordFailure(const QString &reason, const QDateTime &now)
{
    ++m_p.failures;
    if (m_p.state == BreakerState::HalfOpen)
        return move(BreakerState::Open, QStringLiteral("failed while half-open: %1").arg(reason), now, QStringLiteral("system"));
    if (m_p.state == BreakerState::Closed && !m_operatorOnly && m_p.failures >= m_failuresToTrip)
        return move(BreakerState::Open, QStringLiteral("%1 consecutive failures, last: %2").arg(m_p.failures).arg(reason), now,
                    QStringLiteral("system"));
    if (m_p.state == BreakerState::Open)
        m_p.successes = 0;
    return std::nullopt;
}

std::optional<BreakerEvent> CircuitBreaker::recordSuccess(const QDateTime &now)
{
    if (m_p.state == BreakerState::Closed) {
        m_p.failures = 0;
        return std::nullopt;
    }
    if (m_operatorOnly)
        return std::nullopt;
    if (m_p.state == BreakerState::Open) {
        if (m_cooldownSeconds > 0)
            return std::nullopt; // probes start only after the cooldown
        auto e = move(BreakerState::HalfOpen, QStringLiteral("first good result"), now, QStringLiteral("system"));
        m_p.successes = 1;
        if (m_p.successes >= m_successesToClose)
            return move(BreakerState::Closed, QStringLiteral("%1 good result(s)").arg(m_p.successes), now, QStringLiteral("system"));
        return e;
    }
    if (++m_p.successes >= m_successesToClose) {
        const int n = m_p.successes;
        return move(BreakerState::Closed, QStringLiteral("%1 successful probe(s)").arg(n), now, QStringLiteral("system"));
    }
    return std::nullopt;
}

std::optional<BreakerEvent> CircuitBreaker::poll(const QDateTime &now)
{
    if (m_p.state != BreakerState::Open || m_operatorOnly || m_cooldownSeconds == 0 || !m_p.trippedAt.isValid())
        return std::nullopt;
    if (m_p.trippedAt.secsTo(now) < m_cooldownSeconds)
        return std::nullopt;
    return move(BreakerState::HalfOpen, QStringLiteral("cooldown of %1 s passed; probing").arg(m_cooldownSeconds), now, QStringLiteral("system"));
}

std::optional<BreakerEvent> CircuitBreaker::trip(const QString &reason, const QDateTime &now, const QString &actor)
{
    return move(BreakerState::Open, reason, now, actor);
}

std::optional<BreakerEvent> CircuitBreaker::reset(const QString &actor, const QDateTime &now)
{
    return move(BreakerState::Closed, QStringLiteral("reset by %1").arg(actor), now, actor);
}
