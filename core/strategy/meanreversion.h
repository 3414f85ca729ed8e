// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

/// BUY when RSI (Wilder) is below 30; SELL when above 70.
class MeanReversion : public Strategy
{
public:
    struct Params
    {
        int period = 14;
        double oversold = 30.0;
        double overbought = 70.0;
    };
    MeanReversion() = default;
    explicit MeanReversion(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("MeanReversion"); }
    int barsNeeded() const override { return m_p.period + 1; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    bool prefixSignals(const PriceSeries &series, std::vector<int> &out) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
