// SPDX-License-Identifier: GPL-3.0-or-later
#include "tradingengine.h"

#include "data/exchangecalendar.h"
#include "util/crashpoint.h"
#include "indicators/atr.h"
#include "venue/alpaca/alpacabroker.h"
#include "indicators/sma.h"
#include "util/ids.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace {

constexpr std::size_t kRecentLimit = 300;
constexpr int kHealthHorizon = 5; // sessions after a signal that its direction is judged

template<typename T>
void pushRecent(std::deque<T> &list, const T &item, std::size_t limit = kRecentLimit)
{
    list.push_front(item);
    while (list.size() > limit)
        list.pop_back();
}

int countOf(const Database &db, const QString &sql)
{
    QSqlQuery q(db.handle());
    return q.exec(sql) && q.next() ? q.value(0).toInt() : 0;
}

} // namespace

TradingEngine::TradingEngine(EngineOptions options)
    : m_options(std::move(options))
    , m_db(m_options.connectionName)
    , m_store(m_db)
    , m_risk(m_options.risk)
    , m_guard(m_risk.config())
    , m_pipeline(m_risk, m_strategies, Pipeline::Options{300, QStringLiteral("SPY"), 14, m_options.fixedStrategy})
{
    ModelDesk::Hooks hooks;
    hooks.transaction = [this](const std::function<Status()> &body) { return m_store.transaction(body); };
    hooks.modelResult = [this](bool ok, const QString &why) {
        const QList<BreakerEvent> events = m_guard.onModelResult(ok, why, QDateTime::currentDateTimeUtc());
        return events.isEmpty() ? Status() : m_store.transaction([&] { return applyGuardEvents(events); });
    };
    hooks.selectionReady = [this] { processDeferredCloses(); };
    hooks.recordFailed = [this](const QString &why) { fail(why); };
    m_modelDesk = std::make_unique<ModelDesk>(m_store, m_guard, m_options.model, m_options.modelReplayPath, std::move(hooks));
}

TradingEngine::~TradingEngine()
{
    if (m_open)
        finish(m_failure.isEmpty() ? QStringLiteral("ok") : QStringLiteral("failed"), m_failure);
}

QString TradingEngine::modeLabel() const
{
    return m_venueLabel;
}

void TradingEngine::fail(const QString &why)
{
    if (!m_failure.isEmpty())
        return;
    m_failure = QStringLiteral("a record could not be written, so trading stopped: %1").arg(why);
    qCCritical(lcPipeline).noquote() << m_failure;
}

Decimal TradingEngine::priceOf(const QString &symbol) const
{
    return m_book.lastPrice(symbol);
}

void TradingEngine::connectVenue()
{
    MarketData *data = m_venue.data.get();
    Broker *broker = m_venue.broker.get();
    QObject::connect(data, &MarketData::barsReceived, data, [this](const QList<Bar> &bars) { onBars(bars); });
    QObject::connect(data, &MarketData::quotesUpdated, data, [this](const QList<Quote> &q, const VenueClock &c) { onQuotes(q, c); });
    QObject::connect(data, &MarketData::sessionClosed, data,
                     [this](const QDate &d, const QList<Bar> &bars, const VenueClock &c) { onSessionClosed(d, bars, c); });
    QObject::connect(broker, &Broker::fillReceived, broker, [this](const Fill &f) { onFill(f); });
    QObject::connect(broker, &Broker::positionUpdated, broker, [this](const Position &p) { onPosition(p); });
    QObject::connect(broker, &Broker::accountUpdated, broker, [this](const Account &a) { m_book.applyAccount(a); });
    QObject::connect(broker, &Broker::orderUpdated, broker, [this](const Order &o) {
        rememberOrder(o);
        m_orders->onOrderUpdated(o);
        // Fills that came before their order's first update are recorded after it.
        for (qsizetype i = 0; i < m_fillsAwaitingOrder.size();) {
            if (m_fillsAwaitingOrder[i].orderId == o.id && m_store.hasOrder(o.id)) {
                const Fill f = m_fillsAwaitingOrder.takeAt(i);
                onFill(f);
            } else {
                ++i;
            }
        }
    });
    QObject::connect(broker, &Broker::submitUnresolved, broker,
                     [this](const QString &id, const QString &why) { m_orders->onUnresolved(id, why); });
    QObject::connect(broker, &Broker::snapshotReceived, broker, [this] { onBrokerReady(); });
    QObject::connect(broker, &Broker::lookupFinished, broker,
                     [this](const QString &id, const std::optional<Order> &o) { m_orders->onLookup(id, o); });
    QObject::connect(broker, &Broker::brokerStateReceived, broker,
                     [this](const QList<Position> &p, const QList<Order> &o) { onBrokerState(p, o); });
    QObject::connect(broker, &Broker::problem, broker, [](const QString &what) { qCWarning(lcBroker).noquote() << what; });
    QObject::connect(broker, &Broker::connectionChanged, broker, [this](bool connected, const QString &why) {
        if (!connected) {
            m_brokerConnected = false;
            qCWarning(lcBroker).noquote() << QStringLiteral("broker connection lost: %1").arg(why);
            return;
        }
        const bool reconnected = !m_brokerConnected;
        m_brokerConnected = true;
        if (reconnected && m_resolved)
            reconcile(QStringLiteral("reconnect"));
    });

    OrderManager::Hooks hooks;
    hooks.recordOrderEffects = [this](const Order &o, const OrderIntent *i) { return recordOrderEffects(o, i); };
    hooks.intentEnded = [this](const OrderIntent &i, const QString &why) { onIntentEnded(i, why); };
    hooks.brokerResult = [this](bool ok, const QString &why) {
        const QList<BreakerEvent> events = m_guard.onBrokerResult(ok, why, QDateTime::currentDateTimeUtc());
        if (!events.isEmpty() && !m_store.transaction([&] { return applyGuardEvents(events); }))
            fail(QStringLiteral("breaker event"));
    };
    hooks.recordFailed = [this](const QString &why) { fail(why); };
    m_orders->setHooks(std::move(hooks));
}

