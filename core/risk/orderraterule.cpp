// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderraterule.h"

#include <algorithm>
#include <cmath>

RuleResult OrderRateRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(request);
    const Decimal value = Decimal::fromInt(context.submitsLastMinute), limit = Decimal::fromInt(config.maxSubmitsPerMinute);
    if (context.submitsLastMinute >= config.maxSubmitsPerMinute)
        return make(RuleOutcome::Hold, RuleUnit::Count, value, limit, allowedSoFar, QStringLiteral("queued until the rate allows"));
    return pass(RuleUnit::Count, value, limit, allowedSoFar);
}
