// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "selectioncontext.h"

#include <QString>

/// The rule-based selector used offline and whenever a model fails
/// (SPEC §2.2): volatility > 3 % → MeanReversion; |1-bar change| > 7 % →
/// TrendFollowing; otherwise MeanReversion.
class DeterministicSelector
{
public:
    struct Choice
    {
        QString strategy;
        QString reason;
    };
    static QString name() { return QStringLiteral("deterministic"); }
    static Choice choose(const SelectionContext &context);
};
