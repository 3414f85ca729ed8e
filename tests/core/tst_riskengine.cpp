// SPDX-License-Identifier: GPL-3.0-or-later
// Every rule of the risk engine: where it fires, where it does not, and at its boundary.
#include "risk/riskengine.h"

#include <QTest>

#include "testrandom.h"

#include <limits>

namespace {

// $100,000 account, nothing held, every check known and passing.
RiskContext baseContext()
{
    RiskContext c;
    c.account.equity = c.account.cash = c.account.buyingPower = c.account.lastEquity = "100000"_d;
    c.budgetBaseEquity = "100000"_d;
    c.freshnessKnown = true;
    c.marketKnown = true;
    c.marketOpen = true;
    c.sessionIndex = 10;
    return c;
}

void hold(RiskContext &c, const QString &sym, const char *qty, const char *price)
{
    const Decimal q = Decimal::parse(qty).value(), p = Decimal::parse(price).value();
    c.positionQty[sym] = q;
    c.positionValue[sym] = q * p;
    c.grossExposure += q * p;
    c.committed[sym] += q * p;
}

RiskRequest buy(const char *price = "100", double atr = 1.0, const char *qty = "0", double confidence = 0.6)
{
    return {QStringLiteral("AAPL"), Side::Buy, Decimal::parse(price).value(), confidence, atr, Decimal::parse(qty).value(), {}};
}

RuleResult rule(const RiskVerdict &v, const char *id)
{
    const RuleResult *r = v.find(QLatin1String(id));
    if (!r)
        qFatal("rule %s missing", id);
    return *r;
}

} // namespace

class TestRiskEngine : public QObject
{
    Q_OBJECT
    RiskEngine engine;

