// SPDX-License-Identifier: GPL-3.0-or-later
#include "venue.h"

#include "persistence/tradestore.h"
#include "pipeline/engineoptions.h"
#include "simulatedbrokerservice.h"
#include "simulatedmarketdata.h"

Result<Venue> openVenue(EngineOptions &options, TradeStore &store)
{
    const QString storedSeed = store.state(QStringLiteral("market_seed"));
    if (storedSeed.isEmpty()) {
        const Status s = store.transaction([&]() -> Status {
            for (const auto &[k, v] : {std::pair{"market_seed", QString::number(options.market.seed)},
                                       std::pair{"starting_cash", options.startingCash.toString()},
                                       std::pair{"history_sessions", QString::number(options.market.historySessions)},
                                       std::pair{"mode", QStringLiteral("demo")}})
                if (Status r = store.setState(QLatin1String(k), v); !r)
                    return r;
            return {};
        });
        if (!s)
            return Result<Venue>::failure(s.error());
    } else {
        options.market.seed = storedSeed.toULongLong();
        options.startingCash = Decimal::parse(store.state(QStringLiteral("starting_cash"))).value_or(options.startingCash);
        options.market.historySessions = store.state(QStringLiteral("history_sessions")).toInt();
    }
    auto data = std::make_unique<SimulatedMarketData>(DemoUniverse::builtIn(), options.market);
    auto broker = std::make_unique<SimulatedBrokerService>(*data, options.startingCash);
    broker->setLatencyMs(options.brokerLatencyMs);
    if (!broker->restore(store.loadFills(), store.loadOrders()))
        return Result<Venue>::failure(
            QStringLiteral("the recorded fills in %1 are inconsistent (a sell exceeds the position)").arg(options.dbPath));
    Venue v;
    v.data = std::move(data);
    v.broker = std::move(broker);
    v.label = QStringLiteral("DEMO — simulated");
    return v;
}
