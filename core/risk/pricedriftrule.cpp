// SPDX-License-Identifier: GPL-3.0-or-later
#include "pricedriftrule.h"

#include <algorithm>
#include <cmath>

RuleResult PriceDriftRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    if (!context.atApproval || !context.proposalPrice.isPositive())
        return skip(QStringLiteral("checked at approval"), allowedSoFar);
    const Decimal drift = (request.price - context.proposalPrice).abs().dividedBy(context.proposalPrice, 6, RoundingMode::Up);
    if (drift > config.priceDriftReject)
        return reject(RuleUnit::Percent, drift, config.priceDriftReject, QStringLiteral("the price moved too far since the proposal"));
    RuleResult r = pass(RuleUnit::Percent, drift, config.priceDriftReject, allowedSoFar);
    if (drift > config.priceDriftResize)
        r.note = QStringLiteral("re-sized at the current price");
    return r;
}
