// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "circuitbreaker.h"
#include "riskconfig.h"

#include <QList>
#include <QStringList>

#include <array>

/// Trading states and circuit breakers (SPEC §4.1). ACTIVE; REDUCING after the
/// daily loss limit, until the next session; HALTED while the equity breaker or
/// the kill switch is open, until the operator resets it. The model, data and
/// broker breakers stop entries while open. Every change is returned as a
/// BreakerEvent for the journal; the whole state is persistable.
class TradingGuard
{
public:
    enum Breaker { Model, Data, Equity, BrokerLink, KillSwitch, BreakerCount };

    struct Persisted
    {
        Decimal highWaterMark;
        Decimal sessionStartEquity;
        int sessionIndex = -1;
        bool reducing = false;
        std::array<CircuitBreaker::Persisted, BreakerCount> breakers{};
    };

    explicit TradingGuard(const RiskConfig &config);

    TradingState state() const;
    /// Why entries are stopped by breakers right now (empty: they are not).
    QStringList entryBlockers() const;

    QList<BreakerEvent> onSessionStart(int sessionIndex, Decimal equity, const QDateTime &now);
    QList<BreakerEvent> onEquity(Decimal equity, const QDateTime &now);
    QList<BreakerEvent> onDataQuality(Decimal quality, const QDateTime &now);
    QList<BreakerEvent> onModelResult(bool ok, const QString &reason, const QDateTime &now);
    QList<BreakerEvent> onBrokerResult(bool ok, const QString &reason, const QDateTime &now);
    QList<BreakerEvent> poll(const QDateTime &now);
    QList<BreakerEvent> killSwitch(const QString &reason, const QString &actor, const QDateTime &now);
    /// An operator's reset of one breaker (the only way to close equity and kill switch).
    QList<BreakerEvent> reset(Breaker which, const QString &actor, const QDateTime &now);

    const CircuitBreaker &breaker(Breaker which) const { return m_breakers[static_cast<std::size_t>(which)]; }
    static QString breakerName(Breaker which);
    static std::optional<Breaker> breakerFromName(const QString &name);
    Decimal highWaterMark() const { return m_p.highWaterMark; }
    Decimal sessionStartEquity() const { return m_p.sessionStartEquity; }
    int sessionIndex() const { return m_p.sessionIndex; }
    Persisted persisted() const;
    void restore(const Persisted &p);

private:
    QList<BreakerEvent> withStateChange(TradingState before, QList<BreakerEvent> events, const QString &why, const QDateTime &now);
    CircuitBreaker &at(Breaker which) { return m_breakers[static_cast<std::size_t>(which)]; }

    const RiskConfig &m_config;
    std::array<CircuitBreaker, BreakerCount> m_breakers;
    Persisted m_p;
};
