// SPDX-License-Identifier: GPL-3.0-or-later
#include "minimumconfidencerule.h"

#include <cmath>

RuleResult MinimumConfidenceRule::evaluate(const RiskRequest &request, const RiskContext &, const RiskConfig &config,
                                           Decimal allowedSoFar) const
{
    const QString value = QString::number(request.confidence, 'f', 3);
    const QString limit = QStringLiteral("≥ %1").arg(config.minConfidence, 0, 'f', 2);
    if (!std::isfinite(request.confidence) || request.confidence < 0.0 || request.confidence > 1.0)
        return result(RuleOutcome::Reject, Decimal(), value, limit, QStringLiteral("confidence must be a number from 0 to 1"));
    if (request.confidence < config.minConfidence)
        return result(RuleOutcome::Reject, Decimal(), value, limit, QStringLiteral("below the minimum"));
    return result(RuleOutcome::Pass, allowedSoFar, value, limit);
}
