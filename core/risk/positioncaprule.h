// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Position value after the order ≤ p × equity; resizes down.
class PositionCapRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("per_position_cap"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
