// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Optional tiers: each tier's committed capital within its allocation and each symbol within its tier's per-symbol cap.
class TierRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("tier_allocation"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
