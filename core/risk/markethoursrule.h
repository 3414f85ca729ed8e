// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Orders wait for the open: outside the exchange calendar's hours the verdict holds the order, it does not reject it.
class MarketHoursRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("market_hours"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
