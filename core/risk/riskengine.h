// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/riskverdict.h"
#include "riskconfig.h"
#include "riskrequest.h"
#include "riskrule.h"

#include <QStringList>

#include <memory>
#include <vector>

/// The deterministic pre-trade check. Rules run in a fixed order (see
/// `ruleOrder()`); each may only lower the quantity. Entries fail closed: an
/// invalid input rejects. An order that only reduces a held position is never
/// blocked by an entry rule.
class RiskEngine
{
public:
    explicit RiskEngine(RiskConfig config = {});
    ~RiskEngine();
    RiskEngine(RiskEngine &&) noexcept;
    RiskEngine &operator=(RiskEngine &&) noexcept;

    /// Buy when flat or long is an entry; a sell of a held long is reducing.
    RiskVerdict evaluate(const RiskRequest &request, const RiskContext &context) const;
    RiskVerdict evaluateEntry(const RiskRequest &request, const RiskContext &context) const;
    /// A sell of at most the held quantity: approved for the held quantity.
    RiskVerdict evaluateReducing(const RiskRequest &request, const RiskContext &context) const;

    const RiskConfig &config() const { return m_config; }
    QStringList ruleOrder() const;

private:
    RiskConfig m_config;
    std::vector<std::unique_ptr<RiskRule>> m_rules;
};