Status TradingEngine::open()
{
    if (Status s = m_db.open(m_options.dbPath); !s)
        return s;
    if (Status s = m_db.claimForEngine(); !s)
        return s;
    if (Status s = m_db.migrate(); !s)
        return s;
    if (Status s = m_store.transaction([&] { return m_store.startJournal(); }); !s)
        return s;
    if (Status s = m_store.rebuildTrades(); !s)
        return s;
    // This run is on record before anything of it happens (a kill at any later instant leaves a failed run).
    if (const int stale = m_store.closeStaleRuns(); stale > 0)
        qCWarning(lcPipeline) << stale << "earlier run(s) ended without closing; recorded as failed";
    m_runId = newId("run");
    if (Status s = m_store.beginRun(m_runId, m_options.runKind,
                                    QStringLiteral("seed=%1 cash=%2").arg(m_options.market.seed).arg(m_options.startingCash.toString()));
        !s)
        return s;
    if (Status s = m_store.recordSettings(m_options.settingsText); !s)
        return s;
    Result<Venue> venue = openVenue(m_options, m_store);
    if (!venue)
        return Status::failure(venue.error());
    m_venue = std::move(venue.value());
    if (m_options.venue == EngineOptions::VenueKind::Simulated)
        m_store.setSimulatedClock([this] { return m_clock.now; });
    m_venueLabel = m_venue.label;
    const MarketData *data = m_venue.data.get();
    m_bars = std::make_unique<BarCache>(data->symbols(), [data](const QString &s) { return data->asset(s).fractionable; });
    m_orders = std::make_unique<OrderManager>(m_store, *m_venue.broker, m_book, *m_venue.data,
                                              OrderManager::Options{m_risk.config().maxSubmitsPerMinute, m_options.protectiveStops, Decimal::fromRaw(2'500'000),
                                                                    m_options.exits.takeProfitPct});
    const auto context = [this](const QString &symbol, const Proposal *self) { return riskContext(symbol, self); };
    m_desk = std::make_unique<ApprovalDesk>(m_store, m_risk, *m_orders, m_book, context);
    m_monitor = std::make_unique<PositionMonitor>(m_store, m_risk, *m_orders, m_book, *m_bars, *m_desk, m_options, context);
    m_desk->setExpiry({m_options.desk.expiryMinutes, m_options.desk.driftPct, m_options.proposalTtlSessions, m_options.proposalMinWaitMs});
    m_shadowBook = std::make_unique<ShadowBook>(m_store, m_options.exits);
    connectVenue();

    const QString completed = m_store.state(QStringLiteral("completed_sessions"));
    m_fresh = completed.isEmpty();
    if (m_fresh) {
        // The venue's history: recorded with the session count in one transaction.
        m_venue.data->requestBars(data->symbols(), {}, m_options.market.historySessions);
        if (!m_failure.isEmpty())
            return Status::failure(m_failure);
    } else {
        m_completed = completed.toInt();
        m_bars->add(m_store.loadBars());
        const QDate last = m_bars->lastSession();
        QDateTime processed = QDateTime::fromString(m_store.state(QStringLiteral("clock")), Qt::ISODateWithMs);
        if (!processed.isValid() && last.isValid())
            processed = ExchangeCalendar::toUtc(last, ExchangeCalendar::closeTime(last));
        m_venue.data->resume(processed);
        // Only what the record does not hold yet.
        m_venue.data->requestBars(data->symbols(), last, m_options.market.historySessions);
    }
    m_clock = data->clock();
    for (const Quote &q : data->latestQuotes())
        m_book.mark(q.symbol, q.price);

    {
        // What the record holds per symbol, for reconciliation with the broker.
        const QJsonObject adjust = QJsonDocument::fromJson(m_store.state(QStringLiteral("recon_adjust")).toUtf8()).object();
        for (auto it = adjust.constBegin(); it != adjust.constEnd(); ++it)
            if (auto d = Decimal::parse(it.value().toString())) {
                m_recordAdjust.insert(it.key(), *d);
                m_recordQty[it.key()] += *d;
            }
        for (const ReconDifference &d : m_store.loadDifferences(false, 2000)) {
            if (d.isOpen())
                m_openDiffs.append(d);
            else if (m_resolvedDiffs.size() < 20)
                m_resolvedDiffs.append(d);
            if (d.resolution == ReconDifference::Resolution::Ignored)
                m_ignoredDiffs.insert(textOf(d.kind) + d.symbol + d.orderId + d.ours + QLatin1Char('|') + d.broker);
        }
    }
    if (!m_fresh) {
        const QList<Fill> fills = m_store.loadFills();
        for (auto [symbol, qty] : m_store.ownPositions().asKeyValueRange())
            m_recordQty[symbol] += qty;
        m_fillCount = static_cast<int>(fills.size());
        for (qsizetype i = std::max<qsizetype>(0, fills.size() - static_cast<qsizetype>(kRecentLimit)); i < fills.size(); ++i)
            pushRecent(m_fills, fills[i]);
        const QList<Order> orders = m_store.loadOrders({}, static_cast<int>(kRecentLimit));
        for (auto it = orders.crbegin(); it != orders.crend(); ++it)
            pushRecent(m_recentOrders, *it);
        m_desk->restore();
        m_equity = m_store.loadEquityCurve();
        TradingGuard::Persisted g;
        if (m_store.loadGuard(g))
            m_guard.restore(g);
        m_monitor->restore();
        m_store.loadHealth(m_health);
        loadDecisionState();
        m_shadowBook->restore();
        m_standing = m_store.loadStanding();
        // A command line's standing approval lasts for its run only, even a run that was killed.
        for (StandingApproval &a : m_standing)
            if (!a.endedAt.isValid() && a.actor.startsWith(QLatin1String("sentinel-cli")))
                if (Status r = endStanding(a, QStringLiteral("the command-line run that set it is over"), {}); !r)
                    return r;
        QSqlQuery q(m_db.handle());
        if (q.exec(QStringLiteral("SELECT DISTINCT symbol FROM proposals WHERE status = 'approved' AND reducing = 0")))
            while (q.next())
                m_approvedSymbols.insert(q.value(0).toString());
        m_resetSinceApproval = m_store.state(QStringLiteral("reset_since_approval")) == QLatin1String("1");
    }
    m_orders->restore();
    m_regime = regimeScalar();
    // The broker's account, positions and open orders fill the book; the engine
    // acts once they are in (at once with the simulated broker's default latency).
    m_venue.broker->requestSnapshot();
    if (!m_fresh) {
        qCInfo(lcPipeline).noquote() << QStringLiteral("restored %1: %2 sessions, %3 fills, %4 pending proposals, %5 open order intents, trading %6")
                                            .arg(m_options.dbPath)
                                            .arg(m_completed)
                                            .arg(m_fillCount)
                                            .arg(m_desk->pending().size())
                                            .arg(m_orders->open().size())
                                            .arg(textOf(m_guard.state()));
    }
    m_open = true;
    if (m_ready)
        onBrokerReady();
    return m_failure.isEmpty() ? Status() : Status::failure(m_failure);
}

void TradingEngine::onBrokerReady()
{
    m_ready = true;
    if (!m_open || m_resolved)
        return;
    m_resolved = true;
    m_book.setLastEquity(m_guard.sessionStartEquity().isPositive() ? m_guard.sessionStartEquity() : m_book.account().equity);
    if (m_fresh) {
        m_guard.onSessionStart(m_completed, m_book.account().equity, m_clock.now);
        if (!m_store.transaction([&] { return m_store.saveGuard(m_guard.persisted()); }))
            fail(QStringLiteral("save trading guard"));
    }
    // The first point needs the venue's clock; a live venue's may come later (the close records one then).
    if (m_equity.isEmpty() && m_clock.now.isValid() && !m_store.transaction([&] { return recordEquityPoint(); }))
        fail(QStringLiteral("record equity point"));
    // Before anything new: every order sent before a restart without an
    // answer is looked up, and every journaled intent not yet sent goes out once.
    m_orders->resolveAfterRestart();
    // Reconciliation: now, and every 5 minutes.
    m_reconTimer = std::make_unique<QTimer>();
    m_reconTimer->setInterval(5 * 60 * 1000);
    QObject::connect(m_reconTimer.get(), &QTimer::timeout, m_venue.broker.get(), [this] { reconcile(QStringLiteral("periodic")); });
    m_reconTimer->start();
    reconcile(QStringLiteral("start"));
    processDeferredCloses();
}

void TradingEngine::processDeferredCloses()
{
    while (!m_deferredCloses.empty() && m_failure.isEmpty() && !m_modelDesk->busy()) {
        const DeferredClose d = std::move(m_deferredCloses.front());
        m_deferredCloses.pop_front();
        onSessionClosed(d.session, d.bars, d.clock);
    }
}

void TradingEngine::onBars(const QList<Bar> &bars)
{
    if (bars.isEmpty())
        return;
    QSet<QDate> sessions;
    for (const Bar &b : bars)
        sessions.insert(b.session);
    const Status s = m_store.transaction([&]() -> Status {
        if (Status r = m_store.recordBars(bars); !r)
            return r;
        if (m_fresh && m_completed == 0)
            return m_store.setState(QStringLiteral("completed_sessions"), QString::number(sessions.size()));
        return {};
    });
    if (!s) {
        fail(s.error());
        return;
    }
    if (m_fresh && m_completed == 0)
        m_completed = static_cast<int>(sessions.size());
    m_bars->add(bars);
}

void TradingEngine::finish(const QString &status, const QString &error)
{
    if (!m_open)
        return;
    m_store.finishRun(m_runId, status, error);
    m_open = false;
}

Status TradingEngine::saveDecisionState()
{
    // Everything that shapes a later decision survives a restart.
    QJsonArray queue;
    for (const ScoredSignal &s : m_toScore)
        queue.append(QJsonObject{{QStringLiteral("strategy"), s.signal.strategy},
                                 {QStringLiteral("symbol"), s.signal.symbol},
                                 {QStringLiteral("direction"), textOf(s.signal.direction)},
                                 {QStringLiteral("price"), s.signal.price.toString()},
                                 {QStringLiteral("due"), s.dueSession}});
    QJsonObject last;
    for (auto it = m_lastDirection.cbegin(); it != m_lastDirection.cend(); ++it)
        last.insert(it.key(), textOf(it.value()));
    if (Status s = m_store.setState(QStringLiteral("health_queue"), QString::fromUtf8(QJsonDocument(queue).toJson(QJsonDocument::Compact))); !s)
        return s;
    if (Status s = saveVetoedRuns(); !s)
        return s;
    return m_store.setState(QStringLiteral("last_directions"), QString::fromUtf8(QJsonDocument(last).toJson(QJsonDocument::Compact)));
}

