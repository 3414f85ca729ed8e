// SPDX-License-Identifier: GPL-3.0-or-later
#include "strategyhealthrule.h"

RuleResult StrategyHealthRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                                        Decimal allowedSoFar) const
{
    Q_UNUSED(config);
    if (request.strategy.isEmpty())
        return skip(QStringLiteral("no strategy named"), allowedSoFar);
    if (context.suspendedStrategies.contains(request.strategy))
        return reject(RuleUnit::None, Decimal::invalid(), Decimal::invalid(),
                      context.explain ? QStringLiteral("%1 is suspended: under 40 % of its last 20 signals were right").arg(request.strategy)
                                      : QString());
    return pass(RuleUnit::None, Decimal::invalid(), Decimal::invalid(), allowedSoFar);
}
