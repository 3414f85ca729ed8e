// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "selectioncontext.h"

#include <QSet>
#include <QString>
#include <QStringList>

/// The offline selector of SPEC §2.2: volatility > 3 % → MeanReversion;
/// |1-bar change| > 7 % → TrendFollowing; else MeanReversion. It never picks a
/// suspended strategy: it takes the next best for the symbol's regime, and
/// the reason says so.
class DeterministicSelector
{
public:
    struct Choice
    {
        QString strategy; ///< empty when every candidate is suspended
        QString reason;
    };
    static QString name() { return QStringLiteral("deterministic"); }
    static Choice choose(const SelectionContext &context, const QSet<QString> &suspended = {});
    /// The candidates in order of preference: the rule's pick, then the
    /// strategies that suit the regime, then every other coded strategy.
    static QStringList ranking(const SelectionContext &context);
};
