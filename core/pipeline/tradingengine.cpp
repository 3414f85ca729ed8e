// SPDX-License-Identifier: GPL-3.0-or-later
#include "tradingengine.h"

#include "data/exchangecalendar.h"
#include "indicators/atr.h"
#include "indicators/sma.h"
#include "util/ids.h"
#include "util/logging.h"

#include <QElapsedTimer>
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
    , m_broker(m_options.startingCash)
    , m_risk(m_options.risk)
    , m_guard(m_risk.config())
    , m_pipeline(m_risk, m_strategies, Pipeline::Options{300, QStringLiteral("SPY"), 14, m_options.fixedStrategy})
{
}

TradingEngine::~TradingEngine()
{
    if (m_open)
        finish(QStringLiteral("ok"));
}

QString TradingEngine::modeLabel() const
{
    return QStringLiteral("DEMO — simulated");
}

Status TradingEngine::open()
{
    if (Status s = m_db.open(m_options.dbPath); !s)
        return s;
    if (Status s = m_db.migrate(); !s)
        return s;

    // A database remembers its own market seed and cash, so reopening it
    // continues the same simulated market whatever the current settings say.
    const QString storedSeed = m_store.state(QStringLiteral("market_seed"));
    const bool fresh = storedSeed.isEmpty();
    if (!fresh) {
        m_options.market.seed = storedSeed.toULongLong();
        m_options.startingCash = Decimal::parse(m_store.state(QStringLiteral("starting_cash"))).value_or(m_options.startingCash);
        m_options.market.historySessions = m_store.state(QStringLiteral("history_sessions")).toInt();
    }
    m_market = std::make_unique<SimulatedMarket>(DemoUniverse::builtIn(), m_options.market);
    m_broker = SimulatedBroker(m_options.startingCash);

    if (fresh) {
        const Status s = m_store.transaction([&]() -> Status {
            QList<Bar> history;
            for (const QString &sym : m_market->symbols())
                history.append(m_market->recentBars(sym, m_options.market.historySessions));
            if (Status r = m_store.recordBars(history); !r)
                return r;
            for (const auto &[k, v] : {std::pair{"market_seed", QString::number(m_options.market.seed)},
                                       std::pair{"starting_cash", m_options.startingCash.toString()},
                                       std::pair{"history_sessions", QString::number(m_options.market.historySessions)},
                                       std::pair{"completed_sessions", QString::number(m_market->completedSessions())},
                                       std::pair{"mode", QStringLiteral("demo")}})
                if (Status r = m_store.setState(QLatin1String(k), v); !r)
                    return r;
            return {};
        });
        if (!s)
            return s;
        m_guard.onSessionStart(m_market->completedSessions(), m_broker.account().equity, m_market->clockTime());
        if (Status g = m_store.saveGuard(m_guard.persisted()); !g)
            return g;
    } else {
        const int completed = m_store.state(QStringLiteral("completed_sessions")).toInt();
        m_market->fastForwardTo(completed);
        const QList<Fill> fills = m_store.loadFills();
        const QList<Order> openOrders = m_store.loadOrders(QStringLiteral("status IN ('new','accepted')"));
        if (!m_broker.restore(fills, openOrders, m_store.loadClientOrderIds()))
            return Status::failure(QStringLiteral("the recorded fills in %1 are inconsistent (a sell exceeds the position)").arg(m_options.dbPath));
        m_fillCount = static_cast<int>(fills.size());
        for (qsizetype i = std::max<qsizetype>(0, fills.size() - static_cast<qsizetype>(kRecentLimit)); i < fills.size(); ++i)
            pushRecent(m_fills, fills[i]);
        const QList<Order> orders = m_store.loadOrders({}, static_cast<int>(kRecentLimit));
        for (auto it = orders.crbegin(); it != orders.crend(); ++it)
            pushRecent(m_orders, *it);
        m_pending = m_store.loadProposals(QStringLiteral("status = 'pending'"));
        std::sort(m_pending.begin(), m_pending.end(), [](const Proposal &a, const Proposal &b) { return a.createdAt < b.createdAt; });
        const QList<Proposal> decided = m_store.loadProposals(QStringLiteral("status NOT IN ('pending')"), 100);
        for (auto it = decided.crbegin(); it != decided.crend(); ++it)
            pushRecent(m_decided, *it, 100);
        m_equity = m_store.loadEquityCurve();
        TradingGuard::Persisted g;
        if (m_store.loadGuard(g))
            m_guard.restore(g);
        for (const TradeStore::Reservation &r : m_store.loadReservations())
            m_reservations.insert(r.proposalId, r);
        m_held = m_store.loadHeldOrders();
        m_lastExit = m_store.loadLastExits();
        m_exits = m_store.loadExits();
        m_store.loadHealth(m_health);
        if (m_store.state(QStringLiteral("orders_today_session")).toInt() == completed)
            m_ordersToday = m_store.state(QStringLiteral("orders_today")).toInt();
        const QDateTime now = m_market->clockTime();
        for (const QString &sym : m_market->symbols())
            m_broker.onPrice(sym, m_market->price(sym), now);
        m_broker.setLastEquity(m_guard.sessionStartEquity().isPositive() ? m_guard.sessionStartEquity() : m_broker.account().equity);
        m_regime = regimeScalar();
        qCInfo(lcPipeline).noquote() << QStringLiteral("restored %1: %2 sessions, %3 fills, %4 pending proposals, trading %5")
                                            .arg(m_options.dbPath)
                                            .arg(completed)
                                            .arg(fills.size())
                                            .arg(m_pending.size())
                                            .arg(textOf(m_guard.state()));
    }
    if (const int stale = m_store.closeStaleRuns(); stale > 0)
        qCWarning(lcPipeline) << stale << "earlier run(s) ended without closing; recorded as failed";
    m_runId = newId("run");
    m_store.beginRun(m_runId, m_options.runKind,
                     QStringLiteral("seed=%1 cash=%2").arg(m_options.market.seed).arg(m_options.startingCash.toString()));
    m_open = true;
    if (m_equity.isEmpty())
        recordEquityPoint();
    return {};
}

