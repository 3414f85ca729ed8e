// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// At most this many entry orders per session.
class OrdersPerDayRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("orders_per_day"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
