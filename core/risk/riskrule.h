// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/riskverdict.h"
#include "riskconfig.h"
#include "riskrequest.h"

/// One pre-trade rule. The engine runs rules in a fixed order; each sees the
/// quantity allowed so far (invalid before the sizing rule) and returns the
/// largest quantity it allows, never more. Text is only made on rejections.
class RiskRule
{
public:
    virtual ~RiskRule() = default;
    /// Stable snake_case id, used in verdicts, the database and the docs.
    virtual QString id() const = 0;
    virtual RuleResult evaluate(const RiskRequest &request, const RiskContext &context, const RiskConfig &config,
                                Decimal allowedSoFar) const = 0;

protected:
    RuleResult make(RuleOutcome outcome, RuleUnit unit, Decimal value, Decimal limit, Decimal allowed, QString note = {}) const
    {
        return {id(), outcome, unit, value, limit, allowed, std::move(note)};
    }
    RuleResult pass(RuleUnit unit, Decimal value, Decimal limit, Decimal allowedSoFar) const
    {
        return make(RuleOutcome::Pass, unit, value, limit, allowedSoFar);
    }
    RuleResult reject(RuleUnit unit, Decimal value, Decimal limit, QString note) const
    {
        return make(RuleOutcome::Reject, unit, value, limit, Decimal(), std::move(note));
    }
    RuleResult skip(QString note, Decimal allowedSoFar) const
    {
        return make(RuleOutcome::Skipped, RuleUnit::None, Decimal::invalid(), Decimal::invalid(), allowedSoFar, std::move(note));
    }
    /// A cap expressed as money room: the quantity it allows at `price`,
    /// resize when below what came in, reject when there is no room.
    RuleResult capByRoom(Decimal room, Decimal price, Decimal value, Decimal limit, Decimal allowedSoFar) const;
    static Decimal sharesFor(Decimal money, Decimal price)
    {
        return money.isPositive() ? money.dividedBy(price, Decimal::kScale, RoundingMode::Down) : Decimal();
    }
    /// The notional of the quantity allowed so far (zero before sizing).
    static Decimal notionalSoFar(Decimal allowedSoFar, Decimal price)
    {
        return allowedSoFar.isValid() ? allowedSoFar * price : Decimal();
    }
};