void TradingEngine::finish(const QString &status, const QString &error)
{
    if (!m_open)
        return;
    m_store.finishRun(m_runId, status, error);
    m_open = false;
}

int TradingEngine::submitsLastMinute() const
{
    // The simulated broker keeps the simulated clock: 30 submits per simulated minute.
    const qint64 cutoff = m_market->clockTime().toMSecsSinceEpoch() - 60'000;
    while (!m_submitTimes.empty() && m_submitTimes.front() < cutoff)
        m_submitTimes.pop_front();
    return static_cast<int>(m_submitTimes.size());
}

RiskContext TradingEngine::riskContext(const QString &symbol, const Proposal *self) const
{
    RiskContext ctx;
    ctx.account = m_broker.account();
    if (m_guard.sessionStartEquity().isPositive())
        ctx.account.lastEquity = m_guard.sessionStartEquity();
    for (const Position &p : m_broker.positions()) {
        ctx.positionQty.insert(p.symbol, p.qty);
        const Decimal value = p.marketValue();
        ctx.positionValue.insert(p.symbol, value);
        ctx.grossExposure += value;
        ctx.committed[p.symbol] += p.costBasis();
        ctx.tierCommitted[static_cast<std::size_t>(std::clamp(m_risk.config().tierFor(p.symbol), 1, 3) - 1)] += p.costBasis();
    }
    // Approved entries not yet filled count as if filled: toward the position,
    // exposure, the number of open positions and the cash they will use.
    for (const TradeStore::Reservation &r : m_reservations) {
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
    ctx.fractionable = m_market->isFractionable(symbol);
    ctx.state = m_guard.state();
    ctx.entryBlockers = m_guard.entryBlockers();
    ctx.suspendedStrategies = m_health.suspended();
    ctx.budgetBaseEquity = m_guard.sessionStartEquity();
    ctx.ordersToday = m_ordersToday;
    ctx.sessionIndex = currentSessionIndex();
    ctx.lastExitSession = m_lastExit;
    for (const Proposal &p : m_pending)
        if (!p.reducing && (!self || p.id != self->id))
            ctx.pendingEntries.insert(p.symbol);
    for (const Order &o : m_broker.openOrders())
        if (o.purpose == OrderPurpose::Entry)
            ctx.openEntryOrders.insert(o.symbol);
    for (const OrderRequest &r : m_held)
        if (r.purpose == OrderPurpose::Entry && (!self || r.proposalId != self->id))
            ctx.openEntryOrders.insert(r.symbol);
    ctx.freshnessKnown = !symbol.isEmpty();
    const QDate expected = m_market->completedSessions() > 0 ? m_market->sessionDate(m_market->completedSessions() - 1) : QDate();
    ctx.barSessionsBehind = ExchangeCalendar::sessionsBetween(m_market->lastBar(symbol).session, expected);
    ctx.quoteAgeSeconds = 0.0; // simulated quotes are taken at the current tick
    ctx.regimeScalar = m_regime;
    ctx.atApproval = self != nullptr;
    if (self)
        ctx.proposalPrice = self->price;
    ctx.marketKnown = true;
    ctx.marketOpen = m_market->isOpen();
    ctx.submitsLastMinute = submitsLastMinute();
    return ctx;
}

int TradingEngine::currentSessionIndex() const
{
    return m_market->isOpen() ? m_market->completedSessions() : m_market->completedSessions() - 1;
}

double TradingEngine::regimeScalar() const
{
    // Benchmark vs its SMA200: 1 at or above it, falling to 0 at 10 % below.
    const QList<Bar> bars = m_market->recentBars(QStringLiteral("SPY"), 200);
    if (bars.size() < 200)
        return 1.0;
    Sma sma(200);
    for (const Bar &b : bars)
        sma.add(b.close.toDouble());
    const double ratio = bars.back().close.toDouble() / sma.value();
    return std::clamp(1.0 - (1.0 - ratio) / 0.10, 0.0, 1.0);
}

void TradingEngine::applyGuardEvents(const QList<BreakerEvent> &events)
{
    if (events.isEmpty())
        return;
    const bool halted = m_guard.state() == TradingState::Halted;
    m_store.transaction([&]() -> Status {
        for (const BreakerEvent &e : events)
            if (Status s = m_store.recordBreakerEvent(e); !s)
                return s;
        return m_store.saveGuard(m_guard.persisted());
    });
    for (const BreakerEvent &e : events)
        qCWarning(lcRisk).noquote() << QStringLiteral("%1: %2 → %3 (%4)").arg(e.breaker, e.from, e.to, e.reason);
    if (halted)
        cancelEntries(QStringLiteral("trading halted"));
}

void TradingEngine::tick()
{
    if (!m_open)
        return;
    const bool completed = m_market->advanceTick();
    const QDateTime now = m_market->clockTime();
    BrokerUpdate update;
    for (const QString &sym : m_market->symbols())
        update.append(m_broker.onPrice(sym, m_market->price(sym), now));
    if (!update.isEmpty()) {
        for (const Fill &f : update.fills)
            qCInfo(lcBroker).noquote() << QStringLiteral("stop filled: sold %1 %2 at %3").arg(f.qty.toString(), f.symbol, f.price.toString(2));
        m_store.transaction([&] { return recordUpdate(update); });
        remember(update);
    }
    if (m_market->isOpen())
        releaseHeldOrders();
    // Exit monitoring runs on every price update, whatever the state or breakers.
    monitorExits();
    QList<BreakerEvent> events = m_guard.onEquity(m_broker.account().equity, now);
    events.append(m_guard.poll(QDateTime::currentDateTimeUtc()));
    applyGuardEvents(events);
    if (completed)
        onSessionClosed();
}

void TradingEngine::runSession()
{
    const int before = m_market->completedSessions();
    while (m_open && m_market->completedSessions() == before)
        tick();
}

void TradingEngine::onSessionClosed()
{
    const int index = m_market->completedSessions() - 1;
    const QDate session = m_market->sessionDate(index);
    m_store.transaction([&]() -> Status {
        QList<Bar> bars;
        for (const QString &sym : m_market->symbols())
            bars.append(m_market->lastBar(sym));
        if (Status s = m_store.recordBars(bars); !s)
            return s;
        return m_store.setState(QStringLiteral("completed_sessions"), QString::number(m_market->completedSessions()));
    });
    recordEquityPoint();
    expireStaleProposals();
    for (auto it = m_exits.begin(); it != m_exits.end(); ++it) {
        if (ExitManager::onSessionEnd(it.value(), m_options.exits) && !it->exitPending)
            proposeExit(it.key(), it.value(), ExitRule::Time, m_market->price(it.key()));
        m_store.saveExit(it.key(), it.value());
    }
    scoreSignals();
    actOnBudgetStress();
    m_regime = regimeScalar();
    // The next session's daily-loss budget starts from this close (Alpaca's last_equity).
    const Decimal equity = m_broker.account().equity;
    applyGuardEvents(m_guard.onSessionStart(m_market->completedSessions(), equity, m_market->clockTime()));
    m_store.saveGuard(m_guard.persisted());
    m_broker.setLastEquity(equity);
    m_ordersToday = 0;
    m_store.setState(QStringLiteral("orders_today"), QStringLiteral("0"));
    m_store.setState(QStringLiteral("orders_today_session"), QString::number(m_market->completedSessions()));
    runIteration(session);
}

void TradingEngine::recordEquityPoint()
{
    const Account a = m_broker.account();
    EquityPoint p;
    p.sessionIndex = m_market->completedSessions();
    p.session = m_market->completedSessions() > 0 ? m_market->sessionDate(m_market->completedSessions() - 1) : QDate();
    p.time = m_market->clockTime();
    p.cash = a.cash;
    p.positionsValue = a.equity - a.cash;
    p.equity = a.equity;
    p.fillCount = m_fillCount;
    if (m_store.recordEquity(p))
        m_equity.append(p);
}

void TradingEngine::expireStaleProposals()
{
    const int now = m_market->completedSessions();
    for (qsizetype i = m_pending.size() - 1; i >= 0; --i) {
        Proposal p = m_pending[i];
        if (now - p.session <= m_options.proposalTtlSessions)
            continue;
        p.status = ProposalStatus::Expired;
        p.decisionReason = QStringLiteral("not decided within %1 sessions").arg(m_options.proposalTtlSessions);
        if (m_store.updateProposal(p)) {
            m_pending.removeAt(i);
            markDecided(p);
            qCInfo(lcPipeline).noquote() << QStringLiteral("proposal %1 %2 expired").arg(textOf(p.side), p.symbol);
        }
    }
}

void TradingEngine::runIteration(const QDate &session)
{
    Pipeline::Input in;
    in.source = m_market.get();
    in.symbols = m_market->symbols();
    in.portfolio = riskContext(QString());
    in.portfolio.marketKnown = false; // proposals are made at the close for the next session; hours are checked when sent
    for (const Proposal &p : std::as_const(m_pending))
        in.blockedSymbols.insert(p.symbol);
    for (const OrderRequest &r : std::as_const(m_held))
        in.blockedSymbols.insert(r.symbol);
    in.sessionIndex = m_market->completedSessions();
    in.session = session;
    in.expectedSession = session;
    in.now = m_market->clockTime();
    Pipeline::Output out = m_pipeline.run(in);

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
            if (Status r = m_store.recordProposal(p); !r)
                return r;
        out.summary.recordMs = rec.nsecsElapsed() / 1e6;
        out.summary.totalMs += out.summary.recordMs;
        return m_store.recordIteration(out.summary, m_runId);
    });
    if (!s) {
        // Nothing unrecorded is queued: the iteration is lost as a whole, with its reason logged.
        out.summary.status = QStringLiteral("failed");
        out.summary.error = s.error();
        qCCritical(lcPipeline).noquote() << QStringLiteral("iteration %1 not recorded: %2").arg(out.summary.correlationId, s.error());
        m_lastIteration = out.summary;
        return;
    }
    const Decimal quality = out.summary.symbolsRequested > 0
                                ? Decimal::fromInt(out.summary.symbolsValid).dividedBy(Decimal::fromInt(out.summary.symbolsRequested), 4)
                                : Decimal();
    applyGuardEvents(m_guard.onDataQuality(quality, m_market->clockTime()));
    for (const Pipeline::DataIssue &d : std::as_const(out.dataIssues))
        qCWarning(lcData).noquote() << QStringLiteral("%1 skipped this iteration: %2").arg(d.symbol, d.reason);
    for (const Proposal &p : std::as_const(out.proposals)) {
        if (p.status == ProposalStatus::Pending) {
            m_pending.append(p);
            qCInfo(lcPipeline).noquote() << QStringLiteral("proposal: %1 %2 %3 — %4")
                                                .arg(textOf(p.side).toUpper(), p.qty.toString(), p.symbol, p.verdict.summary);
        } else {
            markDecided(p);
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
            m_toScore.push_back({sig, m_market->completedSessions() + kHealthHorizon});
    }
    m_lastDirection = now;
}

