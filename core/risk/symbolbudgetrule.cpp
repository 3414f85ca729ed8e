// SPDX-License-Identifier: GPL-3.0-or-later
#include "symbolbudgetrule.h"

#include <algorithm>
#include <cmath>

RuleResult SymbolBudgetRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    const Decimal base = context.budgetBaseEquity.isPositive() ? context.budgetBaseEquity : context.account.equity;
    const Decimal budget = base * config.perSymbolBudget;
    const Decimal committed = context.committedOf(request.symbol);
    return capByRoom(budget - committed, request.price, committed + notionalSoFar(allowedSoFar, request.price), budget, allowedSoFar);
}
