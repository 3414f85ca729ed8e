// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

/// BUY when the n-bar return ranks in the universe's top quartile and is positive; SELL in the bottom half or when negative.
class SectorRotation : public Strategy
{
public:
    struct Params
    {
        int n = 126;
    };
    SectorRotation() = default;
    explicit SectorRotation(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("SectorRotation"); }
    int barsNeeded() const override { return m_p.n + 1; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
