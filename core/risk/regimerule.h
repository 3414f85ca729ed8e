// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Optionally scales the size by the market regime (benchmark vs its SMA200: 1 above it, down to 0 at 10 % below), before the caps.
class RegimeRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("market_regime"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
