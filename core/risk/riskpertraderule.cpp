// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskpertraderule.h"

#include <cmath>

RuleResult RiskPerTradeRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                                      Decimal allowedSoFar) const
{
    const Decimal budget = context.account.equity * config.riskPerTrade;
    const QString limit = QStringLiteral("%1 of equity = %2").arg(pct(config.riskPerTrade), money(budget));
    const auto atr = Decimal::fromDouble(request.atr, 4, RoundingMode::Up);
    if (!std::isfinite(request.atr) || !atr || !atr->isPositive())
        return result(RuleOutcome::Reject, Decimal(), QStringLiteral("ATR unavailable"), limit, QStringLiteral("cannot place a stop without ATR"));
    // Round the stop distance up to a cent: a wider assumed stop sizes smaller.
    const Decimal stopDistance = (*atr * config.atrStopMultiple).rounded(2, RoundingMode::Up);
    const Decimal allowed = budget.dividedBy(stopDistance, Decimal::kScale, RoundingMode::Down);
    const QString value = QStringLiteral("stop distance %1 (%2 × ATR %3)").arg(money(stopDistance), config.atrStopMultiple.toString(), atr->toString());
    if (!allowed.isPositive())
        return result(RuleOutcome::Reject, Decimal(), value, limit, QStringLiteral("no equity to risk"));
    if (allowedSoFar.isValid() && allowed >= allowedSoFar)
        return result(RuleOutcome::Pass, allowed, value, limit);
    return result(allowedSoFar.isValid() ? RuleOutcome::Resize : RuleOutcome::Pass, allowed, value, limit,
                  allowedSoFar.isValid() ? QString() : QStringLiteral("sized the order"));
}
