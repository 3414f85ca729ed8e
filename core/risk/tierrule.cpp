// SPDX-License-Identifier: GPL-3.0-or-later
#include "tierrule.h"

#include <algorithm>
#include <cmath>

RuleResult TierRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    if (!config.tiersEnabled)
        return skip(QStringLiteral("off"), allowedSoFar);
    const int tier = std::clamp(config.tierFor(request.symbol), 1, 3);
    const auto t = static_cast<std::size_t>(tier - 1);
    const Decimal equity = context.account.equity;
    const Decimal symbolRoom = equity * config.tierSymbolCap[t] - context.committedOf(request.symbol);
    const Decimal tierRoom = equity * config.tierAllocation[t] - context.tierCommitted[t];
    const Decimal room = std::min(symbolRoom, tierRoom);
    const Decimal limit = symbolRoom < tierRoom ? equity * config.tierSymbolCap[t] : equity * config.tierAllocation[t];
    RuleResult r = capByRoom(room, request.price, context.tierCommitted[t] + notionalSoFar(allowedSoFar, request.price), limit, allowedSoFar);
    if (r.outcome != RuleOutcome::Pass)
        r.note = QStringLiteral("tier %1 %2").arg(tier).arg(symbolRoom < tierRoom ? QStringLiteral("per-symbol cap") : QStringLiteral("allocation"));
    return r;
}