void TradingEngine::scoreSignals()
{
    // A BUY was right if the close kHealthHorizon sessions later is above the signal's close, a SELL if below.
    while (!m_toScore.empty() && m_toScore.front().dueSession <= m_market->completedSessions()) {
        const Signal sig = m_toScore.front().signal;
        m_toScore.pop_front();
        const Decimal close = m_market->lastBar(sig.symbol).close;
        if (!close.isValid() || close == sig.price)
            continue;
        const bool right = sig.direction == SignalDirection::Buy ? close > sig.price : close < sig.price;
        if (m_options.strategyHealth && m_health.record(sig.strategy, right)) {
            const BreakerEvent e{QStringLiteral("strategy_health"), QStringLiteral("ACTIVE"), QStringLiteral("SUSPENDED"),
                                 QStringLiteral("%1: under 40 % of its last 20 signals were right").arg(sig.strategy), QStringLiteral("system"),
                                 m_market->clockTime()};
            m_store.recordBreakerEvent(e);
            qCWarning(lcRisk).noquote() << QStringLiteral("strategy %1 suspended for new entries: %2").arg(sig.strategy, e.reason);
        }
        m_store.saveHealth(m_health, sig.strategy);
    }
}

void TradingEngine::actOnBudgetStress()
{
    // SPEC §5: on a position in profit, propose a partial close at 30/50/70 % stress;
    // from "high" the stop goes to breakeven, at "critical" it also trails 1 × ATR.
    const RiskConfig &c = m_risk.config();
    const Decimal base = m_guard.sessionStartEquity().isPositive() ? m_guard.sessionStartEquity() : m_broker.account().equity;
    const Decimal budget = base * c.perSymbolBudget;
    if (!budget.isPositive())
        return;
    for (auto it = m_exits.begin(); it != m_exits.end(); ++it) {
        const std::optional<Position> pos = m_broker.position(it.key());
        if (!pos || pos->lastPrice <= pos->avgEntryPrice)
            continue;
        ExitState &e = it.value();
        const double stress = pos->costBasis().toDouble() / budget.toDouble();
        const int level = stress >= 0.70 ? 3 : stress >= 0.50 ? 2 : stress >= 0.30 ? 1 : 0;
        if (level <= e.stressActed)
            continue;
        e.stressActed = level;
        if (level >= 2 && e.entryPrice > e.stop) {
            e.stop = e.entryPrice;
            e.stopRule = ExitRule::Breakeven;
        }
        if (level == 3) {
            const Decimal trail = (pos->lastPrice - Decimal::fromDouble(atrOf(it.key()), 2, RoundingMode::Up).value_or(Decimal())).rounded(2, RoundingMode::Down);
            if (trail > e.stop) {
                e.stop = trail;
                e.stopRule = ExitRule::Trailing;
            }
        }
        if (m_options.autoTightenStops && level >= 2)
            raiseBrokerStop(it.key(), e);
        const Decimal fraction = level == 3 ? Decimal::fromRaw(700'000'000) : level == 2 ? Decimal::fromRaw(500'000'000) : Decimal::fromRaw(300'000'000);
        Decimal qty = (pos->qty * fraction).rounded(0, RoundingMode::Down);
        if (!qty.isPositive())
            qty = (pos->qty * fraction).rounded(c.fractionalPlaces, RoundingMode::Down);
        const bool pending = std::any_of(m_pending.cbegin(), m_pending.cend(), [&](const Proposal &p) { return p.symbol == it.key() && p.reducing; });
        if (qty.isPositive() && !pending) {
            Proposal p;
            p.id = newId("prp");
            p.correlationId = newId("stress");
            p.symbol = it.key();
            p.side = Side::Sell;
            p.reducing = true;
            p.price = pos->lastPrice;
            p.confidence = 1.0;
            p.strategy = QStringLiteral("budget_stress");
            p.createdAt = m_market->clockTime();
            p.session = m_market->completedSessions();
            p.verdict = m_risk.evaluate({p.symbol, Side::Sell, p.price, 1.0, 0.0, qty, {}, {}}, riskContext(p.symbol));
            p.qty = p.verdict.finalQty;
            static const char *names[] = {"normal", "elevated", "high", "critical"};
            p.rationale = QStringLiteral("Budget stress %1 % (%2): close %3 of %4 %5 in profit.")
                              .arg(stress * 100, 0, 'f', 1)
                              .arg(QLatin1String(names[level]), p.qty.toString(), pos->qty.toString(), p.symbol);
            if (m_store.transaction([&] { return m_store.recordProposal(p); }))
                m_pending.append(p);
        }
        m_store.saveExit(it.key(), e);
    }
}

