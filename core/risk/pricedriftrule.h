// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// At approval, the price may have moved from the proposal's: up to 2 % the order is re-sized at the new price, over 5 % it is rejected.
class PriceDriftRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("price_drift"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
