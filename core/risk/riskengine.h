// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/riskverdict.h"
#include "riskconfig.h"
#include "riskrequest.h"
#include "riskrule.h"

#include <QStringList>

#include <memory>
#include <vector>

/// The deterministic pre-trade check (SPEC §4). Rules run in the fixed order
/// of `ruleOrder()`; each may only lower the quantity, so a verdict never
/// resizes up. Entries fail closed: invalid input rejects. An order that only
/// reduces a held position is never blocked by an entry rule, trading state or
/// breaker, and is sized to the quantity held.
class RiskEngine
{
public:
    explicit RiskEngine(RiskConfig config = {});
    ~RiskEngine();
    RiskEngine(RiskEngine &&) noexcept;
    RiskEngine &operator=(RiskEngine &&) noexcept;

    /// A sell of a held long is reducing; everything else is an entry.
    RiskVerdict evaluate(const RiskRequest &request, const RiskContext &context) const;
    /// The same verdict, written into `into` and reusing its storage (the
    /// backtester checks tens of thousands of entries with one verdict).
    void evaluate(const RiskRequest &request, const RiskContext &context, RiskVerdict &into) const;

    const RiskConfig &config() const { return m_config; }
    QStringList ruleOrder() const;

private:
    void evaluateEntry(const RiskRequest &request, const RiskContext &context, RiskVerdict &v) const;
    void evaluateReducing(const RiskRequest &request, const RiskContext &context, RiskVerdict &v) const;

    RiskConfig m_config;
    std::vector<std::unique_ptr<RiskRule>> m_rules;
};
