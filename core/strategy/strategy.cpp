// SPDX-License-Identifier: GPL-3.0-or-later
#include "strategy.h"

#include <algorithm>

double Strategy::strength(double excess)
{
    return std::clamp(0.5 + 0.5 * excess, 0.0, 1.0);
}

StrategyDecision Strategy::notEnoughBars(const StrategyInput &input, int needed)
{
    return none(QStringLiteral("needs %1 bars, has %2").arg(needed).arg(input.series.size()));
}
