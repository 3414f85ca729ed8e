// SPDX-License-Identifier: GPL-3.0-or-later
#include "markethoursrule.h"

#include <algorithm>
#include <cmath>

RuleResult MarketHoursRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(request);
    Q_UNUSED(config);
    if (!context.marketKnown)
        return skip(QStringLiteral("no market clock for this check"), allowedSoFar);
    if (context.marketOpen)
        return pass(RuleUnit::None, Decimal::invalid(), Decimal::invalid(), allowedSoFar);
    return make(RuleOutcome::Hold, RuleUnit::None, Decimal::invalid(), Decimal::invalid(), allowedSoFar,
                QStringLiteral("market closed: the order is held until the open"));
}
