// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Σ position values after the order ≤ g × equity (no leverage by default); resizes down.
class GrossExposureRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("gross_exposure"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