Status TradingEngine::reenableStrategy(const QString &strategy, const QString &actor)
{
    if (!m_health.isSuspended(strategy))
        return Status::failure(QStringLiteral("%1 is not suspended").arg(strategy));
    m_health.reenable(strategy);
    m_store.recordBreakerEvent({QStringLiteral("strategy_health"), QStringLiteral("SUSPENDED"), QStringLiteral("ACTIVE"),
                                QStringLiteral("%1 re-enabled").arg(strategy), actor, QDateTime::currentDateTimeUtc()});
    return m_store.saveHealth(m_health, strategy);
}

Status TradingEngine::recordUpdate(const BrokerUpdate &update)
{
    for (const Order &o : update.orders)
        if (Status s = m_store.recordOrder(o); !s)
            return s;
    for (const Fill &f : update.fills)
        if (Status s = m_store.recordFill(f); !s)
            return s;
    // A reservation ends when its entry order fills, is cancelled or is rejected.
    for (const Order &o : update.orders)
        if (o.purpose == OrderPurpose::Entry && !::isOpen(o.status) && m_reservations.contains(o.proposalId))
            if (Status s = m_store.release(o.proposalId); !s)
                return s;
    for (const Order &o : update.orders)
        if (o.purpose != OrderPurpose::Entry && o.status == OrderStatus::Filled)
            if (Status s = m_store.setLastExit(o.symbol, currentSessionIndex()); !s)
                return s;
    return {};
}

