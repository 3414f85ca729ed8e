// SPDX-License-Identifier: GPL-3.0-or-later
#include "tradingengine.h"

#include "util/ids.h"
#include "util/logging.h"

#include <QElapsedTimer>
#include <QSqlQuery>

namespace {

constexpr std::size_t kRecentLimit = 300;

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
    , m_pipeline(m_risk, m_strategies)
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
        const QDateTime now = m_market->clockTime();
        for (const QString &sym : m_market->symbols())
            m_broker.onPrice(sym, m_market->price(sym), now);
        if (!m_equity.isEmpty())
            m_broker.setLastEquity(m_equity.back().equity);
        qCInfo(lcPipeline).noquote() << QStringLiteral("restored %1: %2 sessions, %3 fills, %4 pending proposals")
                                            .arg(m_options.dbPath)
                                            .arg(completed)
                                            .arg(fills.size())
                                            .arg(m_pending.size());
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

RiskContext TradingEngine::riskContext() const
{
    RiskContext ctx;
    ctx.account = m_broker.account();
    for (const Position &p : m_broker.positions()) {
        ctx.positionQty.insert(p.symbol, p.qty);
        const Decimal value = p.marketValue();
        ctx.positionValue.insert(p.symbol, value);
        ctx.grossExposure += value;
    }
    return ctx;
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
    runIteration(index, session);
    m_broker.setLastEquity(m_broker.account().equity);
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

void TradingEngine::runIteration(int sessionIndex, const QDate &session)
{
    Pipeline::Input in;
    in.source = m_market.get();
    in.symbols = m_market->symbols();
    in.portfolio = riskContext();
    for (const Proposal &p : std::as_const(m_pending))
        in.blockedSymbols.insert(p.symbol);
    in.sessionIndex = m_market->completedSessions();
    in.session = session;
    in.now = m_market->clockTime();
    Q_UNUSED(sessionIndex);
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
}

Status TradingEngine::recordUpdate(const BrokerUpdate &update)
{
    for (const Order &o : update.orders)
        if (Status s = m_store.recordOrder(o); !s)
            return s;
    for (const Fill &f : update.fills)
        if (Status s = m_store.recordFill(f); !s)
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

Status TradingEngine::submitAndRecord(const OrderRequest &request, Decimal price, BrokerUpdate &out)
{
    const BrokerUpdate u = m_broker.submit(request, price, m_market->clockTime());
    const Status s = m_store.transaction([&] { return recordUpdate(u); });
    remember(u);
    out.append(u);
    return s;
}

Status TradingEngine::approve(const QString &proposalId)
{
    const auto it = std::find_if(m_pending.begin(), m_pending.end(), [&](const Proposal &p) { return p.id == proposalId; });
    if (it == m_pending.end())
        return Status::failure(QStringLiteral("no pending proposal %1").arg(proposalId));
    Proposal p = *it;
    const Decimal price = m_market->price(p.symbol);

    // Re-check with the account and price of this moment.
    RiskRequest req;
    req.symbol = p.symbol;
    req.side = p.side;
    req.price = price;
    req.confidence = p.confidence;
    req.atr = p.atr;
    req.requestedQty = p.qty;
    RiskContext ctx = riskContext();
    ctx.fractionable = m_market->isFractionable(p.symbol);
    const RiskVerdict recheck = m_risk.evaluate(req, ctx);

    if (recheck.kind == VerdictKind::Reject) {
        p.status = ProposalStatus::RejectedAtApproval;
        p.decisionReason = QStringLiteral("risk re-check at approval: %1").arg(recheck.summary);
    } else {
        p.status = ProposalStatus::Approved;
        if (recheck.finalQty < p.qty)
            p.decisionReason = QStringLiteral("approved; re-check resized %1 → %2 (%3)").arg(p.qty.toString(), recheck.finalQty.toString(), recheck.bindingRule);
        p.qty = recheck.finalQty;
    }
    p.verdict = recheck;
    const Status s = m_store.transaction([&]() -> Status {
        if (Status r = m_store.recordDecision(p.id, QStringLiteral("approve"), {}); !r)
            return r;
        if (Status r = m_store.recordVerdict(p.id, QStringLiteral("approval"), recheck); !r)
            return r;
        return m_store.updateProposal(p);
    });
    if (!s)
        return Status::failure(QStringLiteral("approval not recorded, nothing sent: %1").arg(s.error()));
    m_pending.erase(std::find_if(m_pending.begin(), m_pending.end(), [&](const Proposal &x) { return x.id == proposalId; }));
    if (p.status == ProposalStatus::RejectedAtApproval) {
        markDecided(p);
        qCWarning(lcRisk).noquote() << QStringLiteral("%1 %2: %3").arg(textOf(p.side), p.symbol, p.decisionReason);
        return Status::failure(p.decisionReason);
    }

    // Execution: only now, after the approval is on disk.
    BrokerUpdate update;
    Status sent;
    if (p.reducing) {
        for (const Order &o : m_broker.openOrders())
            if (o.symbol == p.symbol && o.purpose == OrderPurpose::ProtectiveStop) {
                const BrokerUpdate c = m_broker.cancel(o.id, QStringLiteral("position closed by an approved exit"), m_market->clockTime());
                m_store.transaction([&] { return recordUpdate(c); });
                remember(c);
            }
        sent = submitAndRecord({clientOrderIdFor(p.id, OrderPurpose::Exit), p.id, p.symbol, Side::Sell, OrderType::Market,
                                OrderPurpose::Exit, p.qty, {}},
                               price, update);
    } else {
        sent = submitAndRecord({clientOrderIdFor(p.id, OrderPurpose::Entry), p.id, p.symbol, Side::Buy, OrderType::Market,
                                OrderPurpose::Entry, p.qty, {}},
                               price, update);
        const bool filled = std::any_of(update.orders.cbegin(), update.orders.cend(),
                                        [](const Order &o) { return o.status == OrderStatus::Filled; });
        if (filled && p.stopPrice.isPositive()) {
            // The protective stop lives at the broker, for the quantity actually filled.
            const Decimal held = m_broker.position(p.symbol).value_or(Position{}).qty;
            submitAndRecord({clientOrderIdFor(p.id, OrderPurpose::ProtectiveStop), p.id, p.symbol, Side::Sell, OrderType::Stop,
                             OrderPurpose::ProtectiveStop, std::min(held, p.qty), p.stopPrice},
                            price, update);
        }
    }
    for (const Order &o : std::as_const(update.orders))
        if (o.status == OrderStatus::Rejected)
            p.decisionReason = QStringLiteral("approved; broker rejected the %1 order: %2").arg(textOf(o.purpose), o.reason);
    if (!p.decisionReason.isEmpty())
        m_store.updateProposal(p);
    markDecided(p);
    qCInfo(lcPipeline).noquote() << QStringLiteral("approved %1 %2 %3 at %4").arg(textOf(p.side), p.qty.toString(), p.symbol, price.toString(2));
    return sent;
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

EngineSnapshot TradingEngine::snapshot() const
{
    EngineSnapshot s;
    s.modeLabel = modeLabel();
    if (!m_market)
        return s;
    s.clock = m_market->clockTime();
    s.session = m_market->currentSession();
    s.completedSessions = m_market->completedSessions();
    s.tick = m_market->tick();
    s.ticksPerSession = m_market->ticksPerSession();
    s.state = TradingState::Active;
    s.account = m_broker.account();
    s.positions = m_broker.positions();
    s.pending = m_pending;
    s.decided = QList<Proposal>(m_decided.begin(), m_decided.end());
    s.orders = QList<Order>(m_orders.begin(), m_orders.end());
    s.fills = QList<Fill>(m_fills.begin(), m_fills.end());
    s.lastIteration = m_lastIteration;
    s.equityPoints = static_cast<int>(m_equity.size());
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
