// SPDX-License-Identifier: GPL-3.0-or-later
#include "datafreshnessrule.h"

#include <algorithm>
#include <cmath>

RuleResult DataFreshnessRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(request);
    if (!context.freshnessKnown)
        return skip(QStringLiteral("no market clock for this check"), allowedSoFar);
    const Decimal behind = Decimal::fromInt(context.barSessionsBehind);
    const Decimal limit = Decimal::fromInt(config.maxBarSessionsBehind);
    if (context.barSessionsBehind > config.maxBarSessionsBehind)
        return reject(RuleUnit::Sessions, behind, limit, QStringLiteral("the last bar is %1 session(s) old").arg(context.barSessionsBehind));
    if (!(context.quoteAgeSeconds <= config.maxQuoteAgeSeconds))
        return reject(RuleUnit::Sessions, behind, limit,
                      QStringLiteral("the quote is %1 s old (limit %2 s)").arg(context.quoteAgeSeconds, 0, 'f', 1).arg(config.maxQuoteAgeSeconds));
    return pass(RuleUnit::Sessions, behind, limit, allowedSoFar);
}
