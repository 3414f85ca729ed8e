// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Rejects a proposal whose confidence is below the minimum, or is not a number in [0, 1].
class MinimumConfidenceRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("minimum_confidence"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
