// SPDX-License-Identifier: GPL-3.0-or-later
#include "positioncaprule.h"

#include <algorithm>
#include <cmath>

RuleResult PositionCapRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    const Decimal cap = context.account.equity * config.perPositionCap;
    const Decimal existing = context.valueOf(request.symbol);
    return capByRoom(cap - existing, request.price, existing + notionalSoFar(allowedSoFar, request.price), cap, allowedSoFar);
}
