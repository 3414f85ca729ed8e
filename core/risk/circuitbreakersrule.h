// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Rejects entries while a breaker that stops entries is open.
class CircuitBreakersRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("circuit_breakers"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
