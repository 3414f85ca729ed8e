// SPDX-License-Identifier: GPL-3.0-or-later
#include "tradingguard.h"

namespace {
void add(QList<BreakerEvent> &list, std::optional<BreakerEvent> e)
{
    if (e)
        list.append(*e);
}
} // namespace

TradingGuard::TradingGuard(const RiskConfig &c)
    : m_config(c)
    , m_breakers{CircuitBreaker(breakerName(Model), c.modelFailuresToTrip, c.modelProbesToClose, c.breakerCooldownSeconds, false),
                 CircuitBreaker(breakerName(Data), c.dataBadIterationsToTrip, c.dataGoodIterationsToClose, 0, false),
                 CircuitBreaker(breakerName(Equity), 1, 1, 0, true),
                 CircuitBreaker(breakerName(BrokerLink), c.brokerFailuresToTrip, 1, c.breakerCooldownSeconds, false),
                 CircuitBreaker(breakerName(KillSwitch), 1, 1, 0, true)}
{
}

QString TradingGuard::breakerName(Breaker which)
{
    switch (which) {
    case Model: return QStringLiteral("model");
    case Data: return QStringLiteral("data");
    case Equity: return QStringLiteral("equity");
    case BrokerLink: return QStringLiteral("broker");
    case KillSwitch: return QStringLiteral("kill_switch");
    case BreakerCount: break;
    }
    return {};
}

std::optional<TradingGuard::Breaker> TradingGuard::breakerFromName(const QString &name)
{
    for (int i = 0; i < BreakerCount; ++i)
        if (breakerName(static_cast<Breaker>(i)) == name)
            return static_cast<Breaker>(i);
    return std::nullopt;
}

TradingState TradingGuard::state() const
{
    if (breaker(Equity).isOpen() || breaker(KillSwitch).isOpen())
        return TradingState::Halted;
    if (m_p.reducing)
        return TradingState::Reducing;
    return TradingState::Active;
}

QStringList TradingGuard::entryBlockers() const
{
    QStringList out;
    if (breaker(Data).isOpen())
        out.append(QStringLiteral("data breaker %1").arg(textOf(breaker(Data).state())));
    if (breaker(BrokerLink).isOpen())
        out.append(QStringLiteral("broker breaker %1").arg(textOf(breaker(BrokerLink).state())));
    if (breaker(Model).isOpen() && !m_config.entriesWhenModelBreakerOpen)
        out.append(QStringLiteral("model breaker %1").arg(textOf(breaker(Model).state())));
    return out;
}

QList<BreakerEvent> TradingGuard::withStateChange(TradingState before, QList<BreakerEvent> events, const QString &why, const QDateTime &now)
{
    const TradingState after = state();
    if (after != before)
        events.append({QStringLiteral("trading_state"), textOf(before), textOf(after), why, QStringLiteral("system"), now});
    return events;
}

QList<BreakerEvent> TradingGuard::onSessionStart(int sessionIndex, Decimal equity, const QDateTime &now)
{
    const TradingState before = state();
    m_p.sessionIndex = sessionIndex;
    m_p.sessionStartEquity = equity;
    m_p.reducing = false; // the daily loss budget resets every session
    if (!m_p.highWaterMark.isPositive() || equity > m_p.highWaterMark)
        m_p.highWaterMark = equity;
    return withStateChange(before, {}, QStringLiteral("new session: the daily loss limit resets"), now);
}

QList<BreakerEvent> TradingGuard::onEquity(Decimal equity, const QDateTime &now)
{
    const TradingState before = state();
    QList<BreakerEvent> events;
    if (!equity.isValid())
        return events;
    if (equity > m_p.highWaterMark)
        m_p.highWaterMark = equity;
    if (m_p.highWaterMark.isPositive()) {
        const Decimal drawdown = (m_p.highWaterMark - equity).dividedBy(m_p.highWaterMark, 6, RoundingMode::Up);
        if (drawdown >= m_config.equityDrawdownLimit && !breaker(Equity).isOpen())
            add(events, at(Equity).trip(QStringLiteral("equity $%1 is %2 % below the high-water mark $%3")
                                            .arg(equity.toString(2), drawdown.times(100).rounded(2).toString(), m_p.highWaterMark.toString(2)),
                                        now));
    }
    if (m_p.sessionStartEquity.isPositive() && !m_p.reducing) {
        const Decimal loss = (m_p.sessionStartEquity - equity).dividedBy(m_p.sessionStartEquity, 6, RoundingMode::Up);
        if (loss >= m_config.dailyLossLimit)
            m_p.reducing = true;
    }
    return withStateChange(before, events, QStringLiteral("daily loss or drawdown limit reached"), now);
}

QList<BreakerEvent> TradingGuard::onDataQuality(Decimal quality, const QDateTime &now)
{
    QList<BreakerEvent> events;
    if (quality.isValid() && quality >= m_config.dataQualityMin)
        add(events, at(Data).recordSuccess(now));
    else
        add(events, at(Data).recordFailure(QStringLiteral("data quality %1 % below %2 %")
                                               .arg(quality.times(100).rounded(1).toString(), m_config.dataQualityMin.times(100).toString()),
                                           now));
    return events;
}

QList<BreakerEvent> TradingGuard::onModelResult(bool ok, const QString &reason, const QDateTime &now)
{
    QList<BreakerEvent> events;
    add(events, ok ? at(Model).recordSuccess(now) : at(Model).recordFailure(reason, now));
    return events;
}

QList<BreakerEvent> TradingGuard::onBrokerResult(bool ok, const QString &reason, const QDateTime &now)
{
    QList<BreakerEvent> events;
    add(events, ok ? at(BrokerLink).recordSuccess(now) : at(BrokerLink).recordFailure(reason, now));
    return events;
}

QList<BreakerEvent> TradingGuard::poll(const QDateTime &now)
{
    QList<BreakerEvent> events;
    add(events, at(Model).poll(now));
    add(events, at(BrokerLink).poll(now));
    return events;
}

QList<BreakerEvent> TradingGuard::killSwitch(const QString &reason, const QString &actor, const QDateTime &now)
{
    const TradingState before = state();
    QList<BreakerEvent> events;
    add(events, at(KillSwitch).trip(reason.isEmpty() ? QStringLiteral("kill switch") : reason, now, actor));
    return withStateChange(before, events, QStringLiteral("kill switch"), now);
}

QList<BreakerEvent> TradingGuard::reset(Breaker which, const QString &actor, const QDateTime &now)
{
    const TradingState before = state();
    QList<BreakerEvent> events;
    if (which == Equity && m_p.highWaterMark.isPositive()) {
        // The operator accepts the drawdown: the high-water mark restarts from here.
        m_p.highWaterMark = Decimal();
    }
    add(events, at(which).reset(actor, now));
    return withStateChange(before, events, QStringLiteral("%1 reset by %2").arg(breakerName(which), actor), now);
}

TradingGuard::Persisted TradingGuard::persisted() const
{
    Persisted p = m_p;
    for (int i = 0; i < BreakerCount; ++i)
        p.breakers[static_cast<std::size_t>(i)] = m_breakers[static_cast<std::size_t>(i)].persisted();
    return p;
}

void TradingGuard::restore(const Persisted &p)
{
    m_p = p;
    for (int i = 0; i < BreakerCount; ++i)
        m_breakers[static_cast<std::size_t>(i)].restore(p.breakers[static_cast<std::size_t>(i)]);
}
