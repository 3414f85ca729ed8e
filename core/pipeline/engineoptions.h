// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "data/simulatedmarket.h"
#include "domain/desk.h"
#include "execution/exitmanager.h"
#include "model/modelconfig.h"
#include "risk/riskconfig.h"
#include "venue/alpaca/alpacaclient.h"

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
    /// A proposal also waits at least this long in wall-clock time before it can
    /// expire, so a fast simulated clock never rushes the trader (0: sessions only).
    int proposalMinWaitMs = 0;
    /// The operator's desk: ticket expiry and drift, the rubber-stamp guard, notifications.
    DeskConfig desk;
    /// Exit rules for every position (SPEC §5). The entry's protective stop is its stop-loss.
    ExitConfig exits = defaultExits();
    /// Breakeven and trailing moves that only raise the stop apply without asking.
    bool autoTightenStops = true;
    /// Each filled entry gets its protective stop at the broker (1.5 × ATR below).
    bool protectiveStops = true;
    /// Strategy health suspends strategies with poor accuracy.
    bool strategyHealth = true;
    /// Non-empty: every symbol uses this strategy instead of the selector (demo replays).
    QString fixedStrategy;
    /// The language model that picks strategies and writes narratives (none: the
    /// deterministic selector and the offline narrator).
    ModelConfig model;
    /// A record whose model answers are replayed for the same prompts (no model is asked for them).
    QString modelReplayPath;

    static ExitConfig defaultExits()
    {
        ExitConfig e;
        e.breakevenTriggerPct = Decimal::fromRaw(30'000'000);    // +3 %: stop to the entry
        e.trailingAtrMultiple = Decimal::fromRaw(2'500'000'000); // trail 2.5 × ATR below the high
        e.takeProfitPct = Decimal::fromRaw(120'000'000);         // +12 %: propose taking the profit
        e.maxBarsHeld = 40;                                      // propose an exit after 40 sessions
        return e;
    }
    QString runKind = QStringLiteral("demo");
    /// The settings this engine runs with, as compact JSON; a change since the last run
    /// is recorded (settings_changes) and journaled.
    QString settingsText = QStringLiteral("{}");
    /// The simulated broker's reporting delay in milliseconds (0: reports arrive
    /// as soon as the call returns). Tests use it to hold orders in flight.
    int brokerLatencyMs = 0;

    /// Which venue trades: the simulated market and broker, or Alpaca.
    enum class VenueKind { Simulated, Alpaca };
    VenueKind venue = VenueKind::Simulated;
    /// Alpaca: where and who (the keys stay in memory only).
    AlpacaEndpoints alpaca;
    /// Alpaca: the symbols traded (the demo's universe by default).
    QStringList universe;
    /// Alpaca: live trading was asked for explicitly (--live) and confirmed.
    bool live = false;
    int alpacaTimeoutMs = 10'000;
    int alpacaClockPollMs = 30'000;
    int alpacaQuotePollMs = 60'000;
    int alpacaCloseDelayS = 60;
    int alpacaPageLimit = 10'000;
    bool alpacaMarketStream = true;
};
