// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

/// BUY when the n-bar return exceeds 5 %; SELL when it is negative.
class MomentumRotation : public Strategy
{
public:
    struct Params
    {
        int n = 126;
        double buyAbove = 0.05;
    };
    MomentumRotation() = default;
    explicit MomentumRotation(Params p) : m_p(p) {}
    QString name() const override { return QStringLiteral("MomentumRotation"); }
    int barsNeeded() const override { return m_p.n + 1; }
    StrategyDecision evaluate(const StrategyInput &input) const override;
    const Params &params() const { return m_p; }

private:
    Params m_p;
};
