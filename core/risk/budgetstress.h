// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Budget-stress levels of SPEC §5: committed capital ÷ the symbol's fixed budget.
enum class StressLevel { Normal, Elevated, High, Critical };

inline StressLevel stressLevel(double stress)
{
    if (stress >= 0.70)
        return StressLevel::Critical;
    if (stress >= 0.50)
        return StressLevel::High;
    if (stress >= 0.30)
        return StressLevel::Elevated;
    return StressLevel::Normal;
}
