// SPDX-License-Identifier: GPL-3.0-or-later
#include "ordersperdayrule.h"

#include <algorithm>
#include <cmath>

RuleResult OrdersPerDayRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(request);
    const Decimal value = Decimal::fromInt(context.ordersToday), limit = Decimal::fromInt(config.maxOrdersPerDay);
    if (context.ordersToday >= config.maxOrdersPerDay)
        return reject(RuleUnit::Count, value, limit, QStringLiteral("no entry orders left today"));
    return pass(RuleUnit::Count, value, limit, allowedSoFar);
}
