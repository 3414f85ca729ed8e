// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Rejects entries from a strategy suspended for poor directional accuracy.
class StrategyHealthRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("strategy_health"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
