// SPDX-License-Identifier: GPL-3.0-or-later
#include "openpositionsrule.h"

#include <algorithm>
#include <cmath>

RuleResult OpenPositionsRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    const int open = context.openPositions();
    const Decimal value = Decimal::fromInt(open), limit = Decimal::fromInt(config.maxOpenPositions);
    if (!context.isOpenPosition(request.symbol) && open >= config.maxOpenPositions)
        return reject(RuleUnit::Count, value, limit, context.explain ? QStringLiteral("%1 positions open").arg(open) : QString());
    return pass(RuleUnit::Count, value, limit, allowedSoFar);
}
