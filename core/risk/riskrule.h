// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/riskverdict.h"
#include "riskconfig.h"
#include "riskrequest.h"

/// One pre-trade rule. The engine runs rules in a fixed order; each sees the
/// quantity allowed so far and returns the largest quantity it allows, never more.
class RiskRule
{
public:
    virtual ~RiskRule() = default;
    /// Stable snake_case id, used in verdicts, the database and config keys.
    virtual QString id() const = 0;
    virtual RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                                Decimal allowedSoFar) const = 0;

protected:
    RuleResult result(RuleOutcome outcome, Decimal allowed, QString value, QString limit, QString note = {}) const
    {
        return {id(), outcome, std::move(value), std::move(limit), allowed, std::move(note)};
    }
    /// Resize when `allowed` is below what came in, pass otherwise; zero rejects.
    RuleResult capped(Decimal allowed, Decimal allowedSoFar, QString value, QString limit) const;
    static QString money(Decimal d) { return QStringLiteral("$") + d.toString(2); }
    static QString pct(Decimal fraction) { return fraction.times(100).toString() + QStringLiteral(" %"); }
};
