// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

/// BUY when the close is at or below SMA(n)·(1 − band); SELL at or above SMA(n)·(1 + band).
class MovingAverageEnvelope : public Strategy
{
public:
    struct Params
    {
        int n = 20;
        double band = 0.025;
    };
    MovingAverageEnvelope() = default;
    explicit MovingAverageEnvelope(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("MovingAverageEnvelope"); }
    int barsNeeded() const override { return m_p.n; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    QList<ChartLine> chartLines(const PriceSeries &series) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