void TradingEngine::loadDecisionState()
{
    m_toScore.clear();
    const QJsonArray queue = QJsonDocument::fromJson(m_store.state(QStringLiteral("health_queue")).toUtf8()).array();
    for (const QJsonValue &v : queue) {
        const QJsonObject o = v.toObject();
        ScoredSignal s;
        s.signal.strategy = o.value(QStringLiteral("strategy")).toString();
        s.signal.symbol = o.value(QStringLiteral("symbol")).toString();
        s.signal.direction = signalDirectionFromString(o.value(QStringLiteral("direction")).toString()).value_or(SignalDirection::None);
        s.signal.price = Decimal::parse(o.value(QStringLiteral("price")).toString()).value_or(Decimal::invalid());
        s.dueSession = o.value(QStringLiteral("due")).toInt();
        m_toScore.push_back(s);
    }
    m_vetoedRuns.clear();
    for (const QJsonValue &v : QJsonDocument::fromJson(m_store.state(QStringLiteral("vetoed_runs")).toUtf8()).array())
        m_vetoedRuns.insert(v.toString());
    m_lastDirection.clear();
    const QJsonObject last = QJsonDocument::fromJson(m_store.state(QStringLiteral("last_directions")).toUtf8()).object();
    for (auto it = last.constBegin(); it != last.constEnd(); ++it)
        m_lastDirection.insert(it.key(), signalDirectionFromString(it.value().toString()).value_or(SignalDirection::None));
}

RiskContext TradingEngine::riskContext(const QString &symbol, const Proposal *self) const
{
    RiskContext ctx;
    ctx.account = m_book.account();
    if (m_guard.sessionStartEquity().isPositive())
        ctx.account.lastEquity = m_guard.sessionStartEquity();
    for (const Position &p : m_book.positions()) {
        ctx.positionQty.insert(p.symbol, p.qty);
        const Decimal value = p.marketValue();
        ctx.positionValue.insert(p.symbol, value);
        ctx.grossExposure += value;
        ctx.committed[p.symbol] += p.costBasis();
        ctx.tierCommitted[static_cast<std::size_t>(std::clamp(m_risk.config().tierFor(p.symbol), 1, 3) - 1)] += p.costBasis();
    }
    // Approved entries not yet filled count as if filled: toward the position,
    // exposure, the number of open positions and the cash they will use.
    for (const TradeStore::Reservation &r : m_desk->reservations()) {
        if (self && r.proposalId == self->id)
            continue;
        ctx.committed[r.symbol] += r.notional;
        ctx.reserved[r.symbol] += r.notional;
        ctx.positionValue[r.symbol] += r.notional;
        ctx.grossExposure += r.notional;
        ctx.account.buyingPower -= r.notional;
        ctx.tierCommitted[static_cast<std::size_t>(std::clamp(r.tier, 1, 3) - 1)] += r.notional;
    }
    if (ctx.account.buyingPower.isNegative())
        ctx.account.buyingPower = Decimal();
    ctx.fractionable = m_venue.data->asset(symbol).fractionable;
    ctx.state = m_guard.state();
    ctx.entryBlockers = m_guard.entryBlockers();
    ctx.suspendedStrategies = m_health.suspended();
    ctx.budgetBaseEquity = m_guard.sessionStartEquity();
    ctx.ordersToday = m_orders->ordersToday();
    ctx.sessionIndex = currentSessionIndex();
    ctx.lastExitSession = m_monitor->lastExits();
    for (const Proposal &p : m_desk->pending())
        if (!p.reducing && (!self || p.id != self->id))
            ctx.pendingEntries.insert(p.symbol);
    for (const Order &o : m_book.openOrders())
        if (o.purpose == OrderPurpose::Entry)
            ctx.openEntryOrders.insert(o.symbol);
    for (const OrderIntent &i : m_orders->open())
        if (i.request.purpose == OrderPurpose::Entry && (!self || i.request.proposalId != self->id))
            ctx.openEntryOrders.insert(i.request.symbol);
    ctx.freshnessKnown = !symbol.isEmpty();
    ctx.barSessionsBehind = ExchangeCalendar::sessionsBetween(m_bars->lastBar(symbol).session, m_clock.lastCompletedSession);
    ctx.quoteAgeSeconds = 0.0; // quotes are taken at the current update
    ctx.regimeScalar = m_regime;
    ctx.atApproval = self != nullptr;
    if (self)
        ctx.proposalPrice = self->price;
    ctx.marketKnown = true;
    ctx.marketOpen = m_clock.open;
    ctx.submitsLastMinute = m_orders->submitsLastMinute();
    return ctx;
}

int TradingEngine::currentSessionIndex() const
{
    return m_clock.open ? m_completed : m_completed - 1;
}

double TradingEngine::regimeScalar() const
{
    // Benchmark vs its SMA200: 1 at or above it, falling to 0 at 10 % below.
    const QList<Bar> bars = m_bars->recentBars(QStringLiteral("SPY"), 200);
    if (bars.size() < 200)
        return 1.0;
    Sma sma(200);
    for (const Bar &b : bars)
        sma.add(b.close.toDouble());
    const double ratio = bars.back().close.toDouble() / sma.value();
    return std::clamp(1.0 - (1.0 - ratio) / 0.10, 0.0, 1.0);
}

Status TradingEngine::applyGuardEvents(const QList<BreakerEvent> &events)
{
    if (events.isEmpty())
        return {};
    const Status s = m_store.transaction([&]() -> Status {
        for (const BreakerEvent &e : events)
            if (Status r = m_store.recordBreakerEvent(e); !r)
                return r;
        return m_store.saveGuard(m_guard.persisted());
    });
    for (const BreakerEvent &e : events)
        qCWarning(lcRisk).noquote() << QStringLiteral("%1: %2 → %3 (%4)").arg(e.breaker, e.from, e.to, e.reason);
    // "Nothing automatic after a breaker trip": a trip ends every other standing approval.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto guardRule = std::find_if(m_standing.cbegin(), m_standing.cend(), [&](const StandingApproval &a) {
        return a.kind == StandingApproval::Kind::NoAutomaticAfterTrip && a.activeAt(now);
    });
    if (s && guardRule != m_standing.cend())
        for (const BreakerEvent &e : events)
            if (e.to == QLatin1String("OPEN"))
                for (StandingApproval &a : m_standing)
                    if (a.kind != StandingApproval::Kind::NoAutomaticAfterTrip && a.activeAt(now))
                        if (Status r = endStanding(a, QStringLiteral("the %1 breaker tripped (%2); %3").arg(e.breaker, e.reason, guardRule->describe()),
                                                   guardRule->id);
                            !r)
                            return r;
    if (m_guard.state() == TradingState::Halted)
        m_haltRequested = true;
    return s;
}

void TradingEngine::afterCommit()
{
    m_orders->commitStaged();
    if (m_haltRequested) {
        m_haltRequested = false;
        m_orders->cancelEntries(QStringLiteral("trading halted"));
    }
    m_orders->dispatch();
}

void TradingEngine::tick()
{
    if (!m_open || !m_resolved || !m_failure.isEmpty())
        return;
    // A simulated clock waits for the model's answer, so a replay without the
    // model sees exactly the same market at the same moment.
    if (m_modelDesk->busy())
        return;
    m_venue.data->advance();
}

void TradingEngine::runSession()
{
    const int before = m_completed;
    for (int guard = 0; m_open && m_failure.isEmpty() && m_completed == before && guard < 100'000; ++guard) {
        if (m_modelDesk->busy()) {
            // The model client answers on its own thread (every request ends: an
            // answer, an error or its timeout); its answer arrives as an event.
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
            --guard;
            continue;
        }
        tick();
    }
}

