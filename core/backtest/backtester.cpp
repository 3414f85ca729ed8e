// SPDX-License-Identifier: GPL-3.0-or-later
#include "backtester.h"

#include "indicators/atr.h"
#include "risk/riskengine.h"
#include "risk/tradingguard.h"
#include "strategy/smacross.h"
#include "strategy/strategyregistry.h"

#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>

namespace {

constexpr double kBarsPerYear = 252.0;

struct PendingOrder
{
    bool entry = true;
    Decimal qty;
    Decimal reserved; ///< cash set aside for an entry
};

struct Holding
{
    Decimal qty;
    Decimal entryPrice;
    Decimal entryCost;  ///< entry commission
    Decimal mark;       ///< last close
    std::int32_t entryDay = 0;
    ExitState exit;
    ExitRule pendingReason = ExitRule::Strategy; ///< why a pending exit was issued
};

struct SymbolState
{
    std::size_t cursor = 0;
    std::vector<int> prefix; ///< the strategy's decision on every prefix, when it can say so in one pass
    std::unique_ptr<SmaCross::State> cross;
    std::unique_ptr<Atr> atr;
    PriceSeries window; ///< recent bars for the coded strategies other than sma_cross
    std::optional<PendingOrder> pending;
    std::optional<Holding> holding;
    RiskContext::SymbolFacts facts; ///< what the risk engine reads about this symbol, kept as orders fill
    RiskRequest request;            ///< the entry check's request, its text set once per run
};

// A copy with its own storage. Sweeps run backtests on several threads over one
// BarTable: text shared between them would have its reference count bounced
// between the cores on every copy.
QString ownCopy(const QString &s)
{
    return QString(s.constData(), s.size());
}

// Every day any symbol trades, in order: each series is sorted, so marking the
// days in their range and reading the marks back replaces a sort of all bars.
std::vector<std::int32_t> calendarOf(const std::vector<BarTable::Series> &series, std::int32_t lastDay)
{
    std::int32_t first = std::numeric_limits<std::int32_t>::max(), last = std::numeric_limits<std::int32_t>::min();
    for (const auto &s : series)
        if (!s.day.empty()) {
            first = std::min(first, s.day.front());
            last = std::max(last, s.day.back());
        }
    last = std::min(last, lastDay);
    std::vector<std::int32_t> days;
    if (first > last)
        return days;
    std::vector<std::uint8_t> trades(static_cast<std::size_t>(last - first) + 1, 0);
    for (const auto &s : series)
        for (const std::int32_t d : s.day) {
            if (d > last)
                break;
            trades[static_cast<std::size_t>(d - first)] = 1;
        }
    for (std::size_t i = 0; i < trades.size(); ++i)
        if (trades[i])
            days.push_back(first + static_cast<std::int32_t>(i));
    return days;
}

Decimal withSlippage(Decimal price, Decimal bps, bool buy)
{
    if (bps.isZero())
        return price;
    const Decimal factor = bps.dividedBy(Decimal::fromInt(10'000), 9);
    return (price * (buy ? Decimal::fromInt(1) + factor : Decimal::fromInt(1) - factor)).rounded(4, buy ? RoundingMode::Up : RoundingMode::Down);
}

} // namespace

Backtester::Backtester(BacktestOptions options)
    : m_options(std::move(options))
{
}

BacktestResult Backtester::run(const BarTable &data, const std::function<void(std::size_t, std::size_t)> &progress,
                               const std::atomic_bool *cancel) const
{
    const BacktestOptions &o = m_options;
    BacktestResult result;
    const auto &series = data.series();

    // Symbols in name order, so the run never depends on the order files were read.
    std::vector<std::size_t> order(series.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return series[a].symbol < series[b].symbol; });

    const std::vector<std::int32_t> days = calendarOf(series, o.lastDay);

    const bool smaCross = o.strategy == QLatin1String("sma_cross");
    const QString strategyName = ownCopy(o.strategy);
    const int fast = o.params.value(QStringLiteral("fast"), QStringLiteral("10")).toInt();
    const int slow = o.params.value(QStringLiteral("slow"), QStringLiteral("30")).toInt();
    StrategyRegistry registry;
    const Strategy *coded = smaCross ? nullptr : registry.find(o.strategy);
    const int lookback = coded ? std::max(coded->barsNeeded(), 300) : 0;
    // The ATR sizes the stop distance only when no stop-loss is set.
    const ExitConfig &exits = o.exits;
    const bool useExits = exits.any() && o.direction == BacktestOptions::Direction::Long; // exit rules are for longs
    const bool needAtr = (o.riskOn && !exits.stopLossPct.isPositive()) || o.sizing == BacktestOptions::Sizing::Risk
                         || exits.atrStopMultiple.isPositive() || exits.trailingAtrMultiple.isPositive();

    std::vector<SymbolState> state(series.size());
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (smaCross)
            state[i].cross = std::make_unique<SmaCross::State>(fast, slow);
        if (needAtr)
            state[i].atr = std::make_unique<Atr>(14);
        const QString symbol = ownCopy(series[i].symbol);
        state[i].window.symbol = symbol;
        state[i].facts.symbol = symbol;
        state[i].request.symbol = symbol;
        state[i].request.side = Side::Buy;
        state[i].request.strategy = strategyName;
        // Within the lookback window, the decisions on every prefix are those evaluate() gives bar by bar.
        if (coded && static_cast<int>(series[i].size()) <= lookback) {
            PriceSeries full;
            for (std::size_t k = 0; k < series[i].size(); ++k) {
                full.open.push_back(Decimal::fromRaw(series[i].open[k]).toDouble());
                full.high.push_back(Decimal::fromRaw(series[i].high[k]).toDouble());
                full.low.push_back(Decimal::fromRaw(series[i].low[k]).toDouble());
                full.close.push_back(Decimal::fromRaw(series[i].close[k]).toDouble());
                full.volume.push_back(static_cast<double>(series[i].volume[k]));
            }
            if (!coded->prefixSignals(full, state[i].prefix))
                state[i].prefix.clear();
        }
    }

