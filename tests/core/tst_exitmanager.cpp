// SPDX-License-Identifier: GPL-3.0-or-later
// Each exit rule fires and does not fire on crafted bars; gaps; stops never loosen;
// no exit is issued twice; fractional quantities; and the same rules in a backtest.
#include "backtest/backtester.h"
#include "execution/exitmanager.h"

#include <QTest>

namespace {
ExitConfig config(const char *stop = "0", const char *target = "0", const char *trail = "0", const char *breakeven = "0", int bars = 0)
{
    ExitConfig c;
    c.stopLossPct = Decimal::parse(stop).value();
    c.takeProfitPct = Decimal::parse(target).value();
    c.trailingPct = Decimal::parse(trail).value();
    c.breakevenTriggerPct = Decimal::parse(breakeven).value();
    c.maxBarsHeld = bars;
    return c;
}
std::optional<ExitFill> bar(ExitState &s, const char *o, const char *h, const char *l, const char *c, const ExitConfig &cfg)
{
    return ExitManager::onBar(s, Decimal::parse(o).value(), Decimal::parse(h).value(), Decimal::parse(l).value(), Decimal::parse(c).value(), cfg);
}
} // namespace

class TestExitManager : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stopLoss()
    {
        const ExitConfig c = config("0.05");
        ExitState s = ExitManager::open("100"_d, "10"_d, {}, c);
        QCOMPARE(s.stop, "95"_d);
        QVERIFY(!bar(s, "99", "100", "95.01", "96", c)); // not reached
        const auto hit = bar(s, "97", "98", "94", "95", c);
        QVERIFY(hit);
        QCOMPARE(hit->rule, ExitRule::StopLoss);
        QCOMPARE(hit->price, "95"_d);
        ExitState g = ExitManager::open("100"_d, "10"_d, {}, c);
        const auto gap = bar(g, "90", "92", "89", "91", c); // gapped through: at the open
        QCOMPARE(gap->price, "90"_d);
    }
    void atrStop()
    {
        ExitConfig c;
        c.atrStopMultiple = "2"_d;
        ExitState s = ExitManager::open("100"_d, "10"_d, "1.5"_d, c);
        QCOMPARE(s.stop, "97"_d);
        QCOMPARE(s.stopRule, ExitRule::AtrStop);
        QVERIFY(!bar(s, "99", "100", "97.5", "98", c));
        QCOMPARE(bar(s, "98", "98", "96", "97", c)->rule, ExitRule::AtrStop);
        ExitState none = ExitManager::open("100"_d, "10"_d, {}, c); // no ATR: no ATR stop
        QVERIFY(!none.stop.isPositive());
    }
    void takeProfit()
    {
        const ExitConfig c = config("0", "0.1");
        ExitState s = ExitManager::open("100"_d, "10"_d, {}, c);
        QCOMPARE(s.target, "110"_d);
        QVERIFY(!bar(s, "101", "109.99", "100", "109", c));
        QCOMPARE(bar(s, "109", "111", "108", "110.5", c)->price, "110"_d);
        ExitState g = ExitManager::open("100"_d, "10"_d, {}, c);
        QCOMPARE(bar(g, "112", "113", "111", "112", c)->price, "112"_d); // gapped above the target: at the open
    }
    void trailingStopFollowsTheHighAndNeverLoosens()
    {
        const ExitConfig c = config("0.05", "0", "0.05");
        ExitState s = ExitManager::open("100"_d, "10"_d, {}, c);
        QCOMPARE(s.stop, "95"_d);
        QVERIFY(!bar(s, "101", "110", "105", "108", c));
        QCOMPARE(s.stop, "104.5"_d); // 110 × 0.95
        QCOMPARE(s.stopRule, ExitRule::Trailing);
        QVERIFY(!bar(s, "107", "108", "104.6", "105", c)); // lower highs: the stop stays
        QCOMPARE(s.stop, "104.5"_d);
        const auto hit = bar(s, "105", "106", "104", "104.2", c);
        QCOMPARE(hit->rule, ExitRule::Trailing);
        QCOMPARE(exitReason(hit->rule), QStringLiteral("trailing"));
        QCOMPARE(hit->price, "104.5"_d);
    }
    void breakevenMove()
    {
        const ExitConfig c = config("0.05", "0", "0", "0.03");
        ExitState s = ExitManager::open("100"_d, "10"_d, {}, c);
        QVERIFY(!bar(s, "100", "102.99", "99", "102", c));
        QCOMPARE(s.stop, "95"_d); // not triggered yet
        QVERIFY(!bar(s, "102", "103", "101", "102", c));
        QCOMPARE(s.stop, "100"_d); // moved to the entry
        QCOMPARE(s.stopRule, ExitRule::Breakeven);
        QCOMPARE(bar(s, "100.5", "101", "99.5", "100", c)->price, "100"_d);
    }
    void timeExit()
    {
        const ExitConfig c = config("0", "0", "0", "0", 3);
        ExitState s = ExitManager::open("100"_d, "10"_d, {}, c);
        QVERIFY(!bar(s, "100", "101", "99", "100", c));
        QVERIFY(!bar(s, "100", "101", "99", "100", c));
        const auto t = bar(s, "100", "101", "99", "100", c);
        QCOMPARE(t->rule, ExitRule::Time);
        QVERIFY(!t->price.isValid()); // sold at the next open
    }
    void fixedOrderStopBeforeTarget()
    {
        // Both reachable in one bar: the stop comes first.
        const ExitConfig c = config("0.05", "0.05");
        ExitState s = ExitManager::open("100"_d, "10"_d, {}, c);
        QCOMPARE(bar(s, "100", "106", "94", "100", c)->rule, ExitRule::StopLoss);
    }
    void noExitIsIssuedTwice()
    {
        const ExitConfig c = config("0.05");
        ExitState s = ExitManager::open("100"_d, "10"_d, {}, c);
        QVERIFY(bar(s, "94", "95", "93", "94", c));
        QVERIFY(s.exitPending);
        QVERIFY(!bar(s, "90", "91", "80", "85", c));
        bool raised = false;
        QVERIFY(!ExitManager::onPrice(s, "80"_d, c, raised));
    }
    void livePricesRaiseTheStopButNeverLowerIt()
    {
        const ExitConfig c = config("0.05", "0.2", "0.04");
        ExitState s = ExitManager::open("100"_d, "10"_d, {}, c);
        bool raised = false;
        QVERIFY(!ExitManager::onPrice(s, "110"_d, c, raised));
        QVERIFY(raised);
        QCOMPARE(s.stop, "105.6"_d);
        QVERIFY(!ExitManager::onPrice(s, "107"_d, c, raised));
        QVERIFY(!raised);
        QCOMPARE(s.stop, "105.6"_d);
        QCOMPARE(ExitManager::onPrice(s, "121"_d, c, raised), ExitRule::TakeProfit);
        QCOMPARE(s.mfe(), "21"_d);
        QCOMPARE(ExitManager::nextRule(s, c, "112"_d), QStringLiteral("trailing"));
    }
    void excursions()
    {
        const ExitConfig c = config("0.5");
        ExitState s = ExitManager::open("100"_d, "2.5"_d, {}, c);
        bar(s, "100", "104", "97", "99", c);
        bar(s, "99", "102", "95", "101", c);
        QCOMPARE(s.mfe(), "4"_d);
        QCOMPARE(s.mae(), "5"_d);
        QCOMPARE(s.barsHeld, 2);
    }
    void fractionalPositionsExitWhole()
    {
        // A fractional entry is sold in full, for the quantity held.
        BarTable t;
        BarTable::Series s;
        s.symbol = QStringLiteral("FRAC");
        const char *closes[] = {"10", "9", "8", "12", "13", "13.5", "12.2"};
        for (int i = 0; i < 7; ++i) {
            const Decimal c = Decimal::parse(closes[i]).value();
            s.day.push_back(20000 + i);
            s.open.push_back(c.raw());
            s.high.push_back((c + "0.2"_d).raw());
            s.low.push_back((c - "0.2"_d).raw());
            s.close.push_back(c.raw());
            s.volume.push_back(1);
        }
        t.add(s);
        BacktestOptions o;
        o.params = {{QStringLiteral("fast"), QStringLiteral("2")}, {QStringLiteral("slow"), QStringLiteral("3")}};
        o.qty = "2.75"_d;
        o.riskOn = false;
        o.exits.trailingPct = "0.05"_d;
        const BacktestResult r = Backtester(o).run(t);
        QCOMPARE(r.trades.size(), 1);
        QCOMPARE(r.trades.front().qty, "2.75"_d);
        QCOMPARE(r.trades.front().exitReason, QStringLiteral("trailing"));
        QCOMPARE(r.finalEquity, o.cash + r.trades.front().pnl);
    }
};

QTEST_GUILESS_MAIN(TestExitManager)
#include "tst_exitmanager.moc"
