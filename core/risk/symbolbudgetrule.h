// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Capital committed to a symbol (position cost plus reservations) ≤ b × equity at the start of the cycle; the budget never expands within the cycle.
class SymbolBudgetRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("per_symbol_budget"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
