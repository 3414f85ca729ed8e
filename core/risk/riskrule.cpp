// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskrule.h"

RuleResult RiskRule::capByRoom(Decimal room, Decimal price, Decimal value, Decimal limit, Decimal allowedSoFar) const
{
    const Decimal allowed = sharesFor(room, price);
    if (!allowed.isPositive())
        return make(RuleOutcome::Reject, RuleUnit::Money, value, limit, Decimal(), QStringLiteral("no room left under the limit"));
    if (allowedSoFar.isValid() && allowed < allowedSoFar)
        return make(RuleOutcome::Resize, RuleUnit::Money, value, limit, allowed);
    return make(RuleOutcome::Pass, RuleUnit::Money, value, limit, allowedSoFar.isValid() ? allowedSoFar : allowed);
}
