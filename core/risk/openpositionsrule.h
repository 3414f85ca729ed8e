// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// No new symbol beyond the maximum number of open positions.
class OpenPositionsRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("max_open_positions"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
