// SPDX-License-Identifier: GPL-3.0-or-later
#include "fractionalsharesrule.h"

RuleResult FractionalSharesRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                                          Decimal allowedSoFar) const
{
    const Decimal whole = allowedSoFar.rounded(0, RoundingMode::Down);
    const QString limit = QStringLiteral("whole shares, or fractional ≥ %1").arg(money(config.minNotional));
    if (whole >= Decimal::fromInt(1))
        return result(whole < allowedSoFar ? RuleOutcome::Resize : RuleOutcome::Pass, whole,
                      QStringLiteral("%1 shares allowed → %2 whole").arg(allowedSoFar.toString(4), whole.toString()), limit);
    const Decimal fractional = allowedSoFar.rounded(config.fractionalPlaces, RoundingMode::Down);
    const Decimal notional = fractional * request.price;
    const QString value = QStringLiteral("%1 shares allowed, notional %2").arg(fractional.toString(), money(notional));
    if (config.fractionalEnabled && context.fractionable && notional >= config.minNotional && fractional.isPositive())
        return result(fractional < allowedSoFar ? RuleOutcome::Resize : RuleOutcome::Pass, fractional, value, limit,
                      QStringLiteral("fractional order"));
    QString why;
    if (!config.fractionalEnabled)
        why = QStringLiteral("fractional trading is off");
    else if (!context.fractionable)
        why = QStringLiteral("%1 is not fractionable").arg(request.symbol);
    else
        why = QStringLiteral("the notional is below the minimum");
    return result(RuleOutcome::Reject, Decimal(), value, limit,
                  QStringLiteral("zero-share trap: the limits allow less than one share at %1, whole shares round it to 0, and %2")
                      .arg(money(request.price), why));
}
