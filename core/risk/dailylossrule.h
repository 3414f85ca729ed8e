// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// Equity against start-of-session equity; at the limit only risk-reducing orders pass until the next session.
class DailyLossRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("daily_loss"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
