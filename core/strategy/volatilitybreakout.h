// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

#include <algorithm>

/// BUY when the high exceeds the previous-n high plus k·ATR; SELL on the mirror.
class VolatilityBreakout : public Strategy
{
public:
    struct Params
    {
        int n = 20;
        int atrPeriod = 14;
        double k = 1.5;
    };
    VolatilityBreakout() = default;
    explicit VolatilityBreakout(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("VolatilityBreakout"); }
    int barsNeeded() const override { return std::max(m_p.n, m_p.atrPeriod) + 1; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    QList<ChartLine> chartLines(const PriceSeries &series) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
