// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuitbreakersrule.h"

#include <algorithm>
#include <cmath>

RuleResult CircuitBreakersRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(request);
    Q_UNUSED(config);
    const Decimal open = Decimal::fromInt(context.entryBlockers.size());
    if (context.entryBlockers.isEmpty())
        return pass(RuleUnit::Count, open, Decimal(), allowedSoFar);
    return reject(RuleUnit::Count, open, Decimal(), context.explain ? context.entryBlockers.join(QStringLiteral("; ")) : QString());
}