void TradingEngine::remember(const BrokerUpdate &update)
{
    for (const Order &o : update.orders) {
        const auto it = std::find_if(m_orders.begin(), m_orders.end(), [&](const Order &x) { return x.id == o.id; });
        if (it != m_orders.end())
            *it = o;
        else
            pushRecent(m_orders, o);
        if (o.purpose == OrderPurpose::Entry && !::isOpen(o.status))
            m_reservations.remove(o.proposalId);
        if (o.purpose != OrderPurpose::Entry && o.status == OrderStatus::Filled) {
            m_lastExit.insert(o.symbol, currentSessionIndex());
            if (!m_broker.position(o.symbol) && m_exits.remove(o.symbol))
                m_store.removeExit(o.symbol);
        }
    }
    for (const Fill &f : update.fills) {
        pushRecent(m_fills, f);
        ++m_fillCount;
    }
}

void TradingEngine::markDecided(const Proposal &p)
{
    pushRecent(m_decided, p, 100);
}

Status TradingEngine::send(const OrderRequest &request, BrokerUpdate &out)
{
    const Decimal price = m_market->price(request.symbol);
    if (request.purpose == OrderPurpose::Exit) {
        // The exit replaces the protective stop, which reserves the same shares.
        for (const Order &o : m_broker.openOrders())
            if (o.symbol == request.symbol && o.purpose == OrderPurpose::ProtectiveStop) {
                const BrokerUpdate c = m_broker.cancel(o.id, QStringLiteral("replaced by an approved exit"), m_market->clockTime());
                m_store.transaction([&] { return recordUpdate(c); });
                remember(c);
                out.append(c);
            }
    }
    const BrokerUpdate u = m_broker.submit(request, price, m_market->clockTime());
    m_submitTimes.push_back(m_market->clockTime().toMSecsSinceEpoch());
    if (request.purpose == OrderPurpose::Entry) {
        ++m_ordersToday;
        m_store.setState(QStringLiteral("orders_today"), QString::number(m_ordersToday));
    }
    const Status s = m_store.transaction([&] { return recordUpdate(u); });
    remember(u);
    out.append(u);
    // The simulated broker always answers; a real link failure would count here.
    applyGuardEvents(m_guard.onBrokerResult(true, {}, QDateTime::currentDateTimeUtc()));
    const bool entryFilled = request.purpose == OrderPurpose::Entry
                             && std::any_of(u.orders.cbegin(), u.orders.cend(), [](const Order &o) { return o.status == OrderStatus::Filled; });
    const bool protect = entryFilled && request.stopPrice.isPositive() && m_options.protectiveStops;
    if (protect) {
        // The protective stop lives at the broker, for the quantity actually filled.
        const Decimal held = m_broker.position(request.symbol).value_or(Position{}).qty;
        const OrderRequest stop{clientOrderIdFor(request.proposalId, OrderPurpose::ProtectiveStop), request.proposalId, request.symbol,
                                Side::Sell, OrderType::Stop, OrderPurpose::ProtectiveStop, std::min(held, request.qty), request.stopPrice};
        const BrokerUpdate su = m_broker.submit(stop, price, m_market->clockTime());
        m_store.transaction([&] { return recordUpdate(su); });
        remember(su);
        out.append(su);
    }
    if (entryFilled) {
        const Position pos = m_broker.position(request.symbol).value_or(Position{});
        ExitState e = ExitManager::open(pos.avgEntryPrice, pos.qty, Decimal::fromDouble(atrOf(request.symbol), 4).value_or(Decimal()), m_options.exits);
        if (protect && request.stopPrice > e.stop) {
            e.stop = request.stopPrice; // the entry's protective stop is its stop-loss
            e.stopRule = ExitRule::StopLoss;
        }
        m_exits.insert(request.symbol, e);
        m_store.saveExit(request.symbol, e);
    }
    return s;
}

void TradingEngine::releaseHeldOrders()
{
    while (!m_held.isEmpty() && submitsLastMinute() < m_risk.config().maxSubmitsPerMinute) {
        const OrderRequest r = m_held.takeFirst();
        m_store.releaseHeldOrder(r.clientOrderId);
        BrokerUpdate u;
        if (r.purpose == OrderPurpose::Exit) {
            // The position may have changed while the order waited: sell what is held, never more.
            const Decimal held = m_broker.position(r.symbol).value_or(Position{}).qty;
            if (!held.isPositive())
                continue;
            OrderRequest exit = r;
            exit.qty = std::min(held, r.qty);
            send(exit, u);
        } else if (m_guard.state() == TradingState::Active && m_guard.entryBlockers().isEmpty()) {
            send(r, u);
        } else {
            m_reservations.remove(r.proposalId);
            m_store.release(r.proposalId);
            qCWarning(lcRisk).noquote() << QStringLiteral("held entry for %1 dropped: trading %2").arg(r.symbol, textOf(m_guard.state()));
            continue;
        }
        qCInfo(lcPipeline).noquote() << QStringLiteral("sent held %1 %2 %3 at the open").arg(textOf(r.side), r.qty.toString(), r.symbol);
    }
}

