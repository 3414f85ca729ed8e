// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy.h"

#include <QStringList>

#include <map>
#include <memory>

/// Owns one instance of each coded strategy, looked up by name.
class StrategyRegistry
{
public:
    /// All ten strategies of SPEC §2.2 and the sma_cross benchmark, with default parameters.
    StrategyRegistry();
    const Strategy *find(const QString &name) const;
    QStringList names() const;
    /// The most bars any strategy needs.
    int maxBarsNeeded() const;

private:
    std::map<QString, std::unique_ptr<Strategy>> m_strategies;
};
