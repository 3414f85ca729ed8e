// SPDX-License-Identifier: GPL-3.0-or-later
#include "ordersizerule.h"

#include <algorithm>
#include <cmath>

RuleResult OrderSizeRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    const Decimal notionalCap = context.account.equity * config.maxOrderNotional;
    const Decimal byNotional = sharesFor(notionalCap, request.price);
    const Decimal allowed = std::min(config.maxSharesPerOrder, byNotional);
    if (!allowed.isPositive())
        return reject(RuleUnit::Shares, allowedSoFar, allowed, QStringLiteral("no order size allowed"));
    const bool bound = allowedSoFar.isValid() && allowed < allowedSoFar;
    RuleResult r = make(bound ? RuleOutcome::Resize : RuleOutcome::Pass, RuleUnit::Shares, allowedSoFar, allowed, bound ? allowed : allowedSoFar);
    if (bound)
        r.note = byNotional < config.maxSharesPerOrder ? QStringLiteral("notional cap") : QStringLiteral("share cap");
    return r;
}
