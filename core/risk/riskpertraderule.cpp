// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskpertraderule.h"

#include <algorithm>
#include <cmath>

RuleResult RiskPerTradeRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    const Decimal budget = context.account.equity * config.riskPerTrade;
    Decimal distance;
    const auto atr = request.atr > 0 ? Decimal::fromDouble(request.atr, 4, RoundingMode::Up) : std::nullopt;
    if (std::isfinite(request.atr) && atr && atr->isPositive())
        distance = (*atr * config.atrStopMultiple).rounded(2, RoundingMode::Up); // a wider assumed stop sizes smaller
    else if (request.stopPrice.isPositive() && request.stopPrice < request.price)
        distance = request.price - request.stopPrice;
    else if (std::isfinite(request.atr) && request.atr < 0)
        return reject(RuleUnit::Money, Decimal::invalid(), budget, QStringLiteral("ATR %1 is negative: cannot size a stop").arg(request.atr));
    else if (!std::isfinite(request.atr))
        return reject(RuleUnit::Money, Decimal::invalid(), budget, QStringLiteral("ATR is not a number: cannot size a stop"));
    else if (request.stopPrice.isPositive() && request.stopPrice >= request.price)
        return reject(RuleUnit::Money, Decimal::invalid(), budget,
                      QStringLiteral("stop %1 is not below the price %2: a long position's stop must be under its entry")
                          .arg(request.stopPrice.toString(), request.price.toString()));
    else
        return reject(RuleUnit::Money, Decimal::invalid(), budget, QStringLiteral("ATR unavailable and no stop given: cannot place a stop"));
    const Decimal sized = budget.dividedBy(distance, Decimal::kScale, RoundingMode::Down);
    if (!sized.isPositive())
        return reject(RuleUnit::Money, Decimal(), budget, QStringLiteral("no equity to risk"));
    const Decimal qty = allowedSoFar.isValid() ? std::min(allowedSoFar, sized) : sized;
    RuleResult r = make(allowedSoFar.isValid() && sized < allowedSoFar ? RuleOutcome::Resize : RuleOutcome::Pass, RuleUnit::Money,
                        qty * distance, budget, qty);
    if (context.explain)
        r.note = QStringLiteral("stop distance $%1").arg(distance.toString(2));
    return r;
}
