// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

/// BUY when close > SMA(slow) and SMA(fast) > SMA(slow); SELL when close < SMA(slow).
class TrendFollowing : public Strategy
{
public:
    struct Params
    {
        int fast = 50;
        int slow = 200;
    };
    TrendFollowing() = default;
    explicit TrendFollowing(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("TrendFollowing"); }
    int barsNeeded() const override { return m_p.slow; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    QList<ChartLine> chartLines(const PriceSeries &series) const override;
    bool prefixSignals(const PriceSeries &series, std::vector<int> &out) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
