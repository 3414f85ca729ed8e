// SPDX-License-Identifier: GPL-3.0-or-later
#include "minimumconfidencerule.h"

#include <algorithm>
#include <cmath>

RuleResult MinimumConfidenceRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    Q_UNUSED(context);
    const Decimal limit = Decimal::fromDouble(config.minConfidence, 4).value_or(Decimal());
    const auto value = Decimal::fromDouble(request.confidence, 4);
    if (!std::isfinite(request.confidence) || request.confidence < 0.0 || request.confidence > 1.0)
        return reject(RuleUnit::Number, value.value_or(Decimal::invalid()), limit, QStringLiteral("confidence must be a number from 0 to 1"));
    if (request.confidence < config.minConfidence)
        return reject(RuleUnit::Number, *value, limit, QStringLiteral("below the minimum confidence"));
    return pass(RuleUnit::Number, *value, limit, allowedSoFar);
}
