// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

/// BUY when the close is at or below the lower band (population σ); SELL at or above the upper band.
class BollingerBands : public Strategy
{
public:
    struct Params
    {
        int n = 20;
        double k = 2.0;
    };
    BollingerBands() = default;
    explicit BollingerBands(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("BollingerBands"); }
    int barsNeeded() const override { return m_p.n; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    QList<ChartLine> chartLines(const PriceSeries &series) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
