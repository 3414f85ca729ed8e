// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Beyond the submits-per-minute limit an order is queued, not rejected.
class OrderRateRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("order_rate"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
