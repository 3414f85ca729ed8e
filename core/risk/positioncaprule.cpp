// SPDX-License-Identifier: GPL-3.0-or-later
#include "positioncaprule.h"

RuleResult PositionCapRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                                     Decimal allowedSoFar) const
{
    const Decimal cap = context.account.equity * config.perPositionCap;
    const Decimal existing = context.positionValue.value(request.symbol);
    const Decimal room = cap - existing;
    const Decimal after = existing + allowedSoFar * request.price;
    const QString value = QStringLiteral("position after order %1 (held %2)").arg(money(after), money(existing));
    const QString limit = QStringLiteral("%1 of equity = %2").arg(pct(config.perPositionCap), money(cap));
    const Decimal allowed = room.isPositive() ? room.dividedBy(request.price, Decimal::kScale, RoundingMode::Down) : Decimal();
    return capped(allowed, allowedSoFar, value, limit);
}
