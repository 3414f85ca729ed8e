// SPDX-License-Identifier: GPL-3.0-or-later
#include "duplicaterule.h"

#include <algorithm>
#include <cmath>

RuleResult DuplicateRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(config);
    const bool pending = context.hasPendingEntry(request.symbol);
    const bool working = context.hasWorkingEntry(request.symbol);
    const Decimal count = Decimal::fromInt((pending ? 1 : 0) + (working ? 1 : 0));
    if (pending)
        return reject(RuleUnit::Count, count, Decimal(), context.explain ? QStringLiteral("a buy proposal for %1 is already pending").arg(request.symbol) : QString());
    if (working)
        return reject(RuleUnit::Count, count, Decimal(), context.explain ? QStringLiteral("a buy order for %1 is already working").arg(request.symbol) : QString());
    return pass(RuleUnit::Count, count, Decimal(), allowedSoFar);
}
