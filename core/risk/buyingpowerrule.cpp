// SPDX-License-Identifier: GPL-3.0-or-later
#include "buyingpowerrule.h"

#include <algorithm>
#include <cmath>

RuleResult BuyingPowerRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(config);
    const Decimal bp = context.account.buyingPower;
    return capByRoom(bp, request.price, notionalSoFar(allowedSoFar, request.price), bp, allowedSoFar);
}
