// SPDX-License-Identifier: GPL-3.0-or-later
#include "positionmonitor.h"

#include "approvaldesk.h"
#include "data/barcache.h"
#include "execution/brokerbook.h"
#include "execution/ordermanager.h"
#include "indicators/atr.h"
#include "persistence/tradestore.h"
#include "util/ids.h"
#include "util/logging.h"

PositionMonitor::PositionMonitor(TradeStore &store, const RiskEngine &risk, OrderManager &orders, const BrokerBook &book, const BarCache &bars,
                                 ApprovalDesk &desk, const EngineOptions &options, ApprovalDesk::ContextFn context)
    : m_store(store)
    , m_risk(risk)
    , m_orders(orders)
    , m_book(book)
    , m_bars(bars)
    , m_desk(desk)
    , m_options(options)
    , m_context(std::move(context))
{
}

void PositionMonitor::restore()
{
    m_lastExit = m_store.loadLastExits();
    m_exits = m_store.loadExits();
}

Status PositionMonitor::onSessionEnd(const Moment &now, Decimal budgetBaseEquity)
{
    m_now = now;
    for (auto it = m_exits.begin(); it != m_exits.end(); ++it) {
        if (ExitManager::onSessionEnd(it.value(), m_options.exits) && !it->exitPending)
            if (Status r = proposeExit(it.key(), it.value(), ExitRule::Time, m_book.lastPrice(it.key())); !r)
                return r;
        if (Status r = m_store.saveExit(it.key(), it.value()); !r)
            return r;
    }
    return actOnBudgetStress(budgetBaseEquity);
}

Status PositionMonitor::recordFilled(const Order &o, const OrderIntent *intent, int sessionIndex)
{
    if (o.status != OrderStatus::Filled)
        return {};
    if (o.purpose == OrderPurpose::Entry)
        return openExitState(o, intent);
    if (Status s = m_store.setLastExit(o.symbol, sessionIndex); !s)
        return s;
    m_lastExit.insert(o.symbol, sessionIndex);
    return {};
}

Status PositionMonitor::onPositionClosed(const QString &symbol)
{
    if (!m_exits.contains(symbol))
        return {};
    // The position is closed: its exit levels go with it.
    if (Status s = m_store.removeExit(symbol); !s)
        return s;
    m_exits.remove(symbol);
    return {};
}

Status PositionMonitor::onExitEnded(const QString &symbol)
{
    if (!m_exits.contains(symbol))
        return {};
    m_exits[symbol].exitPending = false;
    return m_store.saveExit(symbol, m_exits[symbol]);
}

Status PositionMonitor::actOnBudgetStress(Decimal budgetBaseEquity)
{
    // SPEC §5: on a position in profit, propose a partial close at 30/50/70 % stress;
    // from "high" the stop goes to breakeven, at "critical" it also trails 1 × ATR.
    const RiskConfig &c = m_risk.config();
    const Decimal base = budgetBaseEquity.isPositive() ? budgetBaseEquity : m_book.account().equity;
    const Decimal budget = base * c.perSymbolBudget;
    if (!budget.isPositive())
        return {};
    for (auto it = m_exits.begin(); it != m_exits.end(); ++it) {
        const std::optional<Position> pos = m_book.position(it.key());
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
            if (Status s = raiseBrokerStop(it.key(), e); !s)
                return s;
        const Decimal fraction = level == 3 ? Decimal::fromRaw(700'000'000) : level == 2 ? Decimal::fromRaw(500'000'000) : Decimal::fromRaw(300'000'000);
        Decimal qty = (pos->qty * fraction).rounded(0, RoundingMode::Down);
        if (!qty.isPositive())
            qty = (pos->qty * fraction).rounded(c.fractionalPlaces, RoundingMode::Down);
        const bool pending = m_desk.hasPendingExit(it.key());
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
            p.createdAt = m_now.now;
            p.session = m_now.session;
            p.verdict = m_risk.evaluate({p.symbol, Side::Sell, p.price, 1.0, 0.0, qty, {}, {}}, m_context(p.symbol, nullptr));
            p.qty = p.verdict.finalQty;
            static const char *names[] = {"normal", "elevated", "high", "critical"};
            p.rationale = QStringLiteral("Budget stress %1 % (%2): close %3 of %4 %5 in profit.")
                              .arg(stress * 100, 0, 'f', 1)
                              .arg(QLatin1String(names[level]), p.qty.toString(), pos->qty.toString(), p.symbol);
            if (Status s = m_desk.add(p); !s)
                return s;
        }
        if (Status s = m_store.saveExit(it.key(), e); !s)
            return s;
    }
    return {};
}

Status PositionMonitor::openExitState(const Order &order, const OrderIntent *intent)
{
    // Recorded with the fill's order state: a position never exists in the record without its exit levels.
    const std::optional<Position> pos = m_book.position(order.symbol);
    if (!pos)
        return {};
    const Decimal stopPrice = intent ? intent->request.stopPrice : Decimal();
    ExitState e = ExitManager::open(pos->avgEntryPrice, pos->qty, Decimal::fromDouble(atrOf(order.symbol), 4).value_or(Decimal()), m_options.exits);
    if (m_options.protectiveStops && stopPrice > e.stop) {
        e.stop = stopPrice; // the entry's protective stop is its stop-loss
        e.stopRule = ExitRule::StopLoss;
    }
    if (Status s = m_store.saveExit(order.symbol, e); !s)
        return s;
    m_exits.insert(order.symbol, e);
    return {};
}

