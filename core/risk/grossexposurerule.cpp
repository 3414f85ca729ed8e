// SPDX-License-Identifier: GPL-3.0-or-later
#include "grossexposurerule.h"

RuleResult GrossExposureRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                                       Decimal allowedSoFar) const
{
    const Decimal cap = context.account.equity * config.grossExposureCap;
    const Decimal room = cap - context.grossExposure;
    const QString value = QStringLiteral("exposure after order %1").arg(money(context.grossExposure + allowedSoFar * request.price));
    const QString limit = QStringLiteral("%1 of equity = %2").arg(pct(config.grossExposureCap), money(cap));
    const Decimal allowed = room.isPositive() ? room.dividedBy(request.price, Decimal::kScale, RoundingMode::Down) : Decimal();
    return capped(allowed, allowedSoFar, value, limit);
}
