// SPDX-License-Identifier: GPL-3.0-or-later
#include "dailylossrule.h"

#include <algorithm>
#include <cmath>

RuleResult DailyLossRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(request);
    const Decimal start = context.account.lastEquity;
    if (!start.isPositive())
        return skip(QStringLiteral("no start-of-session equity"), allowedSoFar);
    const Decimal loss = (start - context.account.equity).dividedBy(start, 6, RoundingMode::Up);
    if (loss >= config.dailyLossLimit)
        return reject(RuleUnit::Percent, loss, config.dailyLossLimit, QStringLiteral("daily loss limit reached"));
    return pass(RuleUnit::Percent, loss, config.dailyLossLimit, allowedSoFar);
}
