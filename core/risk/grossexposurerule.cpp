// SPDX-License-Identifier: GPL-3.0-or-later
#include "grossexposurerule.h"

#include <algorithm>
#include <cmath>

RuleResult GrossExposureRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    const Decimal cap = context.account.equity * config.grossExposureCap;
    return capByRoom(cap - context.grossExposure, request.price, context.grossExposure + notionalSoFar(allowedSoFar, request.price), cap, allowedSoFar);
}