void TradingEngine::cancelEntries(const QString &why)
{
    const QDateTime now = m_market->clockTime();
    for (const Order &o : m_broker.openOrders()) {
        if (o.purpose != OrderPurpose::Entry)
            continue; // protective stops reduce risk and stay
        const BrokerUpdate c = m_broker.cancel(o.id, why, now);
        m_store.transaction([&] { return recordUpdate(c); });
        remember(c);
    }
    for (qsizetype i = m_held.size() - 1; i >= 0; --i) {
        if (m_held[i].purpose != OrderPurpose::Entry)
            continue;
        const OrderRequest r = m_held.takeAt(i);
        m_store.releaseHeldOrder(r.clientOrderId);
        m_store.release(r.proposalId);
        m_reservations.remove(r.proposalId);
        qCWarning(lcRisk).noquote() << QStringLiteral("held entry for %1 cancelled: %2").arg(r.symbol, why);
    }
}

double TradingEngine::atrOf(const QString &symbol) const
{
    const QList<Bar> bars = m_market->recentBars(symbol, 60);
    Atr atr(14);
    for (const Bar &b : bars)
        atr.add(b.high.toDouble(), b.low.toDouble(), b.close.toDouble());
    return atr.value();
}

void TradingEngine::monitorExits()
{
    for (auto it = m_exits.begin(); it != m_exits.end();) {
        const QString symbol = it.key();
        const std::optional<Position> pos = m_broker.position(symbol);
        if (!pos) {
            m_store.removeExit(symbol); // the position is closed
            it = m_exits.erase(it);
            continue;
        }
        ExitState &e = it.value();
        e.qty = pos->qty;
        bool raised = false;
        const Decimal price = m_market->price(symbol);
        const std::optional<ExitRule> due = ExitManager::onPrice(e, price, m_options.exits, raised);
        if (raised) {
            if (m_options.autoTightenStops)
                raiseBrokerStop(symbol, e);
            m_store.saveExit(symbol, e);
        }
        if (due == ExitRule::TakeProfit)
            proposeExit(symbol, e, ExitRule::TakeProfit, price);
        ++it;
    }
}

void TradingEngine::raiseBrokerStop(const QString &symbol, const ExitState &e)
{
    // Only ever upward, and only for the quantity held: this reduces risk, so it
    // is applied without asking (SPEC §1.3) and recorded as an automatic decision.
    QString proposalId;
    for (const Order &o : m_broker.openOrders())
        if (o.symbol == symbol && o.purpose == OrderPurpose::ProtectiveStop) {
            if (o.stopPrice >= e.stop)
                return;
            proposalId = o.proposalId;
        }
    if (proposalId.isEmpty())
        return;
    const QDateTime now = m_market->clockTime();
    BrokerUpdate u;
    for (const Order &o : m_broker.openOrders())
        if (o.symbol == symbol && o.purpose == OrderPurpose::ProtectiveStop)
            u.append(m_broker.cancel(o.id, QStringLiteral("replaced by a higher %1 stop").arg(exitRuleId(e.stopRule)), now));
    const Decimal held = m_broker.position(symbol).value_or(Position{}).qty;
    const OrderRequest stop{QStringLiteral("st-") + newId("x").section(QLatin1Char('_'), -1), proposalId, symbol, Side::Sell, OrderType::Stop,
                            OrderPurpose::ProtectiveStop, held, e.stop};
    u.append(m_broker.submit(stop, m_market->price(symbol), now));
    m_store.transaction([&]() -> Status {
        if (Status s = m_store.recordDecision(proposalId, QStringLiteral("auto_tighten"),
                                              QStringLiteral("%1 stop raised to %2 (risk-reducing, applied automatically)")
                                                  .arg(exitRuleId(e.stopRule), e.stop.toString(2)));
            !s)
            return s;
        return recordUpdate(u);
    });
    remember(u);
    qCInfo(lcRisk).noquote() << QStringLiteral("%1: %2 stop raised to %3").arg(symbol, exitRuleId(e.stopRule), e.stop.toString(2));
}

void TradingEngine::proposeExit(const QString &symbol, ExitState &e, ExitRule rule, Decimal price)
{
    // A pending exit is not issued twice.
    const bool pending = std::any_of(m_pending.cbegin(), m_pending.cend(), [&](const Proposal &p) { return p.symbol == symbol && p.reducing; });
    if (e.exitPending || pending)
        return;
    Proposal p;
    p.id = newId("prp");
    p.correlationId = newId("exit");
    p.symbol = symbol;
    p.side = Side::Sell;
    p.reducing = true;
    p.price = price;
    p.confidence = 1.0;
    p.strategy = exitRuleId(rule);
    p.createdAt = m_market->clockTime();
    p.session = m_market->completedSessions();
    p.verdict = m_risk.evaluate({symbol, Side::Sell, price, 1.0, 0.0, {}, {}}, riskContext(symbol));
    p.qty = p.verdict.finalQty; // the quantity actually held
    p.rationale = rule == ExitRule::TakeProfit
                      ? QStringLiteral("Take-profit reached: %1 ≥ target %2 (entry %3, MFE %4).")
                            .arg(price.toString(2), e.target.toString(2), e.entryPrice.toString(2), e.mfe().toString(2))
                      : QStringLiteral("Time exit: held %1 sessions (limit %2).").arg(e.barsHeld).arg(m_options.exits.maxBarsHeld);
    if (!m_store.transaction([&] { return m_store.recordProposal(p); }))
        return;
    e.exitPending = true;
    m_store.saveExit(symbol, e);
    m_pending.append(p);
    qCInfo(lcPipeline).noquote() << QStringLiteral("exit proposal: SELL %1 %2 — %3").arg(p.qty.toString(), symbol, p.rationale);
}

