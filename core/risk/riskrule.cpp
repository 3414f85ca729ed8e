// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskrule.h"

RuleResult RiskRule::capped(Decimal allowed, Decimal allowedSoFar, QString value, QString limit) const
{
    if (!allowed.isPositive())
        return result(RuleOutcome::Reject, Decimal(), std::move(value), std::move(limit), QStringLiteral("no room left"));
    if (allowed < allowedSoFar)
        return result(RuleOutcome::Resize, allowed, std::move(value), std::move(limit));
    return result(RuleOutcome::Pass, allowed, std::move(value), std::move(limit));
}
