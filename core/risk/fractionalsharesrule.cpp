// SPDX-License-Identifier: GPL-3.0-or-later
#include "fractionalsharesrule.h"

#include <algorithm>
#include <cmath>

RuleResult FractionalSharesRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    const Decimal whole = allowedSoFar.rounded(0, RoundingMode::Down);
    if (whole >= Decimal::fromInt(1))
        return make(whole < allowedSoFar ? RuleOutcome::Resize : RuleOutcome::Pass, RuleUnit::Shares, allowedSoFar, whole, whole);
    const Decimal fractional = allowedSoFar.rounded(config.fractionalPlaces, RoundingMode::Down);
    const Decimal notional = fractional * request.price;
    if (config.fractionalEnabled && context.fractionable && notional >= config.minNotional && fractional.isPositive())
        return make(fractional < allowedSoFar ? RuleOutcome::Resize : RuleOutcome::Pass, RuleUnit::Shares, allowedSoFar, fractional,
                    fractional, QStringLiteral("fractional order"));
    QString why;
    if (!config.fractionalEnabled)
        why = QStringLiteral("fractional trading is off");
    else if (!context.fractionable)
        why = QStringLiteral("%1 is not fractionable").arg(request.symbol);
    else
        why = QStringLiteral("$%1 is below the $%2 minimum notional").arg(notional.toString(2), config.minNotional.toString(2));
    return reject(RuleUnit::Shares, allowedSoFar, Decimal::fromInt(1),
                  QStringLiteral("zero-share trap: the limits allow %1 shares at $%2; whole shares round that to 0, and %3")
                      .arg(allowedSoFar.toString(4), request.price.toString(2), why));
}
