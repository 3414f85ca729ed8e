// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// The last bar must be the latest completed session (measured in exchange sessions, so a Friday bar is fresh on Monday) and the live quote no older than the limit.
class DataFreshnessRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("data_freshness"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
