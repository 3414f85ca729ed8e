// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

/// Close/SMA(n) of the symbol over that of the benchmark: BUY above 1.05, SELL below 1/1.05.
class RelativeStrength : public Strategy
{
public:
    struct Params
    {
        int n = 50;
        double threshold = 1.05;
    };
    RelativeStrength() = default;
    explicit RelativeStrength(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("RelativeStrength"); }
    int barsNeeded() const override { return m_p.n; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
