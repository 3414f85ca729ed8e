// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Turns the allowed quantity into an order quantity: whole shares when at least one fits; otherwise a fractional quantity if the asset is fractionable and the notional reaches the minimum; otherwise rejects and explains the zero-share trap.
class FractionalSharesRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("fractional_shares"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
