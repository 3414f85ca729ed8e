// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulatedmarketdata.h"

SimulatedMarketData::SimulatedMarketData(DemoUniverse universe, SimulatedMarket::Options options, QObject *parent)
    : MarketData(parent)
    , m_market(std::move(universe), options)
{
}

VenueClock SimulatedMarketData::clock() const
{
    VenueClock c;
    c.now = m_market.clockTime();
    c.open = m_market.isOpen();
    c.session = m_market.currentSession();
    if (m_market.completedSessions() > 0)
        c.lastCompletedSession = m_market.sessionDate(m_market.completedSessions() - 1);
    return c;
}

AssetFacts SimulatedMarketData::asset(const QString &symbol) const
{
    AssetFacts f;
    f.known = m_market.symbols().contains(symbol);
    f.tradable = f.known;
    f.fractionable = f.known && m_market.isFractionable(symbol);
    return f;
}

void SimulatedMarketData::requestBars(const QStringList &symbols, const QDate &after, int maxSessions)
{
    QList<Bar> out;
    for (const QString &symbol : symbols) {
        const QList<Bar> bars = m_market.recentBars(symbol, maxSessions);
        for (const Bar &b : bars)
            if (!after.isValid() || b.session > after)
                out.append(b);
    }
    Q_EMIT barsReceived(out);
}

void SimulatedMarketData::resume(const QDateTime &lastProcessed)
{
    // The market is generated from its seed: stepping silently to the recorded
    // instant reproduces every price the engine saw before it stopped.
    if (!lastProcessed.isValid())
        return;
    while (m_market.clockTime() < lastProcessed)
        m_market.advanceTick();
}

void SimulatedMarketData::advance()
{
    const bool completed = m_market.advanceTick();
    const VenueClock c = clock();
    Q_EMIT quotesUpdated(m_market.quotes(), c);
    if (completed) {
        QList<Bar> bars;
        bars.reserve(m_market.symbols().size());
        for (const QString &symbol : m_market.symbols())
            bars.append(m_market.lastBar(symbol));
        Q_EMIT sessionClosed(c.lastCompletedSession, bars, c);
    }
}
