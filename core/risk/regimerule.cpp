// SPDX-License-Identifier: GPL-3.0-or-later
#include "regimerule.h"

#include <algorithm>
#include <cmath>

RuleResult RegimeRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(request);
    Q_UNUSED(context);
    if (!config.regimeEnabled)
        return skip(QStringLiteral("off"), allowedSoFar);
    const double s = std::clamp(context.regimeScalar, 0.0, 1.0);
    const Decimal scalar = Decimal::fromDouble(std::isfinite(s) ? s : 0.0, 4, RoundingMode::Down).value_or(Decimal());
    if (!scalar.isPositive())
        return reject(RuleUnit::Number, scalar, Decimal::fromInt(1), QStringLiteral("bear regime: no new entries"));
    const Decimal allowed = (allowedSoFar * scalar).rounded(Decimal::kScale, RoundingMode::Down);
    return make(allowed < allowedSoFar ? RuleOutcome::Resize : RuleOutcome::Pass, RuleUnit::Number, scalar, Decimal::fromInt(1), allowed);
}
