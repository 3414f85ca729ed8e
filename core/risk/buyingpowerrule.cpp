// SPDX-License-Identifier: GPL-3.0-or-later
#include "buyingpowerrule.h"

RuleResult BuyingPowerRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &,
                                     Decimal allowedSoFar) const
{
    const Decimal bp = context.account.buyingPower;
    const QString value = QStringLiteral("order notional %1").arg(money(allowedSoFar * request.price));
    const QString limit = QStringLiteral("buying power %1").arg(money(bp));
    const Decimal allowed = bp.isPositive() ? bp.dividedBy(request.price, Decimal::kScale, RoundingMode::Down) : Decimal();
    return capped(allowed, allowedSoFar, value, limit);
}