    const RiskEngine engine(o.risk);
    TradingGuard guard(engine.config());
    RiskContext ctx;
    RiskVerdict v; // one verdict, its storage reused by every check
    ctx.fractionable = true;
    ctx.explain = false; // a backtest needs the numbers, not the prose
    ctx.openPositionCount = 0; // holdings plus entries waiting to fill, kept below
    Decimal cash = o.cash;
    Decimal marked;       // Σ qty × last close
    Decimal reservedCash; // entries waiting for the open
    Decimal prevEquity = o.cash;
    int daysWithPositions = 0;
    const QDateTime epoch(QDate(1970, 1, 1), QTime(21, 0), QTimeZone::utc());

    // +1 long, −1 short: cash, marks and P&L of a short mirror a long's.
    const std::int64_t dir = o.direction == BacktestOptions::Direction::Short ? -1 : 1;
    const auto commission = [&](Decimal qty, Decimal price) {
        Decimal c = o.commissionPerShare * qty + o.commissionPct * qty * price;
        return c.rounded(2, RoundingMode::Up);
    };
    const auto closeTrade = [&](SymbolState &st, const QString &symbol, Holding &h, std::int32_t day, Decimal price, const QString &reason) {
        const Decimal fee = commission(h.qty, price);
        cash += (h.qty * price).times(dir) - fee;
        marked -= (h.qty * h.mark).times(dir);
        result.trades.append({symbol, BarTable::dateOf(h.entryDay), h.entryPrice, h.qty, BarTable::dateOf(day), price, reason,
                              ((price - h.entryPrice) * h.qty).times(dir) - h.entryCost - fee});
        st.facts.held = Decimal();
        st.facts.committed = Decimal();
        st.facts.lastExitSession = ctx.sessionIndex;
        --ctx.openPositionCount;
    };