double PositionMonitor::atrOf(const QString &symbol) const
{
    const QList<Bar> bars = m_bars.recentBars(symbol, 60);
    Atr atr(14);
    for (const Bar &b : bars)
        atr.add(b.high.toDouble(), b.low.toDouble(), b.close.toDouble());
    return atr.value();
}

Status PositionMonitor::onPrices(const Moment &now)
{
    m_now = now;
    for (auto it = m_exits.begin(); it != m_exits.end();) {
        const QString symbol = it.key();
        const std::optional<Position> pos = m_book.position(symbol);
        if (!pos) {
            if (Status s = m_store.removeExit(symbol); !s) // the position is closed
                return s;
            it = m_exits.erase(it);
            continue;
        }
        ExitState &e = it.value();
        e.qty = pos->qty;
        bool raised = false;
        const Decimal price = m_book.lastPrice(symbol);
        const std::optional<ExitRule> due = ExitManager::onPrice(e, price, m_options.exits, raised);
        if (raised) {
            if (m_options.autoTightenStops)
                if (Status s = raiseBrokerStop(symbol, e); !s)
                    return s;
            if (Status s = m_store.saveExit(symbol, e); !s)
                return s;
        }
        if (due == ExitRule::TakeProfit && !hasTakeProfitLeg(symbol))
            if (Status s = proposeExit(symbol, e, ExitRule::TakeProfit, price); !s)
                return s;
        ++it;
    }
    return {};
}

bool PositionMonitor::hasTakeProfitLeg(const QString &symbol) const
{
    // A bracket's take-profit leg sells at the target at the broker: no exit to propose.
    for (const Order &o : m_book.openOrders())
        if (o.symbol == symbol && o.purpose == OrderPurpose::Exit && o.type == OrderType::Limit && !o.parentId.isEmpty())
            return true;
    return false;
}

Status PositionMonitor::raiseBrokerStop(const QString &symbol, const ExitState &e)
{
    // Only ever upward, and only for the quantity held: this reduces risk, so it
    // is applied without asking (SPEC §1.3) and recorded as an automatic decision,
    // together with the intent for the new stop. The old stop is replaced at the
    // broker only after this is on disk.
    const std::optional<Order> current = m_book.protectiveStop(symbol);
    if (!current || current->stopPrice >= e.stop)
        return {};
    const Decimal held = m_book.position(symbol).value_or(Position{}).qty;
    if (Status s = m_orders.raiseStop(symbol, e.stop, held, QStringLiteral("stop_raise")); !s)
        return s;
    if (Status s = m_store.recordDecision(current->proposalId, QStringLiteral("auto_tighten"),
                                          QStringLiteral("%1 stop raised to %2 (risk-reducing, applied automatically)")
                                              .arg(exitRuleId(e.stopRule), e.stop.toString(2)),
                                          QStringLiteral("system"));
        !s)
        return s;
    qCInfo(lcRisk).noquote() << QStringLiteral("%1: %2 stop raised to %3").arg(symbol, exitRuleId(e.stopRule), e.stop.toString(2));
    return {};
}

Status PositionMonitor::proposeExit(const QString &symbol, ExitState &e, ExitRule rule, Decimal price)
{
    // A pending exit is not issued twice.
    const bool pending = m_desk.hasPendingExit(symbol);
    if (e.exitPending || pending)
        return {};
    Proposal p;
    p.id = newId("prp");
    p.correlationId = newId("exit");
    p.symbol = symbol;
    p.side = Side::Sell;
    p.reducing = true;
    p.price = price;
    p.confidence = 1.0;
    p.strategy = exitRuleId(rule);
    p.createdAt = m_now.now;
    p.session = m_now.session;
    p.verdict = m_risk.evaluate({symbol, Side::Sell, price, 1.0, 0.0, {}, {}, {}}, m_context(symbol, nullptr));
    p.qty = p.verdict.finalQty; // the quantity actually held
    p.rationale = rule == ExitRule::TakeProfit
                      ? QStringLiteral("Take-profit reached: %1 ≥ target %2 (entry %3, MFE %4).")
                            .arg(price.toString(2), e.target.toString(2), e.entryPrice.toString(2), e.mfe().toString(2))
                      : QStringLiteral("Time exit: held %1 sessions (limit %2).").arg(e.barsHeld).arg(m_options.exits.maxBarsHeld);
    if (Status s = m_desk.add(p); !s)
        return s;
    e.exitPending = true;
    if (Status s = m_store.saveExit(symbol, e); !s)
        return s;
    qCInfo(lcPipeline).noquote() << QStringLiteral("exit proposal: SELL %1 %2 — %3").arg(p.qty.toString(), symbol, p.rationale);
    return {};
}