    RiskVerdict check(const RiskContext &c, const RiskRequest &r, const RiskEngine *e = nullptr) { return (e ? *e : engine).evaluate(r, c); }

private Q_SLOTS:
    void fixedDocumentedOrder()
    {
        QCOMPARE(engine.ruleOrder(),
                 (QStringList{QStringLiteral("trading_state"), QStringLiteral("circuit_breakers"), QStringLiteral("minimum_confidence"),
                              QStringLiteral("strategy_health"), QStringLiteral("data_freshness"), QStringLiteral("duplicate"), QStringLiteral("price_drift"),
                              QStringLiteral("daily_loss"), QStringLiteral("max_open_positions"), QStringLiteral("orders_per_day"),
                              QStringLiteral("cooldown"), QStringLiteral("risk_per_trade"), QStringLiteral("market_regime"),
                              QStringLiteral("per_position_cap"), QStringLiteral("per_symbol_budget"), QStringLiteral("tier_allocation"),
                              QStringLiteral("gross_exposure"), QStringLiteral("order_size"), QStringLiteral("buying_power"),
                              QStringLiteral("market_hours"), QStringLiteral("order_rate"), QStringLiteral("fractional_shares")}));
    }
    void verdictListsEveryRuleAndNamesTheBindingOne()
    {
        const RiskVerdict v = check(baseContext(), buy("230.17"));
        QCOMPARE(v.rules.size(), engine.ruleOrder().size());
        QCOMPARE(v.kind, VerdictKind::Resize);
        QCOMPARE(v.bindingRule, QStringLiteral("per_position_cap"));
        QCOMPARE(v.finalQty, "21"_d); // 5,000 / 230.17 = 21.72
        QCOMPARE(rule(v, "per_position_cap").limit, "5000"_d);
        QCOMPARE(rule(v, "per_position_cap").limitText(), QStringLiteral("$5,000.00"));
    }
    void tradingState()
    {
        RiskContext c = baseContext();
        QCOMPARE(rule(check(c, buy()), "trading_state").outcome, RuleOutcome::Pass);
        c.state = TradingState::Reducing;
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("trading_state"));
        c.state = TradingState::Halted;
        const RiskVerdict v = check(c, buy());
        QCOMPARE(v.kind, VerdictKind::Reject);
        QVERIFY(v.summary.contains(QStringLiteral("HALTED")));
        QCOMPARE(rule(v, "per_position_cap").outcome, RuleOutcome::Skipped);
    }
    void circuitBreakers()
    {
        RiskContext c = baseContext();
        QCOMPARE(rule(check(c, buy()), "circuit_breakers").outcome, RuleOutcome::Pass);
        c.entryBlockers = {QStringLiteral("data breaker OPEN")};
        const RiskVerdict v = check(c, buy());
        QCOMPARE(v.bindingRule, QStringLiteral("circuit_breakers"));
        QVERIFY(v.summary.contains(QStringLiteral("data breaker OPEN")));
    }
    void minimumConfidence()
    {
        const RiskContext c = baseContext();
        QCOMPARE(check(c, buy("100", 1.0, "0", 0.29)).bindingRule, QStringLiteral("minimum_confidence"));
        QCOMPARE(rule(check(c, buy("100", 1.0, "0", 0.30)), "minimum_confidence").outcome, RuleOutcome::Pass); // boundary
        QCOMPARE(rule(check(c, buy("100", 1.0, "0", 0.9)), "minimum_confidence").outcome, RuleOutcome::Pass);
    }
    void strategyHealth()
    {
        RiskContext c = baseContext();
        RiskRequest r = buy();
        QCOMPARE(rule(check(c, r), "strategy_health").outcome, RuleOutcome::Skipped); // no strategy named
        r.strategy = QStringLiteral("MeanReversion");
        QCOMPARE(rule(check(c, r), "strategy_health").outcome, RuleOutcome::Pass);
        c.suspendedStrategies.insert(QStringLiteral("MeanReversion"));
        QCOMPARE(check(c, r).bindingRule, QStringLiteral("strategy_health"));
        // A suspended strategy never blocks an exit.
        c.positionQty.insert(QStringLiteral("AAPL"), "5"_d);
        RiskRequest sell{QStringLiteral("AAPL"), Side::Sell, "100"_d, 0.9, 1.0, {}, {}, QStringLiteral("MeanReversion")};
        QCOMPARE(check(c, sell).kind, VerdictKind::Approve);
    }
    void dataFreshnessInSessions()
    {
        RiskContext c = baseContext();
        QCOMPARE(rule(check(c, buy()), "data_freshness").outcome, RuleOutcome::Pass);
        c.barSessionsBehind = 1;
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("data_freshness"));
        c.barSessionsBehind = 0;
        c.quoteAgeSeconds = 10.0; // boundary passes
        QCOMPARE(rule(check(c, buy()), "data_freshness").outcome, RuleOutcome::Pass);
        c.quoteAgeSeconds = 10.5;
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("data_freshness"));
        c.quoteAgeSeconds = std::numeric_limits<double>::quiet_NaN();
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("data_freshness"));
        c.freshnessKnown = false;
        QCOMPARE(rule(check(c, buy()), "data_freshness").outcome, RuleOutcome::Skipped);
    }
    void duplicate()
    {
        RiskContext c = baseContext();
        c.pendingEntries.insert(QStringLiteral("MSFT"));
        QCOMPARE(rule(check(c, buy()), "duplicate").outcome, RuleOutcome::Pass);
        c.pendingEntries.insert(QStringLiteral("AAPL"));
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("duplicate"));
        c.pendingEntries.clear();
        c.openEntryOrders.insert(QStringLiteral("AAPL"));
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("duplicate"));
    }
    void priceDriftAtApproval()
    {
        RiskContext c = baseContext();
        QCOMPARE(rule(check(c, buy()), "price_drift").outcome, RuleOutcome::Skipped); // not at approval
        c.atApproval = true;
        c.proposalPrice = "100"_d;
        QCOMPARE(rule(check(c, buy("101")), "price_drift").outcome, RuleOutcome::Pass);
        const RuleResult resized = rule(check(c, buy("103")), "price_drift");
        QCOMPARE(resized.outcome, RuleOutcome::Pass);
        QVERIFY(resized.note.contains(QStringLiteral("re-sized")));
        QCOMPARE(rule(check(c, buy("105")), "price_drift").outcome, RuleOutcome::Pass); // 5 % boundary
        QCOMPARE(check(c, buy("105.01")).bindingRule, QStringLiteral("price_drift"));
        QCOMPARE(check(c, buy("94.9")).bindingRule, QStringLiteral("price_drift"));
    }
    void dailyLoss()
    {
        RiskContext c = baseContext();
        c.account.equity = "95001"_d;
        QCOMPARE(rule(check(c, buy()), "daily_loss").outcome, RuleOutcome::Pass);
        c.account.equity = "95000"_d; // exactly −5 %
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("daily_loss"));
        c.account.equity = "90000"_d;
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("daily_loss"));
    }
    void maxOpenPositions()
    {
        RiskContext c = baseContext();
        for (int i = 0; i < 9; ++i)
            hold(c, QStringLiteral("S%1").arg(i), "1", "10");
        QCOMPARE(rule(check(c, buy()), "max_open_positions").outcome, RuleOutcome::Pass);
        hold(c, QStringLiteral("S9"), "1", "10");
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("max_open_positions"));
        hold(c, QStringLiteral("AAPL"), "1", "100"); // adding to a held symbol is not a new position
        QCOMPARE(rule(check(c, buy()), "max_open_positions").outcome, RuleOutcome::Pass);
    }
    void ordersPerDay()
    {
        RiskContext c = baseContext();
        c.ordersToday = 9;
        QCOMPARE(rule(check(c, buy()), "orders_per_day").outcome, RuleOutcome::Pass);
        c.ordersToday = 10;
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("orders_per_day"));
    }
    void cooldownAfterAnExit()
    {
        RiskContext c = baseContext();
        QCOMPARE(rule(check(c, buy()), "cooldown").outcome, RuleOutcome::Pass);
        c.lastExitSession.insert(QStringLiteral("AAPL"), 10);
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("cooldown"));
        c.lastExitSession.insert(QStringLiteral("AAPL"), 9); // one session later: allowed
        QCOMPARE(rule(check(c, buy()), "cooldown").outcome, RuleOutcome::Pass);
    }
    void riskPerTrade()
    {
        RiskConfig cfg;
        cfg.perPositionCap = cfg.perSymbolBudget = Decimal::fromInt(1);
        cfg.maxOrderNotional = Decimal::fromInt(1);
        const RiskEngine loose(cfg);
        // 2 % of 100,000 = 2,000 at risk; stop 1.5 × 2 = 3.00 → 666.67 shares.
        RiskVerdict v = check(baseContext(), buy("10", 2.0), &loose);
        QCOMPARE(v.kind, VerdictKind::Approve);
        QCOMPARE(v.finalQty, "666"_d);
        QCOMPARE(v.bindingRule, QStringLiteral("risk_per_trade"));
        QCOMPARE(rule(v, "risk_per_trade").limit, "2000"_d);
        QCOMPARE(check(baseContext(), buy("10", 2.0, "666"), &loose).kind, VerdictKind::Approve); // boundary
        v = check(baseContext(), buy("10", 2.0, "667"), &loose);
        QCOMPARE(v.kind, VerdictKind::Resize);
        QCOMPARE(v.bindingRule, QStringLiteral("risk_per_trade"));
        // Without an ATR the given stop sets the distance; without either, reject.
        RiskRequest withStop = buy("10", 0.0);
        withStop.stopPrice = "8"_d;
        QCOMPARE(check(baseContext(), withStop, &loose).finalQty, "1000"_d);
        for (double atr : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()})
            QCOMPARE(check(baseContext(), buy("10", atr), &loose).bindingRule, QStringLiteral("risk_per_trade"));
    }
    void marketRegimeScalesBeforeTheCaps()
    {
        RiskConfig cfg;
        QCOMPARE(rule(check(baseContext(), buy()), "market_regime").outcome, RuleOutcome::Skipped);
        cfg.regimeEnabled = true;
        cfg.perPositionCap = Decimal::fromInt(1);
        cfg.perSymbolBudget = Decimal::fromInt(1);
        cfg.maxOrderNotional = Decimal::fromInt(1);
        const RiskEngine e(cfg);
        RiskContext c = baseContext();
        c.regimeScalar = 1.0;
        QCOMPARE(rule(check(c, buy("10", 2.0), &e), "market_regime").outcome, RuleOutcome::Pass);
        c.regimeScalar = 0.5;
        const RiskVerdict half = check(c, buy("10", 2.0), &e);
        QCOMPARE(half.finalQty, "333"_d);
        QCOMPARE(half.bindingRule, QStringLiteral("market_regime"));
        c.regimeScalar = 0.0;
        QCOMPARE(check(c, buy("10", 2.0), &e).bindingRule, QStringLiteral("market_regime"));
    }
    void perPositionCap()
    {
        RiskContext c = baseContext();
        QCOMPARE(check(c, buy("250", 1.0, "20")).kind, VerdictKind::Approve); // exactly 5,000
        QCOMPARE(check(c, buy("250", 1.0, "21")).bindingRule, QStringLiteral("per_position_cap"));
        hold(c, QStringLiteral("AAPL"), "15", "250");
        QCOMPARE(check(c, buy("250", 1.0, "20")).finalQty, "5"_d);
        hold(c, QStringLiteral("AAPL"), "20", "250");
        QCOMPARE(check(c, buy("250", 1.0, "1")).bindingRule, QStringLiteral("per_position_cap"));
    }
    void perSymbolBudgetNeverExpands()
    {
        RiskConfig cfg;
        cfg.perPositionCap = Decimal::fromInt(1);
        const RiskEngine e(cfg);
        RiskContext c = baseContext();
        c.committed[QStringLiteral("AAPL")] = "19000"_d; // 20 % of 100,000 = 20,000
        QCOMPARE(check(c, buy("100", 0.5, "10"), &e).kind, VerdictKind::Approve); // 20,000 exactly
        const RiskVerdict v = check(c, buy("100", 0.5, "11"), &e);
        QCOMPARE(v.bindingRule, QStringLiteral("per_symbol_budget"));
        QCOMPARE(v.finalQty, "10"_d);
        c.account.equity = "200000"_d; // equity rose during the cycle: the budget does not
        c.account.cash = c.account.buyingPower = "200000"_d;
        QCOMPARE(check(c, buy("100", 0.5, "11"), &e).bindingRule, QStringLiteral("per_symbol_budget"));
        c.committed[QStringLiteral("AAPL")] = "20000"_d;
        QCOMPARE(check(c, buy("100", 0.5, "1"), &e).kind, VerdictKind::Reject);
    }
    void tiers()
    {
        RiskConfig cfg;
        QCOMPARE(rule(check(baseContext(), buy()), "tier_allocation").outcome, RuleOutcome::Skipped);
        cfg.tiersEnabled = true;
        cfg.tierOf.insert(QStringLiteral("AAPL"), 3); // 1.5 % per symbol
        const RiskEngine e(cfg);
        RiskContext c = baseContext();
        QCOMPARE(check(c, buy("100", 0.5, "15"), &e).kind, VerdictKind::Approve); // 1,500 exactly
        const RiskVerdict v = check(c, buy("100", 0.5, "16"), &e);
        QCOMPARE(v.bindingRule, QStringLiteral("tier_allocation"));
        QCOMPARE(v.finalQty, "15"_d);
        c.tierCommitted[2] = "30000"_d; // tier 3 allocation of 30 % used up
        QCOMPARE(check(c, buy("100", 0.5, "1"), &e).bindingRule, QStringLiteral("tier_allocation"));
    }
    void grossExposure()
    {
        RiskConfig cfg;
        cfg.perPositionCap = cfg.perSymbolBudget = Decimal::fromInt(1);
        const RiskEngine e(cfg);
        RiskContext c = baseContext();
        hold(c, QStringLiteral("SPY"), "190", "500"); // 95,000
        QCOMPARE(check(c, buy("100", 0.5, "50"), &e).kind, VerdictKind::Approve); // to exactly 100 %
        const RiskVerdict v = check(c, buy("100", 0.5, "80"), &e);
        QCOMPARE(v.finalQty, "50"_d);
        QCOMPARE(v.bindingRule, QStringLiteral("gross_exposure"));
        hold(c, QStringLiteral("SPY"), "200", "500");
        QCOMPARE(check(c, buy("100", 0.5, "1"), &e).bindingRule, QStringLiteral("gross_exposure"));
    }
    void orderSize()
    {
        RiskConfig cfg;
        cfg.perPositionCap = cfg.perSymbolBudget = Decimal::fromInt(1);
        const RiskEngine e(cfg);
        // Share cap: 1,000 shares.
        QCOMPARE(check(baseContext(), buy("1", 0.001, "1000"), &e).kind, VerdictKind::Approve);
        RiskVerdict v = check(baseContext(), buy("1", 0.001, "1001"), &e);
        QCOMPARE(v.bindingRule, QStringLiteral("order_size"));
        QCOMPARE(v.finalQty, "1000"_d);
        // Notional cap: 25 % of 100,000 = 25,000.
        v = check(baseContext(), buy("100", 0.01, "300"), &e);
        QCOMPARE(v.finalQty, "250"_d);
        QCOMPARE(v.bindingRule, QStringLiteral("order_size"));
    }
    void buyingPower()
    {
        RiskContext c = baseContext();
        c.account.buyingPower = "1000"_d;
        QCOMPARE(check(c, buy("100", 0.5, "10")).kind, VerdictKind::Approve);
        const RiskVerdict v = check(c, buy("100", 0.5, "40"));
        QCOMPARE(v.finalQty, "10"_d);
        QCOMPARE(v.bindingRule, QStringLiteral("buying_power"));
        c.account.buyingPower = Decimal();
        QCOMPARE(check(c, buy()).bindingRule, QStringLiteral("buying_power"));
    }
    void marketHoursHoldNotReject()
    {
        RiskContext c = baseContext();
        QCOMPARE(rule(check(c, buy()), "market_hours").outcome, RuleOutcome::Pass);
        c.marketOpen = false;
        const RiskVerdict v = check(c, buy("100", 1.0, "10"));
        QCOMPARE(v.kind, VerdictKind::Approve);
        QVERIFY(v.held);
        QCOMPARE(rule(v, "market_hours").outcome, RuleOutcome::Hold);
        c.marketKnown = false;
        QCOMPARE(rule(check(c, buy()), "market_hours").outcome, RuleOutcome::Skipped);
    }
    void orderRateQueues()
    {
        RiskContext c = baseContext();
        c.submitsLastMinute = 29;
        QVERIFY(!check(c, buy("100", 1.0, "10")).held);
        c.submitsLastMinute = 30;
        const RiskVerdict v = check(c, buy("100", 1.0, "10"));
        QVERIFY(v.held);
        QCOMPARE(v.kind, VerdictKind::Approve);
        QCOMPARE(rule(v, "order_rate").outcome, RuleOutcome::Hold);
    }
    void fractionalAndTheZeroShareTrap()
    {
        RiskContext c = baseContext();
        c.account.equity = c.account.cash = c.account.buyingPower = c.account.lastEquity = c.budgetBaseEquity = "5000"_d;
        RiskVerdict v = check(c, buy("1400", 5.0)); // 5 % of 5,000 = 250 → 0.178 shares
        QCOMPARE(v.kind, VerdictKind::Resize);
        QVERIFY(!v.finalQty.isInteger() && v.finalQty < "1"_d);
        QVERIFY(v.finalNotional >= "10"_d && v.finalNotional <= "250"_d);
        c.fractionable = false;
        v = check(c, buy("1400", 5.0));
        QCOMPARE(v.bindingRule, QStringLiteral("fractional_shares"));
        QVERIFY(v.summary.contains(QStringLiteral("zero-share trap")));
        c.fractionable = true;
        c.account.equity = c.account.cash = c.account.buyingPower = c.account.lastEquity = c.budgetBaseEquity = "199"_d;
        v = check(c, buy("1400", 5.0)); // 5 % of 199 = $9.95: below the $10 minimum
        QCOMPARE(v.bindingRule, QStringLiteral("fractional_shares"));
        QVERIFY(v.summary.contains(QStringLiteral("minimum notional")));
        c.account.equity = c.account.cash = c.account.buyingPower = c.account.lastEquity = c.budgetBaseEquity = "200"_d;
        QCOMPARE(check(c, buy("1000", 5.0)).finalNotional, "10"_d); // 5 % of 200 at $1,000: 0.01 shares, exactly $10
    }
    void reducingOrdersAreNeverBlocked()
    {
        RiskContext c = baseContext();
        c.state = TradingState::Halted;
        c.entryBlockers = {QStringLiteral("broker breaker OPEN")};
        c.account.buyingPower = Decimal();
        c.account.equity = "50000"_d; // deep daily loss
        c.ordersToday = 99;
        hold(c, QStringLiteral("AAPL"), "40", "250");
        RiskRequest sell{QStringLiteral("AAPL"), Side::Sell, "250"_d, 0.0, 0.0, {}, {}};
        RiskVerdict v = check(c, sell);
        QCOMPARE(v.kind, VerdictKind::Approve);
        QCOMPARE(v.finalQty, "40"_d);
        sell.requestedQty = "1000"_d; // never more than held
        v = check(c, sell);
        QCOMPARE(v.finalQty, "40"_d);
        c.marketOpen = false;
        v = check(c, sell);
        QVERIFY(v.held);
        QCOMPARE(v.kind, VerdictKind::Resize);
        // Buying back a short reduces it, too.
        hold(c, QStringLiteral("TSLA"), "-5", "410");
        QCOMPARE(check(c, RiskRequest{QStringLiteral("TSLA"), Side::Buy, "410"_d, 0.0, 0.0, {}, {}}).finalQty, "5"_d);
    }
    void modelSuppliedNonsenseCannotRaiseAnything()
    {
        const RiskContext c = baseContext();
        const RiskVerdict normal = check(c, buy("100", 2.0, "0", 0.9));
        QCOMPARE(check(c, buy("100", 2.0, "0", 7.0)).kind, VerdictKind::Reject);     // confidence 7
        QCOMPARE(check(c, buy("100", 2.0, "0", -0.5)).kind, VerdictKind::Reject);
        QCOMPARE(check(c, buy("100", 2.0, "0", std::numeric_limits<double>::quiet_NaN())).kind, VerdictKind::Reject);
        RiskRequest negativeStop = buy("100", 0.0);
        negativeStop.stopPrice = "-50"_d; // a negative stop cannot widen or shrink the stop distance
        QCOMPARE(check(c, negativeStop).kind, VerdictKind::Reject);
        QVERIFY(check(c, buy("100", 2.0, "10000", 0.9)).finalQty <= normal.finalQty); // a 10,000-share "sizing hint"
        QVERIFY(check(c, buy("100", 2.0, "10000", 0.9)).finalQty <= "50"_d);
        QCOMPARE(check(c, buy("100", 2.0, "-5")).kind, VerdictKind::Reject);
        QCOMPARE(check(c, buy("-100", 2.0)).kind, VerdictKind::Reject);
        QCOMPARE(check(c, buy("0", 2.0)).kind, VerdictKind::Reject);
        // A sell of something not held would be a short sale: rejected.
        QCOMPARE(check(c, RiskRequest{QStringLiteral("AAPL"), Side::Sell, "100"_d, 0.9, 2.0, {}, {}}).kind, VerdictKind::Reject);
    }
    void neverResizesUp()
    {
        for (const char *qty : {"1", "3", "21", "49"}) {
            const RiskVerdict v = check(baseContext(), buy("100", 1.0, qty));
            QVERIFY(v.finalQty <= Decimal::parse(qty).value());
        }
    }
    void theOutcomeIsTheSameWithoutExplanations()
    {
        // The backtester asks with explain off, its symbol's facts resolved and the open
        // positions counted by itself. Over random books and requests, and one reused
        // verdict, the outcome must equal the full, explained check against the hashes.
        TestRandom next(0x5e17171e1ULL);
        RiskConfig cfg;
        cfg.maxOpenPositions = 6;
        cfg.cooldownSessions = 2;
        const RiskEngine e(cfg);
        const QStringList symbols{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA"), QStringLiteral("TSLA"),
                                  QStringLiteral("AMD"), QStringLiteral("META"), QStringLiteral("GOOG"), QStringLiteral("IBM")};
        RiskVerdict reused;
        int kinds[3] = {0, 0, 0};
        for (int round = 0; round < 4000; ++round) {
            RiskContext c = baseContext();
            c.account.equity = Decimal::fromInt(20'000 + static_cast<std::int64_t>(next(200'000)));
            c.account.lastEquity = c.account.equity + Decimal::fromInt(static_cast<std::int64_t>(next(1500)) - 500);
            c.account.buyingPower = Decimal::fromInt(static_cast<std::int64_t>(next(150'000)));
            c.budgetBaseEquity = c.account.lastEquity;
            c.ordersToday = static_cast<int>(next(12));
            for (const QString &sym : symbols) {
                const auto roll = next(9);
                if (roll == 0)
                    hold(c, sym, qPrintable(QString::number(1 + next(300))), qPrintable(QString::number(5 + next(400))));
                else if (roll == 1)
                    c.reserved[sym] = Decimal::fromInt(static_cast<std::int64_t>(1 + next(9000)));
                else if (roll == 2)
                    c.lastExitSession[sym] = c.sessionIndex - static_cast<int>(next(4));
                else if (roll == 3)
                    c.openEntryOrders.insert(sym);
            }
            RiskRequest r{symbols[static_cast<qsizetype>(next(8))], Side::Buy, Decimal::fromInt(static_cast<std::int64_t>(1 + next(900))),
                          0.55 + next(45) / 100.0, next(3) == 0 ? 0.0 : 0.5 + next(40) / 4.0, Decimal::fromInt(static_cast<std::int64_t>(next(4) == 0 ? 0 : next(60))),
                          {}, QStringLiteral("sma_cross")};
            if (r.atr == 0.0)
                r.stopPrice = (r.price * "0.95"_d).rounded(2, RoundingMode::Down);
            const RiskVerdict full = e.evaluate(r, c);

            RiskContext::SymbolFacts facts;
            facts.symbol = r.symbol;
            facts.held = c.positionQty.value(r.symbol);
            facts.value = c.positionValue.value(r.symbol);
            facts.committed = c.committed.value(r.symbol);
            facts.reserved = c.reserved.value(r.symbol);
            if (c.lastExitSession.contains(r.symbol))
                facts.lastExitSession = c.lastExitSession.value(r.symbol);
            facts.pendingEntry = c.pendingEntries.contains(r.symbol);
            facts.workingEntry = c.openEntryOrders.contains(r.symbol);
            RiskContext lean = c;
            lean.explain = false;
            lean.openPositionCount = c.openPositions();
            lean.facts = &facts;
            lean.positionQty.clear(); // the hashes are not read
            lean.positionValue.clear();
            lean.committed.clear();
            lean.reserved.clear();
            lean.lastExitSession.clear();
            lean.openEntryOrders.clear();
            e.evaluate(r, lean, reused);
            QCOMPARE(reused.kind, full.kind);
            QCOMPARE(reused.finalQty, full.finalQty);
            QCOMPARE(reused.requestedQty, full.requestedQty);
            QCOMPARE(reused.bindingRule, full.bindingRule);
            QVERIFY(reused.rules.isEmpty() && reused.summary.isEmpty());
            QCOMPARE(full.rules.size(), 22);
            ++kinds[static_cast<int>(full.kind) % 3];
        }
        // Every kind of outcome was reached.
        qInfo("%d approved, %d resized, %d rejected", kinds[0], kinds[1], kinds[2]);
        QVERIFY2(kinds[0] > 100 && kinds[1] > 100 && kinds[2] > 100, qPrintable(QStringLiteral("%1 approved, %2 resized, %3 rejected").arg(kinds[0]).arg(kinds[1]).arg(kinds[2])));
    }
    void configFromJson()
    {
        QStringList problems;
        const RiskConfig c = RiskConfig::fromJson(R"({"per_position_cap_pct": 4, "risk_per_trade_pct": 1, "max_open_positions": 3,
            "tiers_enabled": true, "tiers": {"SPY": 1}, "tier_allocation_pct": [50, 30, 20]})",
                                                  problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char(';'))));
        QCOMPARE(c.perPositionCap, "0.04"_d);
        QCOMPARE(c.maxOpenPositions, 3);
        QCOMPARE(c.tierFor(QStringLiteral("SPY")), 1);
        QCOMPARE(c.tierAllocation[0], "0.5"_d);
        RiskConfig::fromJson(R"({"per_position_cap_pct": "five", "bogus": 1, "max_open_positions": 2.5, "tiers": {"X": 9}})", problems);
        QCOMPARE(problems.size(), 4);
        QVERIFY(problems.join(QLatin1Char(' ')).contains(QStringLiteral("unknown key 'bogus'")));
        QVERIFY(RiskConfig::keys().size() >= 30);
    }
};

QTEST_GUILESS_MAIN(TestRiskEngine)
#include "tst_riskengine.moc"
