// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskrule.h"

/// ACTIVE allows entries; REDUCING allows only risk-reducing orders; HALTED allows nothing new.
class TradingStateRule : public RiskRule
{
public:
    QString id() const override { return QStringLiteral("trading_state"); }
    RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                        Decimal allowedSoFar) const override;
};
