// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

/// BUY when the n-bar return is positive and beats the benchmark's; SELL when negative.
class DualMomentum : public Strategy
{
public:
    struct Params
    {
        int n = 126;
    };
    DualMomentum() = default;
    explicit DualMomentum(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("DualMomentum"); }
    int barsNeeded() const override { return m_p.n + 1; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
