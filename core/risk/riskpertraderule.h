// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Sizes so that quantity × stop distance ≤ r × equity; the stop is 1.5 × ATR14 away (or at the given stop price); rejects without either.
class RiskPerTradeRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("risk_per_trade"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
