// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "data/simulatedmarket.h"
#include "risk/riskconfig.h"

#include <QString>

/// How a TradingEngine is set up: where it records, the simulated market's
/// seed and clock, the starting cash and the risk limits.
struct EngineOptions
{
    QString dbPath;
    QString connectionName = QStringLiteral("engine");
    SimulatedMarket::Options market;
    Decimal startingCash = Decimal::fromInt(100'000);
    RiskConfig risk;
    int proposalTtlSessions = 5;
    QString runKind = QStringLiteral("demo");
};
