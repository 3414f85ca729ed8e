// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskrule.h"

RuleResult RiskRule::capByRoom(Decimal room, Decimal price, Decimal value, Decimal limit, Decimal allowedSoFar) const
{
    // When what came in fits (allowedSoFar × price ≤ room, exactly), the rule passes it
    // unchanged, which is what the division below would find; most checks end here.
    if (allowedSoFar.isPositive() && price.isPositive() && room.isValid()
        && static_cast<Decimal::Wide>(allowedSoFar.raw()) * price.raw() <= static_cast<Decimal::Wide>(room.raw()) * Decimal::kOne)
        return make(RuleOutcome::Pass, RuleUnit::Money, value, limit, allowedSoFar);
    const Decimal allowed = sharesFor(room, price);
    if (!allowed.isPositive())
        return make(RuleOutcome::Reject, RuleUnit::Money, value, limit, Decimal(), QStringLiteral("no room left under the limit"));
    if (allowedSoFar.isValid() && allowed < allowedSoFar)
        return make(RuleOutcome::Resize, RuleUnit::Money, value, limit, allowed);
    return make(RuleOutcome::Pass, RuleUnit::Money, value, limit, allowedSoFar.isValid() ? allowedSoFar : allowed);
}