void TradingEngine::settleModel(int maxMs)
{
    QElapsedTimer t;
    t.start();
    while (!m_modelDesk->idle() && t.elapsed() < maxMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
}

void TradingEngine::onQuotes(const QList<Quote> &quotes, const VenueClock &clock)
{
    m_clock = clock;
    for (const Quote &q : quotes)
        m_book.mark(q.symbol, q.price);
    if (!m_open || !m_resolved || !m_failure.isEmpty())
        return; // before the broker's snapshot nothing acts on a price
    const Status s = m_store.transaction([&]() -> Status {
        if (clock.open) {
            const bool entriesAllowed = m_guard.state() == TradingState::Active && m_guard.entryBlockers().isEmpty();
            if (Status r = m_orders->releaseHeld(entriesAllowed, QStringLiteral("trading %1").arg(textOf(m_guard.state()))); !r)
                return r;
        }
        // Exit monitoring runs on every price update, whatever the state or breakers.
        if (Status r = m_monitor->onPrices(moment()); !r)
            return r;
        // Tickets whose price drifted are re-priced (or withdrawn); late ones are withdrawn.
        if (Status r = expireTickets(clock.now); !r)
            return r;
        QList<BreakerEvent> events = m_guard.onEquity(m_book.account().equity, clock.now);
        events.append(m_guard.poll(QDateTime::currentDateTimeUtc()));
        if (Status r = applyGuardEvents(events); !r)
            return r;
        // The instant a restart resumes from. The close is recorded by the
        // session itself, so a kill before it re-runs the whole close.
        if (clock.open)
            return m_store.setState(QStringLiteral("clock"), clock.now.toUTC().toString(Qt::ISODateWithMs));
        return {};
    });
    if (!s) {
        m_orders->dropStaged();
        fail(s.error());
        return;
    }
    crashPoint("tick.committed");
    afterCommit();
    applyStandingApprovals();
}

void TradingEngine::onSessionClosed(const QDate &session, const QList<Bar> &bars, const VenueClock &clock)
{
    if (!m_failure.isEmpty())
        return;
    if (!m_open || !m_resolved || m_modelDesk->busy()) {
        // A live venue can publish a close before the broker's snapshot is in:
        // the iteration waits for the book (and a close waits for the one before it).
        m_deferredCloses.push_back({session, bars, clock});
        return;
    }
    m_bars->add(bars);
    if (m_modelDesk->selects() && m_options.fixedStrategy.isEmpty() && !m_modelDesk->hasSelection(session)) {
        // The model picks the strategies first; the close waits for its answer
        // (or its fallback). Nothing of the session is recorded before then.
        if (m_modelDesk->beginSelection(session, m_completed + 1, m_pipeline.selectionItems(iterationInput(session)))) {
            m_deferredCloses.push_front({session, bars, clock});
            return;
        }
    }
    m_clock = clock;
    ++m_completed;
    // One transaction: the session is complete only together with its iteration.
    const Status s = m_store.transaction([&]() -> Status {
        if (Status r = m_store.recordBars(bars); !r)
            return r;
        if (Status r = m_store.setState(QStringLiteral("completed_sessions"), QString::number(m_completed)); !r)
            return r;
        if (Status r = m_store.setState(QStringLiteral("clock"), clock.now.toUTC().toString(Qt::ISODateWithMs)); !r)
            return r;
        if (Status r = recordEquityPoint(); !r)
            return r;
        if (Status r = expireTickets(clock.now); !r)
            return r;
        if (Status r = m_shadowBook->onSessionBars(bars, clock.now); !r)
            return r;
        if (Status r = scoreSignals(); !r)
            return r;
        if (Status r = m_monitor->onSessionEnd(moment(), m_guard.sessionStartEquity()); !r)
            return r;
        m_regime = regimeScalar();
        // The next session's daily-loss budget starts from this close (Alpaca's last_equity).
        const Decimal equity = m_book.account().equity;
        if (Status r = applyGuardEvents(m_guard.onSessionStart(m_completed, equity, clock.now)); !r)
            return r;
        if (Status r = m_store.saveGuard(m_guard.persisted()); !r)
            return r;
        m_book.setLastEquity(equity);
        if (Status r = m_orders->startSession(m_completed); !r)
            return r;
        if (Status r = runIteration(session); !r)
            return r;
        if (Status r = saveDecisionState(); !r)
            return r;
        crashPoint("session.before_commit");
        return {};
    });
    if (!s) {
        m_orders->dropStaged();
        fail(s.error());
        return;
    }
    crashPoint("session.committed");
    afterCommit();
    narrateSession(session);
    applyStandingApprovals();
}

Status TradingEngine::expireTickets(const QDateTime &now)
{
    QList<Proposal> ended;
    if (Status r = m_desk->expire(now, m_completed, &ended); !r)
        return r;
    for (const Proposal &p : std::as_const(ended))
        if (Status r = m_shadowBook->open(p, QStringLiteral("expired"), {}, m_book.lastPrice(p.symbol), now); !r)
            return r;
    return {};
}

Status TradingEngine::recordEquityPoint()
{
    const Account a = m_book.account();
    EquityPoint p;
    p.sessionIndex = m_completed;
    // A live venue's clock may not have answered yet when the first point is taken.
    p.session = m_clock.lastCompletedSession.isValid() ? m_clock.lastCompletedSession : QDateTime::currentDateTimeUtc().date();
    p.time = m_clock.now.isValid() ? m_clock.now : QDateTime::currentDateTimeUtc();
    p.cash = a.cash;
    p.positionsValue = a.equity - a.cash;
    p.equity = a.equity;
    p.fillCount = m_fillCount;
    if (Status s = m_store.recordEquity(p); !s)
        return s;
    m_equity.append(p);
    return {};
}

Pipeline::Input TradingEngine::iterationInput(const QDate &session) const
{
    Pipeline::Input in;
    in.source = m_bars.get();
    in.symbols = m_bars->symbols();
    in.portfolio = riskContext(QString());
    in.portfolio.marketKnown = false; // proposals are made at the close for the next session; hours are checked when sent
    for (const Proposal &p : m_desk->pending())
        in.blockedSymbols.insert(p.symbol);
    for (const OrderIntent &i : m_orders->open())
        if (i.state == OrderIntent::State::Held)
            in.blockedSymbols.insert(i.request.symbol);
    for (const ReconDifference &d : m_openDiffs)
        if (d.blocksEntries())
            in.blockedSymbols.insert(d.symbol); // new entries wait for the trader's choice
    in.vetoedRuns = m_vetoedRuns;
    in.sessionIndex = m_completed;
    in.session = session;
    in.expectedSession = session;
    in.now = m_clock.now;
    return in;
}

Status TradingEngine::runIteration(const QDate &session)
{
    Pipeline::Input in = iterationInput(session);
    if (m_modelDesk->selects() && m_options.fixedStrategy.isEmpty())
        in.selection = m_modelDesk->takeSelection(session);
    Pipeline::Output out = m_pipeline.run(in);
    m_modelDesk->countFallbacks(out.modelFallbacks);
    {
        int rejected = 0;
        for (const Proposal &p : std::as_const(out.proposals))
            rejected += p.status == ProposalStatus::RejectedByRisk ? 1 : 0;
        m_iterationMetrics = {{QStringLiteral("symbols"), QStringLiteral("Symbols with valid data"), double(out.summary.symbolsValid), 0, {}},
                              {QStringLiteral("signals"), QStringLiteral("Signals"), double(out.signals.size()), 0, {}},
                              {QStringLiteral("proposals"), QStringLiteral("Proposals queued"), double(out.summary.proposals), 0, {}},
                              {QStringLiteral("rejected_by_risk"), QStringLiteral("Rejected by risk"), double(rejected), 0, {}}};
        if (in.selection.asked)
            m_iterationMetrics += QList<modelprompt::Metric>{
                {QStringLiteral("model_choices"), QStringLiteral("Strategies chosen by the model"), double(out.modelChoices), 0, {}},
                {QStringLiteral("model_fallbacks"), QStringLiteral("Fallbacks to the deterministic selector"), double(out.modelFallbacks), 0, {}}};
    }

    // Record before anything acts on the output.
    QElapsedTimer rec;
    rec.start();
    const Status s = m_store.transaction([&]() -> Status {
        for (const Pipeline::DataIssue &d : std::as_const(out.dataIssues))
            if (Status r = m_store.recordDataIssue(out.summary.correlationId, d.symbol, d.reason); !r)
                return r;
        for (const Signal &sig : std::as_const(out.signals))
            if (Status r = m_store.recordSignal(sig); !r)
                return r;
        for (const Proposal &p : std::as_const(out.proposals))
            if (Status r = m_desk->add(p); !r)
                return r;
        out.summary.recordMs = rec.nsecsElapsed() / 1e6;
        out.summary.totalMs += out.summary.recordMs;
        return m_store.recordIteration(out.summary, m_runId);
    });
    if (!s) {
        qCCritical(lcPipeline).noquote() << QStringLiteral("iteration %1 not recorded: %2").arg(out.summary.correlationId, s.error());
        return s;
    }
    const Decimal quality = out.summary.symbolsRequested > 0
                                ? Decimal::fromInt(out.summary.symbolsValid).dividedBy(Decimal::fromInt(out.summary.symbolsRequested), 4)
                                : Decimal();
    if (Status r = applyGuardEvents(m_guard.onDataQuality(quality, m_clock.now)); !r)
        return r;
    for (const Pipeline::DataIssue &d : std::as_const(out.dataIssues))
        qCWarning(lcData).noquote() << QStringLiteral("%1 skipped this iteration: %2").arg(d.symbol, d.reason);
    for (const Proposal &p : std::as_const(out.proposals)) {
        if (p.status == ProposalStatus::Pending) {
            qCInfo(lcPipeline).noquote() << QStringLiteral("proposal: %1 %2 %3 — %4")
                                                .arg(textOf(p.side).toUpper(), p.qty.toString(), p.symbol, p.verdict.summary);
        } else {
            qCInfo(lcRisk).noquote() << QStringLiteral("%1 %2 rejected by risk: %3").arg(textOf(p.side), p.symbol, p.verdict.summary);
        }
    }
    m_lastIteration = out.summary;
    m_iterationMs.push_back(out.summary.totalMs);
    // Only the first signal of a run counts toward strategy health: a rule that
    // stays oversold for five days has made one call, not five.
    QHash<QString, SignalDirection> now;
    for (const Signal &sig : std::as_const(out.signals)) {
        const QString key = sig.strategy + QLatin1Char('|') + sig.symbol;
        now.insert(key, sig.direction);
        if (m_lastDirection.value(key, SignalDirection::None) != sig.direction)
            m_toScore.push_back({sig, m_completed + kHealthHorizon});
    }
    m_lastDirection = now;
    // A vetoed call ends with its run: once the strategy's signal changes, it may propose again.
    for (auto it = m_vetoedRuns.begin(); it != m_vetoedRuns.end();) {
        const QString key = it->section(QLatin1Char('|'), 0, 1);
        if (textOf(now.value(key, SignalDirection::None)) != it->section(QLatin1Char('|'), 2))
            it = m_vetoedRuns.erase(it);
        else
            ++it;
    }
    return {};
}

Status TradingEngine::scoreSignals()
{
    // A BUY was right if the close kHealthHorizon sessions later is above the signal's close, a SELL if below.
    while (!m_toScore.empty() && m_toScore.front().dueSession <= m_completed) {
        const Signal sig = m_toScore.front().signal;
        m_toScore.pop_front();
        const Decimal close = m_bars->lastBar(sig.symbol).close;
        if (!close.isValid() || close == sig.price)
            continue;
        const bool right = sig.direction == SignalDirection::Buy ? close > sig.price : close < sig.price;
        if (m_options.strategyHealth && m_health.record(sig.strategy, right)) {
            const BreakerEvent e{QStringLiteral("strategy_health"), QStringLiteral("ACTIVE"), QStringLiteral("SUSPENDED"),
                                 QStringLiteral("%1: under 40 % of its last 20 signals were right").arg(sig.strategy), QStringLiteral("system"),
                                 m_clock.now};
            if (Status s = m_store.recordBreakerEvent(e); !s)
                return s;
            qCWarning(lcRisk).noquote() << QStringLiteral("strategy %1 suspended for new entries: %2").arg(sig.strategy, e.reason);
        }
        if (Status s = m_store.saveHealth(m_health, sig.strategy); !s)
            return s;
    }
    return {};
}

Status TradingEngine::reenableStrategy(const QString &strategy, const QString &actor)
{
    if (!m_health.isSuspended(strategy))
        return Status::failure(QStringLiteral("%1 is not suspended").arg(strategy));
    m_health.reenable(strategy);
    return m_store.transaction([&]() -> Status {
        if (Status s = m_store.recordBreakerEvent({QStringLiteral("strategy_health"), QStringLiteral("SUSPENDED"), QStringLiteral("ACTIVE"),
                                                   QStringLiteral("%1 re-enabled").arg(strategy), actor, QDateTime::currentDateTimeUtc()});
            !s)
            return s;
        return m_store.saveHealth(m_health, strategy);
    });
}

Status TradingEngine::recordOrderEffects(const Order &o, const OrderIntent *intent)
{
    // A reservation ends when its entry order fills, is cancelled or is rejected.
    if (o.purpose == OrderPurpose::Entry && !::isOpen(o.status))
        if (Status s = m_desk->release(o.proposalId); !s)
            return s;
    return m_monitor->recordFilled(o, intent, currentSessionIndex());
}

void TradingEngine::onFill(const Fill &fill)
{
    // A fill names a recorded order: one of Sentinel's orders first seen already
    // filled (its submit unanswered, then found by the stream) is recorded first.
    if (!fill.external && !m_store.hasOrder(fill.orderId)) {
        m_fillsAwaitingOrder.append(fill);
        return;
    }
    bool inserted = false;
    const Status s = m_store.transaction([&]() -> Status {
        // A fill of an order Sentinel did not place may come before (or without) that
        // order's own update: its order is recorded from the fill, as external, so the
        // fill names a recorded order like every other.
        if (fill.external && !m_store.hasOrder(fill.orderId)) {
            Order o;
            o.id = fill.orderId;
            o.clientOrderId = QStringLiteral("external-") + fill.orderId;
            o.symbol = fill.symbol;
            o.side = fill.side;
            o.purpose = fill.side == Side::Buy ? OrderPurpose::Entry : OrderPurpose::Exit;
            o.qty = fill.qty;
            o.filledQty = fill.qty;
            o.filledAvgPrice = fill.price;
            o.status = OrderStatus::Filled;
            o.external = true;
            o.reason = QStringLiteral("not placed by Sentinel; recorded from its fill");
            o.createdAt = o.updatedAt = fill.time;
            if (Status r = m_store.recordOrder(o); !r)
                return r;
        }
        return m_store.recordFill(fill, &inserted);
    });
    if (!s) {
        fail(s.error());
        return;
    }
    // The record's positions are what Sentinel's own orders bought and sold; a
    // fill of an order it did not place is recorded, and reconciliation shows it.
    if (inserted && !fill.external)
        m_recordQty[fill.symbol] += fill.side == Side::Buy ? fill.qty : -fill.qty;
    if (std::none_of(m_fills.cbegin(), m_fills.cend(), [&](const Fill &f) { return f.id == fill.id; })) {
        pushRecent(m_fills, fill);
        ++m_fillCount;
    }
    if (fill.side == Side::Sell)
        qCInfo(lcBroker).noquote() << QStringLiteral("sold %1 %2 at %3").arg(fill.qty.toString(), fill.symbol, fill.price.toString(2));
}

void TradingEngine::onPosition(const Position &position)
{
    m_book.applyPosition(position);
    if (!position.qty.isPositive())
        if (Status s = m_store.transaction([&] { return m_monitor->onPositionClosed(position.symbol); }); !s)
            fail(s.error());
}

void TradingEngine::onIntentEnded(const OrderIntent &intent, const QString &why)
{
    const Status s = m_store.transaction([&]() -> Status {
        if (Status r = m_desk->noteOrderEnded(intent, why); !r)
            return r;
        return intent.request.purpose == OrderPurpose::Exit ? m_monitor->onExitEnded(intent.request.symbol) : Status();
    });
    if (!s)
        fail(s.error());
}

void TradingEngine::rememberOrder(const Order &o)
{
    const auto it = std::find_if(m_recentOrders.begin(), m_recentOrders.end(), [&](const Order &x) { return x.id == o.id; });
    if (it != m_recentOrders.end())
        *it = o;
    else
        pushRecent(m_recentOrders, o);
}

const QList<Proposal> &TradingEngine::pending() const
{
    static const QList<Proposal> none;
    return m_desk ? m_desk->pending() : none;
}

QList<Proposal> TradingEngine::decided() const
{
    return m_desk ? m_desk->decided() : QList<Proposal>();
}

const QHash<QString, ExitState> &TradingEngine::exits() const
{
    static const QHash<QString, ExitState> none;
    return m_monitor ? m_monitor->exits() : none;
}

ApprovalOutcome TradingEngine::approve(const QString &proposalId, const QString &source, const ApprovalEdit &edit, const QString &ruleId,
                                       const QString &ruleText)
{
    if (!m_failure.isEmpty() || !m_desk)
        return {ApprovalOutcome::Failed, m_failure.isEmpty() ? QStringLiteral("the engine is not open") : m_failure};
    const auto it = std::find_if(m_desk->pending().cbegin(), m_desk->pending().cend(), [&](const Proposal &p) { return p.id == proposalId; });
    if (it != m_desk->pending().cend() && !it->reducing && entryBlockedByReconciliation(it->symbol))
        return {ApprovalOutcome::Failed,
                QStringLiteral("%1 has an open reconciliation difference: choose adopt, flatten or ignore in the Reconciliation panel first")
                    .arg(it->symbol)};
    const bool entry = it != m_desk->pending().cend() && !it->reducing;
    const QString symbol = it != m_desk->pending().cend() ? it->symbol : QString();
    const ApprovalOutcome o = m_desk->approve(proposalId, source, m_clock.open, edit, ruleId, ruleText);
    if (!m_failure.isEmpty())
        return {ApprovalOutcome::Failed, m_failure};
    if (o.ok() && entry)
        m_approvedSymbols.insert(symbol);
    if (o.ok() && source == QLatin1String("approval") && ruleId.isEmpty() && m_resetSinceApproval) {
        m_resetSinceApproval = false;
        if (!m_store.setState(QStringLiteral("reset_since_approval"), QStringLiteral("0")))
            fail(QStringLiteral("save the desk's state"));
    }
    return o;
}

Status TradingEngine::veto(const QString &proposalId, const QString &code, const QString &note, const QString &actor)
{
    if (!m_desk)
        return Status::failure(QStringLiteral("the engine is not open"));
    const auto it = std::find_if(m_desk->pending().cbegin(), m_desk->pending().cend(), [&](const Proposal &p) { return p.id == proposalId; });
    if (it == m_desk->pending().cend() || it->reducing)
        return m_desk->veto(proposalId, code, note, actor);
    // The veto, the end of this call and the shadow position are recorded together.
    const Proposal vetoed = *it;
    const QString run = it->strategy + QLatin1Char('|') + it->symbol + QLatin1Char('|') + textOf(it->side == Side::Buy ? SignalDirection::Buy : SignalDirection::Sell);
    m_vetoedRuns.insert(run);
    const Status s = m_store.transaction([&]() -> Status {
        if (Status r = m_desk->veto(proposalId, code, note, actor); !r)
            return r;
        if (Status r = m_shadowBook->open(vetoed, QStringLiteral("vetoed"), code, m_book.lastPrice(vetoed.symbol), m_clock.now); !r)
            return r;
        return saveVetoedRuns();
    });
    if (!s)
        m_vetoedRuns.remove(run);
    return s;
}

Status TradingEngine::saveVetoedRuns()
{
    QJsonArray runs;
    QStringList sorted(m_vetoedRuns.cbegin(), m_vetoedRuns.cend());
    sorted.sort();
    for (const QString &r : sorted)
        runs.append(r);
    return m_store.setState(QStringLiteral("vetoed_runs"), QString::fromUtf8(QJsonDocument(runs).toJson(QJsonDocument::Compact)));
}

Status TradingEngine::cancelOrder(const QString &orderId)
{
    if (!m_orders)
        return Status::failure(QStringLiteral("the engine is not open"));
    return m_orders->cancelOrder(orderId, QStringLiteral("cancelled by the trader"));
}

int TradingEngine::cancelAllEntries()
{
    if (!m_orders)
        return 0;
    int n = 0;
    for (const Order &o : m_book.openOrders())
        n += o.purpose == OrderPurpose::Entry ? 1 : 0;
    for (const OrderIntent &i : m_orders->open())
        n += i.request.purpose == OrderPurpose::Entry
                     && (i.state == OrderIntent::State::Held || i.state == OrderIntent::State::Ready)
                 ? 1
                 : 0;
    m_orders->cancelEntries(QStringLiteral("cancelled by the trader (cancel all)"));
    return n;
}

Status TradingEngine::killSwitch(bool flattenAll, const QString &actor)
{
    const QDateTime now = m_clock.now;
    if (Status s = m_store.transaction([&] {
            return applyGuardEvents(m_guard.killSwitch(flattenAll ? QStringLiteral("kill switch with flatten-all") : QStringLiteral("kill switch"),
                                                       actor, now));
        });
        !s) {
        fail(s.error());
        return s;
    }
    m_haltRequested = false;
    m_orders->cancelEntries(QStringLiteral("kill switch"));
    if (!flattenAll)
        return {};
    // Flattening only reduces risk: each close is an approved, recorded proposal of its own.
    Status result;
    for (const Position &pos : m_book.positions())
        if (Status s = closePosition(pos, QStringLiteral("kill_switch"), QStringLiteral("flatten all, ordered by %1 with the kill switch").arg(actor));
            !s)
            result = s;
    return result;
}

Status TradingEngine::closePosition(const Position &pos, const QString &source, const QString &rationale)
{
    // Closing only reduces risk: it is an approved, recorded proposal of its own.
    Proposal p;
    p.id = newId("prp");
    p.correlationId = newId(source == QLatin1String("kill_switch") ? "kill" : "close");
    p.symbol = pos.symbol;
    p.side = Side::Sell;
    p.reducing = true;
    p.qty = pos.qty;
    p.price = pos.lastPrice;
    p.strategy = source;
    p.rationale = rationale;
    p.createdAt = m_clock.now;
    p.session = m_completed;
    RiskRequest req{pos.symbol, Side::Sell, pos.lastPrice, 1.0, 0.0, pos.qty, {}};
    p.verdict = m_risk.evaluate(req, riskContext(pos.symbol));
    p.status = ProposalStatus::Pending;
    if (Status s = m_store.transaction([&] { return m_desk->add(p); }); !s)
        return s;
    const ApprovalOutcome o = approve(p.id, source);
    return o.ok() ? Status() : Status::failure(o.message);
}

Status TradingEngine::resetBreaker(const QString &name, const QString &actor)
{
    const auto which = TradingGuard::breakerFromName(name);
    if (!which)
        return Status::failure(QStringLiteral("no breaker named '%1'").arg(name));
    const Status s = m_store.transaction([&]() -> Status {
        if (Status r = applyGuardEvents(m_guard.reset(*which, actor, QDateTime::currentDateTimeUtc())); !r)
            return r;
        if (*which == TradingGuard::Equity)
            if (Status r = applyGuardEvents(m_guard.onEquity(m_book.account().equity, m_clock.now)); !r)
                return r;
        // The next order the trader approves gets a deliberate confirm.
        if (Status r = m_store.setState(QStringLiteral("reset_since_approval"), QStringLiteral("1")); !r)
            return r;
        return m_store.saveGuard(m_guard.persisted());
    });
    if (s)
        m_resetSinceApproval = true;
    afterCommit();
    return s;
}

EngineSnapshot TradingEngine::snapshot() const
{
    EngineSnapshot s;
    s.modeLabel = modeLabel();
    s.simulated = m_venue.simulated;
    s.live = m_venue.live;
    s.brokerConnected = m_brokerConnected;
    s.lastReconciled = m_lastReconciled;
    s.differences = m_openDiffs + m_resolvedDiffs;
    for (const AuditNarrative &n : m_modelDesk->recentNarratives()) {
        if (s.narratives.size() >= 50)
            break;
        s.narratives.append(n);
    }
    s.narrator = m_modelDesk->selects() || m_options.model.enabled() ? m_modelDesk->label() : QStringLiteral("the offline narrator");
    s.modelBreaker = textOf(m_guard.breaker(TradingGuard::Model).state());
    if (!m_venue.data)
        return s;
    s.clock = m_clock.now;
    s.session = m_clock.session;
    s.marketOpen = m_clock.open;
    s.completedSessions = m_completed;
    s.state = m_guard.state();
    s.account = m_book.account();
    s.account.lastEquity = m_guard.sessionStartEquity();
    s.positions = m_book.positions();
    s.pending = m_desk->pending();
    s.decided = m_desk->decided();
    s.riskConfig = m_risk.config();
    for (const Proposal &p : std::as_const(s.pending)) {
        const Decimal last = m_book.lastPrice(p.symbol);
        const Decimal target = !p.reducing && m_options.exits.takeProfitPct.isPositive() && last.isPositive()
                                   ? (last * (Decimal::fromInt(1) + m_options.exits.takeProfitPct)).rounded(2, RoundingMode::Up)
                                   : Decimal();
        s.tickets.append({p.id, riskContext(p.symbol, &p), last, target, m_bars->recentBars(p.symbol, 60), m_desk->expiresAt(p),
                          m_desk->waitFloorMs(p.id), !p.reducing && !m_approvedSymbols.contains(p.symbol), m_resetSinceApproval});
    }
    s.desk = m_options.desk;
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<StandingApproval> ended;
        for (const StandingApproval &a : m_standing)
            (a.activeAt(now) ? s.standing : ended).append(a);
        std::reverse(ended.begin(), ended.end());
        s.standing += ended.mid(0, 20);
        s.decisionStats = decisionStats();
        QList<ShadowPosition> closed;
        // Open shadows are valued at the last close, as the figures are.
        for (const ShadowPosition &sh : m_shadowBook->all())
            (sh.isOpen() ? s.shadows : closed).append(sh);
        std::reverse(closed.begin(), closed.end());
        s.shadows += closed.mid(0, 200);
    }
    s.orders = QList<Order>(m_recentOrders.begin(), m_recentOrders.end());
    s.fills = QList<Fill>(m_fills.begin(), m_fills.end());
    s.heldOrders = static_cast<int>(m_orders->held().size());
    s.failure = m_failure;
    s.lastIteration = m_lastIteration;
    s.equityPoints = static_cast<int>(m_equity.size());
    for (int i = 0; i < TradingGuard::BreakerCount; ++i) {
        const CircuitBreaker &b = m_guard.breaker(static_cast<TradingGuard::Breaker>(i));
        s.breakers.append({b.name(), b.state(), b.persisted().reason, b.persisted().trippedAt, b.operatorResetOnly()});
    }
    const RiskConfig &c = m_risk.config();
    const RiskContext ctx = riskContext(QString());
    RiskHeadroom &h = s.headroom;
    h.grossExposure = ctx.grossExposure;
    h.grossCap = s.account.equity * c.grossExposureCap;
    const Decimal start = m_guard.sessionStartEquity();
    h.dailyLoss = start.isPositive() ? (start - s.account.equity).dividedBy(start, 6) : Decimal();
    h.dailyLossLimit = c.dailyLossLimit;
    h.openPositions = ctx.openPositions();
    h.maxOpenPositions = c.maxOpenPositions;
    h.ordersToday = m_orders->ordersToday();
    h.maxOrdersPerDay = c.maxOrdersPerDay;
    h.highWaterMark = m_guard.highWaterMark();
    h.drawdown = h.highWaterMark.isPositive() ? (h.highWaterMark - s.account.equity).dividedBy(h.highWaterMark, 6) : Decimal();
    h.drawdownLimit = c.equityDrawdownLimit;
    const Decimal base = start.isPositive() ? start : s.account.equity;
    const Decimal budget = base * c.perSymbolBudget;
    for (auto it = ctx.committed.cbegin(); it != ctx.committed.cend(); ++it)
        if (it.value().isPositive() && budget.isPositive())
            s.budgets.append({it.key(), it.value(), budget, it.value().toDouble() / budget.toDouble()});
    std::sort(s.budgets.begin(), s.budgets.end(), [](const BudgetStress &a, const BudgetStress &b) { return a.symbol < b.symbol; });
    for (const StrategyHealth::Row &r : m_health.rows())
        s.health.append({r.strategy, r.scored, r.accuracy, r.suspended});
    for (auto it = m_monitor->exits().cbegin(); it != m_monitor->exits().cend(); ++it) {
        const ExitState &e = it.value();
        s.exits.append({it.key(), e.stop, exitRuleId(e.stopRule), e.target, e.stopRule == ExitRule::Trailing ? e.stop : Decimal(), e.mfe(),
                        e.mae(), e.barsHeld, ExitManager::nextRule(e, m_options.exits, priceOf(it.key()))});
    }
    return s;
}