    const std::size_t total = data.barCount();
    std::size_t done = 0;
    int ordersToday = 0;
    for (std::size_t d = 0; d < days.size(); ++d) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            result.cancelled = true;
            break;
        }
        const std::int32_t day = days[d];
        const QDateTime now = epoch.addDays(day);
        ctx.sessionIndex = static_cast<int>(d);
        ordersToday = 0;
        if (o.riskOn) {
            // The guard changes only here and at the close: its state is read once per session.
            guard.onSessionStart(static_cast<int>(d), prevEquity, now);
            ctx.state = guard.state();
            ctx.entryBlockers = guard.entryBlockers();
        }
        for (std::size_t k : order) {
            const BarTable::Series &s = series[k];
            SymbolState &st = state[k];
            if (st.cursor >= s.size() || s.day[st.cursor] != day)
                continue;
            const std::size_t i = st.cursor++;
            ++done;
            const Decimal open = Decimal::fromRaw(s.open[i]), low = Decimal::fromRaw(s.low[i]), close = Decimal::fromRaw(s.close[i]);

            // 1. Orders submitted at the previous bar fill at this open.
            if (st.pending) {
                const PendingOrder p = *st.pending;
                st.pending.reset();
                if (p.entry) {
                    reservedCash -= p.reserved;
                    st.facts.reserved = Decimal();
                    st.facts.committed = Decimal();
                    const Decimal px = withSlippage(open, o.slippageBps, true);
                    const Decimal fee = commission(p.qty, px);
                    if (dir > 0 && p.qty * px + fee > cash) {
                        ++result.fillsRejected; // the open gapped beyond what the cash covers
                        --ctx.openPositionCount;
                    } else {
                        cash -= (p.qty * px).times(dir) + fee;
                        Holding h;
                        h.qty = p.qty;
                        h.entryPrice = px;
                        h.entryCost = fee;
                        h.mark = px;
                        h.entryDay = day;
                        if (useExits)
                            h.exit = ExitManager::open(px, p.qty, st.atr ? Decimal::fromDouble(st.atr->value(), 4).value_or(Decimal()) : Decimal(),
                                                       exits);
                        marked += (h.qty * h.mark).times(dir);
                        st.holding = h;
                        st.facts.held = h.qty;
                        st.facts.committed = h.qty * px;
                    }
                } else if (st.holding) {
                    closeTrade(st, st.facts.symbol, *st.holding, day, withSlippage(open, o.slippageBps, false), exitReason(st.holding->pendingReason));
                    st.holding.reset();
                }
            }
            // 2. Exit rules on the completed bar, in their fixed order: resting stop
            // (at the open on a gap, else at the stop), take-profit, then the time exit.
            if (st.holding && useExits && !st.pending) {
                Holding &h = *st.holding;
                if (const auto fill = ExitManager::onBar(h.exit, open, Decimal::fromRaw(s.high[i]), low, close, exits)) {
                    if (fill->price.isValid()) {
                        closeTrade(st, st.facts.symbol, h, day, withSlippage(fill->price, o.slippageBps, false), exitReason(fill->rule));
                        st.holding.reset();
                    } else {
                        h.pendingReason = fill->rule; // the time exit sells at the next open
                        st.pending = PendingOrder{false, h.qty, {}};
                    }
                }
            }
            // 3. Mark to the close.
            if (st.holding) {
                marked += (st.holding->qty * (close - st.holding->mark)).times(dir);
                st.holding->mark = close;
            }
            if (st.atr)
                st.atr->add(Decimal::fromRaw(s.high[i]).toDouble(), low.toDouble(), close.toDouble());

            // 4. The strategy decides on the completed bar.
            int signal = 0;
            double confidence = 0.75;
            if (smaCross) {
                signal = st.cross->add(s.close[i]);
            } else if (coded && !st.prefix.empty()) {
                signal = st.prefix[i];
            } else if (coded) {
                PriceSeries &w = st.window;
                w.open.push_back(open.toDouble());
                w.high.push_back(Decimal::fromRaw(s.high[i]).toDouble());
                w.low.push_back(low.toDouble());
                w.close.push_back(close.toDouble());
                w.volume.push_back(static_cast<double>(s.volume[i]));
                if (w.size() > lookback) {
                    for (auto *v : {&w.open, &w.high, &w.low, &w.close, &w.volume})
                        v->erase(v->begin());
                }
                const StrategyDecision dec = coded->evaluate({w, nullptr, nullptr});
                signal = dec.direction == SignalDirection::Buy ? 1 : dec.direction == SignalDirection::Sell ? -1 : 0;
                confidence = dec.confidence;
            }
            const bool shortSide = o.direction == BacktestOptions::Direction::Short;
            if (shortSide)
                signal = -signal; // a short enters on SELL and exits on BUY
            if (i < o.firstBar || day < o.firstDay)
                signal = signal < 0 ? signal : 0; // warm-up: no entries yet
            if (signal < 0 && st.holding && !st.pending) {
                st.holding->pendingReason = ExitRule::Strategy;
                st.holding->exit.exitPending = true;
                st.pending = PendingOrder{false, st.holding->qty, {}}; // exits sell the quantity held
            } else if (signal > 0 && !st.holding && !st.pending && o.approval == BacktestOptions::Approval::All) {
                Decimal qty = o.sizing == BacktestOptions::Sizing::FixedQty ? o.qty : Decimal();
                const double atr = st.atr ? st.atr->value() : 0.0;
                const Decimal equity = cash + marked;
                if (o.riskOn) {
                    ctx.account.cash = cash;
                    ctx.account.equity = equity;
                    ctx.account.buyingPower = cash - reservedCash;
                    ctx.account.lastEquity = prevEquity;
                    ctx.budgetBaseEquity = prevEquity;
                    ctx.grossExposure = marked + reservedCash;
                    ctx.ordersToday = ordersToday;
                    // The protective stop, when one is set, is the stop the risk per trade is measured against.
                    const Decimal stop = exits.stopLossPct.isPositive()
                                             ? (close * (Decimal::fromInt(1) - exits.stopLossPct)).rounded(2, RoundingMode::Down)
                                             : Decimal();
                    ctx.facts = &st.facts;
                    RiskRequest &request = st.request; // numbers only: no text is copied per entry
                    request.price = close;
                    request.confidence = confidence;
                    request.atr = exits.stopLossPct.isPositive() ? 0.0 : atr;
                    request.requestedQty = qty;
                    request.stopPrice = stop;
                    engine.evaluate(request, ctx, v);
                    if (v.kind == VerdictKind::Reject) {
                        ++result.ordersRejectedByRisk;
                        qty = Decimal();
                    } else {
                        result.ordersResized += v.kind == VerdictKind::Resize ? 1 : 0;
                        qty = v.finalQty;
                    }
                } else if (qty.isZero() && atr > 0) {
                    // Risk sizing without the engine: the same formula, no caps.
                    const Decimal distance = Decimal::fromDouble(1.5 * atr, 2, RoundingMode::Up).value_or(Decimal());
                    qty = distance.isPositive() ? (equity * o.risk.riskPerTrade).dividedBy(distance, 0, RoundingMode::Down) : Decimal();
                }
                if (qty.isPositive()) {
                    const Decimal reserve = qty * close;
                    st.pending = PendingOrder{true, qty, reserve};
                    reservedCash += reserve;
                    st.facts.reserved = reserve;
                    st.facts.committed = reserve;
                    ++ctx.openPositionCount;
                    ++ordersToday;
                }
            }
        }
        const Decimal equity = cash + marked;
        if (day >= o.firstDay) {
            result.equity.append({BarTable::dateOf(day), equity});
            daysWithPositions += marked.isZero() ? 0 : 1;
        }
        if (o.riskOn)
            guard.onEquity(equity, now);
        prevEquity = equity;
        if (progress && d % 64 == 0)
            progress(done, total);
    }
    if (progress)
        progress(done, total);

    // Positions still open at the end are listed as open trades.
    for (std::size_t k : order)
        if (state[k].holding) {
            const Holding &h = *state[k].holding;
            result.trades.append({state[k].facts.symbol, BarTable::dateOf(h.entryDay), h.entryPrice, h.qty, {}, {}, QStringLiteral("open"),
                                  Decimal()});
        }
    std::stable_sort(result.trades.begin(), result.trades.end(), [](const BacktestTrade &a, const BacktestTrade &b) {
        return a.symbol != b.symbol ? a.symbol < b.symbol : a.entryDate < b.entryDate;
    });
    result.bars = done;
    result.finalEquity = cash + marked;
    result.metrics = metrics(result.equity, result.trades, result.equity.isEmpty() ? 0.0 : static_cast<double>(daysWithPositions) / result.equity.size());
    return result;
}

