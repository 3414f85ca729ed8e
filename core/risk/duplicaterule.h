// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// One pending proposal or open entry order per symbol and side.
class DuplicateRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("duplicate"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
