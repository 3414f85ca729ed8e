// SPDX-License-Identifier: GPL-3.0-or-later
#include "venue.h"

#include "persistence/tradestore.h"
#include "pipeline/engineoptions.h"
#include "simulatedbrokerservice.h"
#include "simulatedmarketdata.h"
#include "alpaca/alpacabroker.h"
#include "alpaca/alpacaclient.h"
#include "alpaca/alpacamarketdata.h"
#include "data/demouniverse.h"

Venue::Venue() = default;
Venue::Venue(Venue &&) noexcept = default;
Venue &Venue::operator=(Venue &&) noexcept = default;
Venue::~Venue() = default;

namespace {

Result<Venue> openAlpaca(EngineOptions &options, TradeStore &store)
{
    const AlpacaEndpoints &e = options.alpaca;
    if (e.keyId.isEmpty() || e.secret.isEmpty())
        return Result<Venue>::failure(QStringLiteral(
            "no Alpaca keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or store them with File → Connect to Alpaca paper…"));
    if (!e.trading.isValid() || !e.data.isValid() || e.trading.scheme().isEmpty() || e.data.scheme().isEmpty())
        return Result<Venue>::failure(QStringLiteral("the Alpaca URLs are not valid: trading '%1', data '%2'")
                                          .arg(e.trading.toString(), e.data.toString()));
    if (e.isLiveHost() && !options.live)
        return Result<Venue>::failure(QStringLiteral("%1 is Alpaca's live host: live trading needs --live (and a typed confirmation)")
                                          .arg(e.trading.host()));
    if (options.live && !e.isLiveHost())
        return Result<Venue>::failure(QStringLiteral("--live needs the live trading URL https://api.alpaca.markets, not %1")
                                          .arg(e.trading.toString()));
    const QString mode = options.live ? QStringLiteral("alpaca-live") : QStringLiteral("alpaca-paper");
    const QString recorded = store.state(QStringLiteral("mode"));
    if (!recorded.isEmpty() && recorded != mode)
        return Result<Venue>::failure(QStringLiteral("%1 holds a %2 record; %3 needs a record of its own (choose another --db)")
                                          .arg(options.dbPath, recorded, mode));
    const QString host = e.trading.toString(QUrl::RemovePath | QUrl::RemoveQuery);
    const QString recordedHost = store.state(QStringLiteral("venue_url"));
    if (!recordedHost.isEmpty() && recordedHost != host)
        return Result<Venue>::failure(QStringLiteral("%1 was recorded against %2, not %3 (choose another --db)")
                                          .arg(options.dbPath, recordedHost, host));
    if (recorded.isEmpty()) {
        const Status s = store.transaction([&]() -> Status {
            if (Status r = store.setState(QStringLiteral("mode"), mode); !r)
                return r;
            return store.setState(QStringLiteral("venue_url"), host);
        });
        if (!s)
            return Result<Venue>::failure(s.error());
    }
    Venue v;
    v.client = std::make_unique<AlpacaClient>(e);
    v.client->setTimeoutMs(options.alpacaTimeoutMs);
    AlpacaMarketData::Options md;
    md.clockPollMs = options.alpacaClockPollMs;
    md.quotePollMs = options.alpacaQuotePollMs;
    md.closeDelayS = options.alpacaCloseDelayS;
    md.pageLimit = options.alpacaPageLimit;
    md.stream = options.alpacaMarketStream;
    QStringList universe = options.universe;
    if (universe.isEmpty())
        for (const UniverseEntry &u : DemoUniverse::builtIn().entries)
            universe.append(u.symbol);
    auto data = std::make_unique<AlpacaMarketData>(*v.client, universe, md);
    auto broker = std::make_unique<AlpacaBroker>(*v.client);
    QList<Order> notFinal;
    for (const Order &o : store.loadOrders())
        if (::isOpen(o.status))
            notFinal.append(o);
    QStringList fillIds;
    for (const Fill &f : store.loadFills())
        fillIds.append(f.id);
    broker->restore(notFinal, fillIds);
    data->start();
    v.data = std::move(data);
    v.broker = std::move(broker);
    v.live = options.live;
    v.simulated = false;
    v.label = options.live ? QStringLiteral("LIVE — Alpaca %1").arg(e.trading.host())
                           : QStringLiteral("PAPER — Alpaca %1").arg(e.trading.host());
    return v;
}

} // namespace

Result<Venue> openVenue(EngineOptions &options, TradeStore &store)
{
    if (options.venue == EngineOptions::VenueKind::Alpaca)
        return openAlpaca(options, store);
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