ApprovalOutcome TradingEngine::approve(const QString &proposalId)
{
    const auto it = std::find_if(m_pending.begin(), m_pending.end(), [&](const Proposal &p) { return p.id == proposalId; });
    if (it == m_pending.end())
        return {ApprovalOutcome::Failed, QStringLiteral("no pending proposal %1").arg(proposalId)};
    Proposal p = *it;
    const Decimal price = m_market->price(p.symbol);

    // Re-check with the account, state and price of this moment.
    RiskRequest req;
    req.symbol = p.symbol;
    req.side = p.side;
    req.price = price;
    req.confidence = p.confidence;
    req.atr = p.atr;
    req.requestedQty = p.qty;
    req.stopPrice = p.stopPrice;
    req.strategy = p.strategy;
    const RiskVerdict recheck = m_risk.evaluate(req, riskContext(p.symbol, &p));

    // A re-size caused only by a small price move (within the drift tolerance, same
    // binding rule) is the automatic re-size of SPEC §4; any other change is shown.
    const RuleResult *drift = recheck.find(QStringLiteral("price_drift"));
    const bool smallDrift = !drift || !drift->value.isValid() || drift->value <= m_risk.config().priceDriftResize;
    const bool autoResize = !p.reducing && smallDrift && recheck.bindingRule == p.verdict.bindingRule && recheck.finalQty < p.qty;
    if (recheck.kind != VerdictKind::Reject && recheck.finalQty != p.qty && !autoResize) {
        // The outcome changed: show the new verdict; nothing is sent until approved again.
        const QString before = p.qty.toString();
        p.qty = recheck.finalQty;
        p.price = price;
        p.verdict = recheck;
        p.decisionReason = QStringLiteral("re-check at approval changed the order from %1 to %2 (%3); approve again to send")
                               .arg(before, recheck.finalQty.toString(), recheck.bindingRule);
        const Status s = m_store.transaction([&]() -> Status {
            if (Status r = m_store.recordVerdict(p.id, QStringLiteral("approval"), recheck); !r)
                return r;
            return m_store.updateProposal(p);
        });
        if (!s)
            return {ApprovalOutcome::Failed, QStringLiteral("re-check not recorded, nothing sent: %1").arg(s.error())};
        *it = p;
        qCInfo(lcRisk).noquote() << QStringLiteral("%1 %2: %3").arg(textOf(p.side), p.symbol, p.decisionReason);
        return {ApprovalOutcome::Changed, p.decisionReason};
    }

    if (recheck.kind == VerdictKind::Reject) {
        p.status = ProposalStatus::RejectedAtApproval;
        p.decisionReason = QStringLiteral("risk re-check at approval: %1").arg(recheck.summary);
    } else {
        p.status = ProposalStatus::Approved;
        if (recheck.finalQty != p.qty)
            p.decisionReason = QStringLiteral("approved; re-sized at approval from %1 to %2 at the current price")
                                   .arg(p.qty.toString(), recheck.finalQty.toString());
        if (recheck.held)
            p.decisionReason += (p.decisionReason.isEmpty() ? QStringLiteral("approved; ") : QStringLiteral("; "))
                                + QStringLiteral("held until it can be sent");
        p.qty = recheck.finalQty;
    }
    p.verdict = recheck;
    const int tier = m_risk.config().tierFor(p.symbol);
    const Decimal notional = recheck.finalQty * price;
    const Status s = m_store.transaction([&]() -> Status {
        if (Status r = m_store.recordDecision(p.id, QStringLiteral("approve"), {}); !r)
            return r;
        if (Status r = m_store.recordVerdict(p.id, QStringLiteral("approval"), recheck); !r)
            return r;
        if (p.status == ProposalStatus::Approved && !p.reducing)
            if (Status r = m_store.reserve(p.id, p.symbol, tier, notional); !r)
                return r;
        return m_store.updateProposal(p);
    });
    if (!s)
        return {ApprovalOutcome::Failed, QStringLiteral("approval not recorded, nothing sent: %1").arg(s.error())};
    m_pending.erase(std::find_if(m_pending.begin(), m_pending.end(), [&](const Proposal &x) { return x.id == proposalId; }));
    if (p.status == ProposalStatus::RejectedAtApproval) {
        markDecided(p);
        qCWarning(lcRisk).noquote() << QStringLiteral("%1 %2: %3").arg(textOf(p.side), p.symbol, p.decisionReason);
        return {ApprovalOutcome::Rejected, p.decisionReason};
    }
    if (!p.reducing)
        m_reservations.insert(p.id, {p.id, p.symbol, tier, notional});

    // Execution: only now, after the approval is on disk.
    OrderRequest request{clientOrderIdFor(p.id, p.reducing ? OrderPurpose::Exit : OrderPurpose::Entry), p.id, p.symbol,
                         p.reducing ? Side::Sell : Side::Buy, OrderType::Market,
                         p.reducing ? OrderPurpose::Exit : OrderPurpose::Entry, p.qty, p.reducing ? Decimal() : p.stopPrice};
    if (recheck.held) {
        const QString why = m_market->isOpen() ? QStringLiteral("order rate") : QStringLiteral("market closed");
        if (Status h = m_store.holdOrder(request, why); !h)
            return {ApprovalOutcome::Failed, QStringLiteral("approved, but the held order could not be recorded: %1").arg(h.error())};
        m_held.append(request);
        markDecided(p);
        qCInfo(lcPipeline).noquote() << QStringLiteral("approved %1 %2 %3; held (%4)").arg(textOf(p.side), p.qty.toString(), p.symbol, why);
        return {ApprovalOutcome::Held, QStringLiteral("%1 %2 %3 approved; held until it can be sent (%4)")
                                           .arg(textOf(p.side).toUpper(), p.qty.toString(), p.symbol, why)};
    }
    BrokerUpdate update;
    const Status sent = send(request, update);
    for (const Order &o : std::as_const(update.orders))
        if (o.status == OrderStatus::Rejected)
            p.decisionReason = QStringLiteral("approved; broker rejected the %1 order: %2").arg(textOf(o.purpose), o.reason);
    if (!p.decisionReason.isEmpty())
        m_store.updateProposal(p);
    markDecided(p);
    qCInfo(lcPipeline).noquote() << QStringLiteral("approved %1 %2 %3 at %4").arg(textOf(p.side), p.qty.toString(), p.symbol, price.toString(2));
    if (!sent)
        return {ApprovalOutcome::Failed, sent.error()};
    return {ApprovalOutcome::Sent, QStringLiteral("%1 %2 %3 sent").arg(textOf(p.side).toUpper(), p.qty.toString(), p.symbol)};
}

