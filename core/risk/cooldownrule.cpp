// SPDX-License-Identifier: GPL-3.0-or-later
#include "cooldownrule.h"

#include <algorithm>
#include <cmath>

RuleResult CooldownRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    const std::optional<int> last = context.lastExitOf(request.symbol);
    const Decimal limit = Decimal::fromInt(config.cooldownSessions);
    if (!last)
        return pass(RuleUnit::Sessions, Decimal::invalid(), limit, allowedSoFar);
    const int since = context.sessionIndex - *last;
    if (since < config.cooldownSessions)
        return reject(RuleUnit::Sessions, Decimal::fromInt(since), limit, context.explain ? QStringLiteral("exited %1 session(s) ago").arg(since) : QString());
    return pass(RuleUnit::Sessions, Decimal::fromInt(since), limit, allowedSoFar);
}
