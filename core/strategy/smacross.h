// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

#include <cstdint>
#include <vector>

/// The benchmark strategy: BUY on a cross up of SMA(fast) over SMA(slow), SELL
/// on a cross down. A cross up at bar t means SMA(fast) > SMA(slow) at t and the
/// last non-zero difference before t was negative (mirrored for a cross down);
/// equal averages are never a signal. Window sums are exact integer sums of the
/// Decimal prices and the averages are compared by cross-multiplication, so no
/// floating-point drift can move a trade.
class SmaCross : public Strategy
{
public:
    struct Params
    {
        int fast = 10;
        int slow = 30;
    };

    /// The incremental, exact state for one symbol.
    class State
    {
    public:
        State(int fast, int slow);
        /// Adds a close (Decimal::raw()); returns +1 for a cross up, -1 for a cross down, 0 otherwise.
        int add(std::int64_t close);
        bool ready() const { return m_count >= m_slow; }

    private:
        int m_fast;
        int m_slow;
        std::vector<std::int64_t> m_window; ///< the last `slow` closes, a ring
        int m_pos = 0;
        int m_count = 0;
        std::int64_t m_sumFast = 0;
        std::int64_t m_sumSlow = 0;
        int m_lastSign = 0; ///< sign of the last non-zero SMA(fast) − SMA(slow)
    };

    SmaCross() = default;
    explicit SmaCross(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("sma_cross"); }
    int barsNeeded() const override { return m_p.slow + 1; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    QList<ChartLine> chartLines(const PriceSeries &series) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