TradingEngine::Counters TradingEngine::counters() const
{
    Counters c;
    c.proposals = countOf(m_db, QStringLiteral("SELECT count(*) FROM proposals WHERE status <> 'rejected_by_risk'"));
    c.rejectedByRisk = countOf(m_db, QStringLiteral("SELECT count(*) FROM proposals WHERE status = 'rejected_by_risk'"));
    c.approved = countOf(m_db, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'approve'"));
    c.vetoed = countOf(m_db, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'veto'"));
    c.expired = countOf(m_db, QStringLiteral("SELECT count(*) FROM proposals WHERE status = 'expired'"));
    c.orders = countOf(m_db, QStringLiteral("SELECT count(*) FROM orders"));
    c.fills = countOf(m_db, QStringLiteral("SELECT count(*) FROM fills"));
    return c;
}

bool TradingEngine::entryBlockedByReconciliation(const QString &symbol) const
{
    return std::any_of(m_openDiffs.cbegin(), m_openDiffs.cend(), [&](const ReconDifference &d) { return d.blocksEntries() && d.symbol == symbol; });
}

void TradingEngine::reconcile(const QString &trigger)
{
    if (!m_open || !m_resolved || !m_failure.isEmpty())
        return;
    m_reconTriggers.append(trigger);
    if (m_reconTriggers.size() == 1)
        m_venue.broker->requestBrokerState();
}

Status TradingEngine::saveRecordAdjustments()
{
    QJsonObject o;
    for (auto it = m_recordAdjust.cbegin(); it != m_recordAdjust.cend(); ++it)
        if (!it.value().isZero())
            o.insert(it.key(), it.value().toString());
    return m_store.setState(QStringLiteral("recon_adjust"), QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

void TradingEngine::onBrokerState(const QList<Position> &positions, const QList<Order> &openOrders)
{
    if (m_reconTriggers.isEmpty() || !m_failure.isEmpty())
        return;
    const QString trigger = m_reconTriggers.takeFirst();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_lastReconciled = now;
    QHash<QString, Decimal> brokerQty;
    for (const Position &p : positions)
        brokerQty[p.symbol] += p.qty;
    // Never act on a cached position the broker no longer has.
    for (const Position &p : m_book.positions())
        if (!brokerQty.contains(p.symbol))
            onPosition(Position{p.symbol, {}, p.avgEntryPrice, p.lastPrice, {}});

    QList<ReconDifference> found;
    QSet<QString> symbols;
    for (auto it = m_recordQty.cbegin(); it != m_recordQty.cend(); ++it)
        if (!it.value().isZero())
            symbols.insert(it.key());
    for (auto it = brokerQty.cbegin(); it != brokerQty.cend(); ++it)
        symbols.insert(it.key());
    for (const QString &s : symbols) {
        const Decimal ours = m_recordQty.value(s);
        const Decimal theirs = brokerQty.value(s);
        if (ours == theirs)
            continue;
        ReconDifference d;
        d.symbol = s;
        d.ourQty = ours;
        d.brokerQty = theirs;
        d.ours = QStringLiteral("%1 shares").arg(ours.toString());
        d.broker = QStringLiteral("%1 shares").arg(theirs.toString());
        if (theirs.isZero()) {
            d.kind = ReconDifference::Kind::PositionGone;
            d.detail = QStringLiteral("The record holds %1 %2 that the broker no longer has (closed outside Sentinel?). "
                                      "Sentinel will not act on it.").arg(ours.toString(), s);
        } else if (ours.isZero()) {
            d.kind = ReconDifference::Kind::PositionUnknown;
            d.detail = QStringLiteral("The broker holds %1 %2 that Sentinel did not buy.").arg(theirs.toString(), s);
        } else {
            d.kind = ReconDifference::Kind::PositionMismatch;
            d.detail = QStringLiteral("The record holds %1 %2, the broker %3.").arg(ours.toString(), s, theirs.toString());
        }
        found.append(d);
    }
    const QList<Order> recorded = m_store.loadOrders(QStringLiteral("status IN ('new','accepted','partially_filled')"));
    QSet<QString> brokerOpen;
    for (const Order &o : openOrders) {
        brokerOpen.insert(o.id);
        if (o.external) {
            ReconDifference d;
            d.kind = ReconDifference::Kind::OrderExternal;
            d.symbol = o.symbol;
            d.orderId = o.id;
            d.broker = QStringLiteral("%1 %2 %3%4").arg(textOf(o.side), o.qty.toString(), textOf(o.type),
                                                         o.limitPrice.isPositive() ? QStringLiteral(" @ ") + o.limitPrice.toString() : QString());
            d.ours = QStringLiteral("not placed by Sentinel");
            d.detail = QStringLiteral("An open %1 order for %2 that Sentinel did not place (client id %3). Sentinel never cancels it without asking.")
                           .arg(textOf(o.side), o.symbol, o.clientOrderId.left(24));
            found.append(d);
        } else if (std::none_of(recorded.cbegin(), recorded.cend(), [&](const Order &r) { return r.id == o.id; })) {
            // One of ours the record missed (an answer lost on the way): record it now.
            m_orders->onOrderUpdated(o);
        }
    }
    for (const Order &r : recorded) {
        if (r.external || brokerOpen.contains(r.id))
            continue;
        ReconDifference d;
        d.kind = ReconDifference::Kind::OrderMissing;
        d.symbol = r.symbol;
        d.orderId = r.id;
        d.ours = QStringLiteral("%1 %2 %3 %4").arg(textOf(r.purpose), textOf(r.side), r.qty.toString(), textOf(r.status));
        d.broker = QStringLiteral("not open");
        d.detail = QStringLiteral("The record shows %1 open; the broker does not. Looking it up.").arg(r.clientOrderId);
        found.append(d);
        m_venue.broker->lookup(r.clientOrderId);
    }

    const auto signature = [](const ReconDifference &d) {
        return textOf(d.kind) + d.symbol + d.orderId + d.ours + QLatin1Char('|') + d.broker;
    };
    // A difference is journaled when it is seen twice in a row (a fill in
    // flight is not a difference), except at start and on a manual check. An order
    // the broker no longer shows open is always looked up and seen twice first: its
    // fill or cancel may be on the way, even at start or on a manual check.
    const bool confirmAtOnce = trigger == QLatin1String("start") || trigger == QLatin1String("manual");
    QHash<QString, ReconDifference> candidates;
    QList<ReconDifference> confirmed;
    for (ReconDifference &d : found) {
        const QString sig = signature(d);
        if (m_ignoredDiffs.contains(sig))
            continue;
        const bool confirmNow = confirmAtOnce && d.kind != ReconDifference::Kind::OrderMissing;
        if (confirmNow || m_candidates.contains(sig) || d.kind == ReconDifference::Kind::OrderExternal)
            confirmed.append(d);
        else
            candidates.insert(sig, d);
    }
    m_candidates = candidates;
    if (!m_candidates.isEmpty())
        QTimer::singleShot(2000, m_venue.broker.get(), [this] { reconcile(QStringLiteral("confirm")); });

    QList<ReconDifference> stillOpen;
    QList<ReconDifference> cleared;
    for (ReconDifference d : m_openDiffs) {
        const bool present = std::any_of(found.cbegin(), found.cend(), [&](const ReconDifference &f) { return signature(f) == signature(d); });
        if (present) {
            stillOpen.append(d);
        } else {
            d.resolution = ReconDifference::Resolution::Cleared;
            d.resolvedBy = QStringLiteral("system");
            d.resolvedAt = now;
            cleared.append(d);
        }
    }
    QList<ReconDifference> fresh;
    for (ReconDifference d : confirmed) {
        if (std::any_of(stillOpen.cbegin(), stillOpen.cend(), [&](const ReconDifference &o) { return signature(o) == signature(d); }))
            continue;
        d.id = newId("rec");
        d.foundAt = now;
        d.trigger = trigger == QLatin1String("confirm") ? QStringLiteral("periodic") : trigger;
        fresh.append(d);
    }
    if (fresh.isEmpty() && cleared.isEmpty()) {
        if (!m_reconTriggers.isEmpty())
            m_venue.broker->requestBrokerState();
        return;
    }
    const Status s = m_store.transaction([&]() -> Status {
        for (const ReconDifference &d : fresh + cleared)
            if (Status r = m_store.recordDifference(d); !r)
                return r;
        return {};
    });
    if (!s) {
        fail(s.error());
        return;
    }
    for (const ReconDifference &d : fresh)
        qCWarning(lcBroker).noquote() << QStringLiteral("reconciliation (%1): %2").arg(d.trigger, d.detail);
    for (const ReconDifference &d : cleared)
        qCInfo(lcBroker).noquote() << QStringLiteral("reconciliation: cleared by itself: %1").arg(d.detail);
    m_diffsFound += static_cast<int>(fresh.size());
    m_openDiffs = fresh + stillOpen;
    m_resolvedDiffs = (cleared + m_resolvedDiffs).mid(0, 20);
    if (!m_reconTriggers.isEmpty())
        m_venue.broker->requestBrokerState();
}

Status TradingEngine::resolveDifference(const QString &id, ReconDifference::Resolution how, const QString &actor)
{
    const auto it = std::find_if(m_openDiffs.begin(), m_openDiffs.end(), [&](const ReconDifference &d) { return d.id == id; });
    if (it == m_openDiffs.end())
        return Status::failure(QStringLiteral("no open reconciliation difference %1").arg(id));
    if (how == ReconDifference::Resolution::Open || how == ReconDifference::Resolution::Cleared)
        return Status::failure(QStringLiteral("choose adopt, flatten or ignore"));
    ReconDifference d = *it;
    d.resolution = how;
    d.resolvedBy = actor;
    d.resolvedAt = QDateTime::currentDateTimeUtc();
    const bool position = d.kind == ReconDifference::Kind::PositionGone || d.kind == ReconDifference::Kind::PositionUnknown
                          || d.kind == ReconDifference::Kind::PositionMismatch;
    const Status s = m_store.transaction([&]() -> Status {
        if (position && (how == ReconDifference::Resolution::Adopted || how == ReconDifference::Resolution::Flattened)) {
            // The record follows the broker from here on.
            const Decimal delta = d.brokerQty - m_recordQty.value(d.symbol);
            m_recordAdjust[d.symbol] += delta;
            m_recordQty[d.symbol] = d.brokerQty;
            if (Status r = saveRecordAdjustments(); !r)
                return r;
        }
        if (how == ReconDifference::Resolution::Ignored)
            m_ignoredDiffs.insert(textOf(d.kind) + d.symbol + d.orderId + d.ours + QLatin1Char('|') + d.broker);
        return m_store.recordDifference(d);
    });
    if (!s) {
        fail(s.error());
        return s;
    }
    m_openDiffs.erase(it);
    m_resolvedDiffs = (QList<ReconDifference>{d} + m_resolvedDiffs).mid(0, 20);
    qCInfo(lcBroker).noquote() << QStringLiteral("reconciliation: %1 chose %2 for %3").arg(actor, textOf(how), d.detail);
    if (how != ReconDifference::Resolution::Flattened)
        return {};
    if (d.kind == ReconDifference::Kind::OrderExternal) {
        m_venue.broker->cancel(d.orderId, QStringLiteral("the trader chose to cancel an external order (%1)").arg(actor));
        return {};
    }
    const std::optional<Position> pos = m_book.position(d.symbol);
    if (!pos || !pos->qty.isPositive())
        return {};
    return closePosition(*pos, QStringLiteral("reconciliation"),
                         QStringLiteral("flatten after a reconciliation difference, chosen by %1").arg(actor));
}

int TradingEngine::duplicateSubmitsAvoided() const
{
    const auto *alpaca = qobject_cast<const AlpacaBroker *>(m_venue.broker.get());
    return alpaca ? alpaca->duplicateSubmitsAvoided() : 0;
}

void TradingEngine::narrateSession(const QDate &session)
{
    if (!m_failure.isEmpty())
        return;
    // Code computes the metrics; the narrator (a model, or the offline one) only writes prose.
    const QString day = session.toString(Qt::ISODate);
    m_modelDesk->narrate(QStringLiteral("iteration"), day, m_completed, session, m_iterationMetrics);
    // Computed in exact decimals; a metric is a number to quote, rounded as the prose shows it.
    const Decimal equity = m_book.account().equity;
    const Decimal previous = m_equity.size() >= 2 ? m_equity[m_equity.size() - 2].equity : equity;
    const Decimal pnl = equity - previous;
    Decimal exposure;
    for (const Position &p : m_book.positions())
        exposure += p.marketValue().abs();
    const Decimal hwm = std::max(m_guard.highWaterMark(), equity);
    const Decimal hundred = Decimal::fromInt(100);
    const auto money = [](Decimal v) { return v.rounded(2, RoundingMode::HalfEven).toDouble(); };
    const auto percent = [&](Decimal part, Decimal whole) {
        return whole.isPositive() ? (part * hundred).dividedBy(whole, 2, RoundingMode::HalfEven).toDouble() : 0.0;
    };
    const QList<modelprompt::Metric> daily{
        {QStringLiteral("equity"), QStringLiteral("Equity"), money(equity), 2, QStringLiteral("$")},
        {QStringLiteral("day_pnl"), QStringLiteral("Change on the session"), money(pnl), 2, QStringLiteral("$")},
        {QStringLiteral("day_pnl_pct"), QStringLiteral("Change on the session, %"), percent(pnl, previous), 2, QStringLiteral("%")},
        {QStringLiteral("proposals"), QStringLiteral("Proposals waiting"), double(m_desk->pending().size()), 0, {}},
        {QStringLiteral("rejected_by_risk"), QStringLiteral("Rejected by risk (all sessions)"), double(counters().rejectedByRisk), 0, {}},
        {QStringLiteral("approved"), QStringLiteral("Approved (all sessions)"), double(counters().approved), 0, {}},
        {QStringLiteral("fills"), QStringLiteral("Fills (all sessions)"), double(m_fillCount), 0, {}},
        {QStringLiteral("open_positions"), QStringLiteral("Open positions"), double(m_book.positions().size()), 0, {}},
        {QStringLiteral("exposure_pct"), QStringLiteral("Gross exposure, % of equity"), percent(exposure, equity), 2,
         QStringLiteral("%")},
        {QStringLiteral("drawdown_pct"), QStringLiteral("Drawdown from the high-water mark, %"), percent(hwm - equity, hwm),
         2, QStringLiteral("%")},
        {QStringLiteral("model_fallbacks"), QStringLiteral("Fallbacks to the deterministic selector (all sessions)"),
         double(m_modelDesk->counters().fallbacks), 0, {}},
    };
    m_modelDesk->narrate(QStringLiteral("daily"), day, m_completed, session, daily);
}
