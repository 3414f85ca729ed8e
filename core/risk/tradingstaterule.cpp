// SPDX-License-Identifier: GPL-3.0-or-later
#include "tradingstaterule.h"

#include <algorithm>
#include <cmath>

RuleResult TradingStateRule::evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                           Decimal allowedSoFar) const
{
    switch (context.state) {
    case TradingState::Active: return pass(RuleUnit::None, Decimal::invalid(), Decimal::invalid(), allowedSoFar);
    case TradingState::Reducing: return reject(RuleUnit::None, Decimal::invalid(), Decimal::invalid(), QStringLiteral("REDUCING: only risk-reducing orders until the next session"));
    case TradingState::Halted: return reject(RuleUnit::None, Decimal::invalid(), Decimal::invalid(), QStringLiteral("HALTED: nothing new until the operator resets"));
    }
    Q_UNUSED(request);
    Q_UNUSED(config);
    return reject(RuleUnit::None, Decimal::invalid(), Decimal::invalid(), QStringLiteral("unknown trading state"));
}
