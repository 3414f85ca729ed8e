// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Order notional ≤ the broker's buying power; resizes down.
class BuyingPowerRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("buying_power"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
