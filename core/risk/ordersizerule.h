// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// At most the maximum shares and the maximum notional (a share of equity) per order; resizes down.
class OrderSizeRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("order_size"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
