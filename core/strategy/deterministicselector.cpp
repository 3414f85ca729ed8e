// SPDX-License-Identifier: GPL-3.0-or-later
#include "deterministicselector.h"

#include <cmath>

DeterministicSelector::Choice DeterministicSelector::choose(const SelectionContext &c)
{
    if (c.volatility20 > 0.03)
        return {QStringLiteral("MeanReversion"), QStringLiteral("volatility %1 % > 3 %").arg(c.volatility20 * 100, 0, 'f', 2)};
    if (std::fabs(c.change1) > 0.07)
        return {QStringLiteral("TrendFollowing"), QStringLiteral("|1-bar change| %1 % > 7 %").arg(std::fabs(c.change1) * 100, 0, 'f', 2)};
    return {QStringLiteral("MeanReversion"), QStringLiteral("default: volatility %1 % ≤ 3 %, |1-bar change| %2 % ≤ 7 %")
                                                 .arg(c.volatility20 * 100, 0, 'f', 2)
                                                 .arg(std::fabs(c.change1) * 100, 0, 'f', 2)};
}
