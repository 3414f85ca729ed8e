// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "data/simulatedmarket.h"
#include "marketdata.h"

/// The simulated market behind the MarketData seam. The driver (a timer in
/// the GUI, a loop in the command line) calls advance(); each step publishes
/// quotes and, at the close, the session's bars.
class SimulatedMarketData : public MarketData
{
    Q_OBJECT
public:
    SimulatedMarketData(DemoUniverse universe, SimulatedMarket::Options options, QObject *parent = nullptr);

    QStringList symbols() const override { return m_market.symbols(); }
    VenueClock clock() const override;
    QList<Quote> latestQuotes() const override { return m_market.quotes(); }
    AssetFacts asset(const QString &symbol) const override;
    void requestBars(const QStringList &symbols, const QDate &after, int maxSessions) override;
    void resume(const QDateTime &lastProcessed) override;
    void advance() override;

    /// The market itself, for the venue's own broker (prices and stops).
    const SimulatedMarket &market() const { return m_market; }

private:
    SimulatedMarket m_market;
};
