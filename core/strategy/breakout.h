// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

/// BUY when the high breaks the highest high of the previous n bars; SELL on the mirror.
class Breakout : public Strategy
{
public:
    struct Params
    {
        int n = 20;
    };
    Breakout() = default;
    explicit Breakout(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("Breakout"); }
    int barsNeeded() const override { return m_p.n + 1; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    QList<ChartLine> chartLines(const PriceSeries &series) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