Status TradingEngine::veto(const QString &proposalId, const QString &reason)
{
    const QString why = reason.trimmed();
    if (why.isEmpty())
        return Status::failure(QStringLiteral("a veto needs a reason"));
    const auto it = std::find_if(m_pending.begin(), m_pending.end(), [&](const Proposal &p) { return p.id == proposalId; });
    if (it == m_pending.end())
        return Status::failure(QStringLiteral("no pending proposal %1").arg(proposalId));
    Proposal p = *it;
    p.status = ProposalStatus::Vetoed;
    p.decisionReason = why;
    const Status s = m_store.transaction([&]() -> Status {
        if (Status r = m_store.recordDecision(p.id, QStringLiteral("veto"), why); !r)
            return r;
        return m_store.updateProposal(p);
    });
    if (!s)
        return Status::failure(QStringLiteral("veto not recorded: %1").arg(s.error()));
    m_pending.erase(it);
    markDecided(p);
    qCInfo(lcPipeline).noquote() << QStringLiteral("vetoed %1 %2: %3").arg(textOf(p.side), p.symbol, why);
    return {};
}

Status TradingEngine::killSwitch(bool flattenAll, const QString &actor)
{
    const QDateTime now = m_market->clockTime();
    applyGuardEvents(m_guard.killSwitch(flattenAll ? QStringLiteral("kill switch with flatten-all") : QStringLiteral("kill switch"), actor, now));
    cancelEntries(QStringLiteral("kill switch"));
    if (!flattenAll)
        return {};
    // Flattening only reduces risk: each close is an approved, recorded proposal of its own.
    Status result;
    for (const Position &pos : m_broker.positions()) {
        Proposal p;
        p.id = newId("prp");
        p.correlationId = newId("kill");
        p.symbol = pos.symbol;
        p.side = Side::Sell;
        p.reducing = true;
        p.qty = pos.qty;
        p.price = pos.lastPrice;
        p.strategy = QStringLiteral("kill_switch");
        p.rationale = QStringLiteral("flatten all, ordered by %1 with the kill switch").arg(actor);
        p.createdAt = now;
        p.session = m_market->completedSessions();
        RiskRequest req{pos.symbol, Side::Sell, pos.lastPrice, 1.0, 0.0, pos.qty, {}};
        p.verdict = m_risk.evaluate(req, riskContext(pos.symbol));
        p.status = ProposalStatus::Pending;
        const Status s = m_store.transaction([&] { return m_store.recordProposal(p); });
        if (!s)
            return s;
        m_pending.append(p);
        const ApprovalOutcome o = approve(p.id);
        if (!o.ok())
            result = Status::failure(o.message);
    }
    return result;
}

Status TradingEngine::resetBreaker(const QString &name, const QString &actor)
{
    const auto which = TradingGuard::breakerFromName(name);
    if (!which)
        return Status::failure(QStringLiteral("no breaker named '%1'").arg(name));
    applyGuardEvents(m_guard.reset(*which, actor, QDateTime::currentDateTimeUtc()));
    if (*which == TradingGuard::Equity)
        applyGuardEvents(m_guard.onEquity(m_broker.account().equity, m_market->clockTime()));
    m_store.saveGuard(m_guard.persisted());
    return {};
}

EngineSnapshot TradingEngine::snapshot() const
{
    EngineSnapshot s;
    s.modeLabel = modeLabel();
    if (!m_market)
        return s;
    s.clock = m_market->clockTime();
    s.session = m_market->currentSession();
    s.marketOpen = m_market->isOpen();
    s.completedSessions = m_market->completedSessions();
    s.tick = m_market->tick();
    s.ticksPerSession = m_market->ticksPerSession();
    s.state = m_guard.state();
    s.account = m_broker.account();
    s.account.lastEquity = m_guard.sessionStartEquity();
    s.positions = m_broker.positions();
    s.pending = m_pending;
    s.decided = QList<Proposal>(m_decided.begin(), m_decided.end());
    s.orders = QList<Order>(m_orders.begin(), m_orders.end());
    s.fills = QList<Fill>(m_fills.begin(), m_fills.end());
    s.heldOrders = static_cast<int>(m_held.size());
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
    h.ordersToday = m_ordersToday;
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
    for (auto it = m_exits.cbegin(); it != m_exits.cend(); ++it) {
        const ExitState &e = it.value();
        s.exits.append({it.key(), e.stop, exitRuleId(e.stopRule), e.target, e.stopRule == ExitRule::Trailing ? e.stop : Decimal(), e.mfe(),
                        e.mae(), e.barsHeld, ExitManager::nextRule(e, m_options.exits, m_market->price(it.key()))});
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
