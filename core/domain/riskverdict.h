// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"
#include "enums.h"

#include <QList>
#include <QString>

/// One rule's finding: what it looked at, its limit and what it allows.
struct RuleResult
{
    QString rule;
    RuleOutcome outcome = RuleOutcome::Pass;
    QString value;      ///< the measured input, in words and numbers
    QString limit;      ///< the configured limit
    Decimal allowedQty; ///< the largest quantity this rule allows
    QString note;
};

/// The risk engine's decision on one proposal, with every rule's numbers.
struct RiskVerdict
{
    VerdictKind kind = VerdictKind::Reject;
    Decimal requestedQty;
    Decimal finalQty;
    Decimal finalNotional;
    QString bindingRule; ///< the rule that set the final quantity, empty when none bound
    QList<RuleResult> rules;
    QString summary;
};
Q_DECLARE_METATYPE(RuleResult)
Q_DECLARE_METATYPE(RiskVerdict)
