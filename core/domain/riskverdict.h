// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"
#include "enums.h"

#include <QList>
#include <QString>

/// One rule's finding: what it measured, its limit, and the largest quantity it
/// allows. Numbers stay exact; text is made only for display (valueText()).
struct RuleResult
{
    QString rule;
    RuleOutcome outcome = RuleOutcome::Pass;
    RuleUnit unit = RuleUnit::None;
    Decimal value = Decimal::invalid(); ///< the measured input; invalid when not measured
    Decimal limit = Decimal::invalid(); ///< the configured limit; invalid when none applies
    Decimal allowedQty;                 ///< the largest quantity this rule allows
    QString note;

    QString valueText() const { return format(unit, value); }
    QString limitText() const { return format(unit, limit); }
    /// "$4,833.57", "21 sh", "5 %", "0.562", "3 sessions"; "—" when invalid.
    static QString format(RuleUnit unit, Decimal v);
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
    bool held = false;   ///< approved to send, but waits (market closed or order rate)

    const RuleResult *find(const QString &rule) const;
};
Q_DECLARE_METATYPE(RuleResult)
Q_DECLARE_METATYPE(RiskVerdict)
