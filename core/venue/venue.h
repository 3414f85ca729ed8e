// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "broker.h"
#include "marketdata.h"
#include "util/result.h"

#include <memory>

struct EngineOptions;
class TradeStore;

/// A market-data service and a broker, chosen by the engine options. This is
/// the one place that knows which venue is which; everything upstream sees
/// only the two seams.
struct Venue
{
    /// The REST client both Alpaca seams share (one rate limiter per account);
    /// declared first, so it outlives them. Empty for the simulated venue.
    std::unique_ptr<class AlpacaClient> client;
    std::unique_ptr<MarketData> data;
    std::unique_ptr<Broker> broker;
    QString label; ///< what the status bar shows, e.g. "DEMO — simulated"
    bool live = false; ///< real money: the status bar shows LIVE in red
    bool simulated = true;

    Venue();
    Venue(Venue &&) noexcept;
    Venue &operator=(Venue &&) noexcept;
    ~Venue();
};

/// Opens the venue the options name over an opened record. The simulated
/// venue keeps its seed and starting cash in the record, so a reopened
/// database continues the same market, and rebuilds its broker from the
/// recorded fills and orders; `options` is updated with what the record holds.
Result<Venue> openVenue(EngineOptions &options, TradeStore &store);
