// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// No re-entry into a symbol until the cooldown after its last exit has passed.
class CooldownRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("cooldown"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