BacktestMetrics Backtester::metrics(const QList<QPair<QDate, Decimal>> &equity, const QList<BacktestTrade> &trades, double exposure)
{
    BacktestMetrics m;
    m.exposure = exposure;
    if (equity.size() >= 2) {
        const double first = equity.front().second.toDouble(), last = equity.back().second.toDouble();
        m.totalReturn = last / first - 1.0;
        const double years = (equity.size() - 1) / kBarsPerYear;
        m.cagr = years > 0 && last > 0 ? std::pow(last / first, 1.0 / years) - 1.0 : 0.0;
        double sum = 0, sumSq = 0, downSq = 0, peak = first;
        const auto n = static_cast<double>(equity.size() - 1);
        for (qsizetype i = 1; i < equity.size(); ++i) {
            const double prev = equity[i - 1].second.toDouble(), cur = equity[i].second.toDouble();
            const double r = prev > 0 ? cur / prev - 1.0 : 0.0;
            sum += r;
            sumSq += r * r;
            downSq += r < 0 ? r * r : 0.0;
            peak = std::max(peak, cur);
            m.maxDrawdown = std::max(m.maxDrawdown, peak > 0 ? (peak - cur) / peak : 0.0);
        }
        const double mean = sum / n;
        const double var = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : 0.0;
        const double sd = std::sqrt(std::max(0.0, var));
        const double downside = std::sqrt(downSq / n);
        m.sharpe = sd > 0 ? mean / sd * std::sqrt(kBarsPerYear) : 0.0;
        m.sortino = downside > 0 ? mean / downside * std::sqrt(kBarsPerYear) : 0.0;
    }
    double won = 0, lost = 0;
    int wins = 0;
    for (const BacktestTrade &t : trades) {
        if (t.exitReason == QLatin1String("open"))
            continue;
        ++m.trades;
        const double p = t.pnl.toDouble();
        if (p > 0) {
            ++wins;
            won += p;
        } else {
            lost -= p;
        }
    }
    m.winRate = m.trades > 0 ? static_cast<double>(wins) / m.trades : 0.0;
    m.profitFactor = lost > 0 ? won / lost : (won > 0 ? std::numeric_limits<double>::infinity() : 0.0);
    return m;
}
