// SPDX-License-Identifier: GPL-3.0-or-later
// The first cut of the risk engine: each rule fires, passes, and is tested at its boundary.
#include "risk/riskengine.h"

#include <QTest>

#include <limits>

namespace {

RiskContext account(const char *equity, const char *cash = nullptr)
{
    RiskContext c;
    c.account.equity = Decimal::parse(equity).value();
    c.account.cash = Decimal::parse(cash ? cash : equity).value();
    c.account.buyingPower = c.account.cash;
    c.account.lastEquity = c.account.equity;
    return c;
}

void hold(RiskContext &c, const QString &sym, const char *qty, const char *price)
{
    const Decimal q = Decimal::parse(qty).value(), p = Decimal::parse(price).value();
    c.positionQty[sym] = q;
    c.positionValue[sym] = q * p;
    c.grossExposure += q * p;
}

RiskRequest buy(const char *price, double atr, double confidence = 0.6, const char *qty = "0")
{
    return {QStringLiteral("AAPL"), Side::Buy, Decimal::parse(price).value(), confidence, atr, Decimal::parse(qty).value()};
}

const RuleResult &rule(const RiskVerdict &v, const char *id)
{
    for (const RuleResult &r : v.rules)
        if (r.rule == QLatin1String(id))
            return r;
    qFatal("rule %s missing", id);
}

} // namespace

class TestRiskEngine : public QObject
{
    Q_OBJECT
    RiskEngine engine;

private Q_SLOTS:
    void fixedDocumentedOrder()
    {
        QCOMPARE(engine.ruleOrder(), (QStringList{QStringLiteral("minimum_confidence"), QStringLiteral("risk_per_trade"),
                                                  QStringLiteral("per_position_cap"), QStringLiteral("gross_exposure"),
                                                  QStringLiteral("buying_power"), QStringLiteral("fractional_shares")}));
    }
    void minimumConfidence()
    {
        const RiskContext c = account("100000");
        QCOMPARE(engine.evaluate(buy("100", 2.0, 0.29), c).kind, VerdictKind::Reject);
        QCOMPARE(engine.evaluate(buy("100", 2.0, 0.29), c).bindingRule, QStringLiteral("minimum_confidence"));
        QVERIFY(engine.evaluate(buy("100", 2.0, 0.30), c).kind != VerdictKind::Reject); // boundary passes
        QVERIFY(engine.evaluate(buy("100", 2.0, 0.9), c).kind != VerdictKind::Reject);
    }
    void riskPerTradeSizesFromAtr()
    {
        // Equity 100,000 → 2 % = 2,000 at risk; stop 1.5 × 2 = 3.00 → 666.67 shares before caps.
        RiskConfig cfg;
        cfg.perPositionCap = Decimal::fromInt(1);
        const RiskEngine loose(cfg);
        const RiskVerdict v = loose.evaluate(buy("10", 2.0), account("100000"));
        QCOMPARE(v.kind, VerdictKind::Approve);
        QCOMPARE(v.requestedQty, "666"_d);
        QCOMPARE(v.finalQty, "666"_d);
        QCOMPARE(rule(v, "risk_per_trade").allowedQty.rounded(2), "666.67"_d);
        QCOMPARE(v.bindingRule, QStringLiteral("risk_per_trade"));
        // A requested quantity below the budget passes; above it is resized down.
        QCOMPARE(loose.evaluate(buy("10", 2.0, 0.6, "600"), account("100000")).kind, VerdictKind::Approve);
        const RiskVerdict big = loose.evaluate(buy("10", 2.0, 0.6, "700"), account("100000"));
        QCOMPARE(big.kind, VerdictKind::Resize);
        QCOMPARE(big.finalQty, "666"_d);
    }
    void rejectsWithoutAtr()
    {
        for (double atr : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
            const RiskVerdict v = engine.evaluate(buy("100", atr), account("100000"));
            QCOMPARE(v.kind, VerdictKind::Reject);
            QCOMPARE(v.bindingRule, QStringLiteral("risk_per_trade"));
            QCOMPARE(rule(v, "per_position_cap").outcome, RuleOutcome::Skipped);
        }
    }
    void perPositionCapResizesDown()
    {
        // 5 % of 100,000 = 5,000 at $230.17 → 21.72 → 21 whole shares.
        const RiskVerdict v = engine.evaluate(buy("230.17", 1.0), account("100000"));
        QCOMPARE(v.kind, VerdictKind::Resize);
        QCOMPARE(v.finalQty, "21"_d);
        QCOMPARE(v.bindingRule, QStringLiteral("per_position_cap"));
        QVERIFY(v.finalNotional <= "5000"_d);
        // At the boundary: exactly 5,000 fits.
        const RiskVerdict edge = engine.evaluate(buy("250", 1.0, 0.6, "20"), account("100000"));
        QCOMPARE(edge.kind, VerdictKind::Approve);
        QCOMPARE(edge.finalQty, "20"_d);
        // An existing position leaves only the room under the cap.
        RiskContext c = account("100000");
        hold(c, QStringLiteral("AAPL"), "15", "250");
        QCOMPARE(engine.evaluate(buy("250", 1.0, 0.6, "20"), c).finalQty, "5"_d);
        hold(c, QStringLiteral("AAPL"), "20", "250");
        QCOMPARE(engine.evaluate(buy("250", 1.0, 0.6, "20"), c).kind, VerdictKind::Reject);
    }
    void grossExposure()
    {
        RiskConfig cfg;
        cfg.perPositionCap = Decimal::fromInt(1);
        const RiskEngine e(cfg);
        RiskContext c = account("100000", "100000");
        hold(c, QStringLiteral("SPY"), "190", "500"); // 95,000 of 100,000
        const RiskVerdict v = e.evaluate(buy("100", 0.5, 0.6, "80"), c);
        QCOMPARE(v.finalQty, "50"_d);
        QCOMPARE(v.bindingRule, QStringLiteral("gross_exposure"));
        hold(c, QStringLiteral("SPY"), "200", "500");
        QCOMPARE(e.evaluate(buy("100", 0.5, 0.6, "1"), c).kind, VerdictKind::Reject);
    }
    void buyingPower()
    {
        RiskContext c = account("100000", "1000");
        const RiskVerdict v = engine.evaluate(buy("100", 0.5, 0.6, "40"), c);
        QCOMPARE(v.finalQty, "10"_d);
        QCOMPARE(v.bindingRule, QStringLiteral("buying_power"));
        c.account.buyingPower = Decimal();
        QCOMPARE(engine.evaluate(buy("100", 0.5), c).kind, VerdictKind::Reject);
    }
    void fractionalAndTheZeroShareTrap()
    {
        // 5 % of 5,000 = 250 at $1,400 → 0.178 shares.
        RiskContext c = account("5000");
        c.fractionable = true;
        RiskVerdict v = engine.evaluate(buy("1400", 5.0), c);
        QCOMPARE(v.kind, VerdictKind::Resize);
        QVERIFY(!v.finalQty.isInteger());
        QVERIFY(v.finalQty.isPositive() && v.finalQty < "1"_d);
        QVERIFY(v.finalNotional <= "250"_d && v.finalNotional >= "10"_d);
        c.fractionable = false;
        v = engine.evaluate(buy("1400", 5.0), c);
        QCOMPARE(v.kind, VerdictKind::Reject);
        QCOMPARE(v.bindingRule, QStringLiteral("fractional_shares"));
        QVERIFY(v.summary.contains(QStringLiteral("zero-share trap")));
        // Below the $10 minimum notional: rejected even when fractionable.
        RiskContext tiny = account("150");
        tiny.fractionable = true;
        QCOMPARE(engine.evaluate(buy("1400", 5.0), tiny).kind, VerdictKind::Reject);
    }
    void neverResizesUp()
    {
        const RiskVerdict v = engine.evaluate(buy("10", 0.1, 0.9, "3"), account("1000000"));
        QCOMPARE(v.kind, VerdictKind::Approve);
        QCOMPARE(v.finalQty, "3"_d);
    }
    void modelSuppliedNonsenseCannotRaiseAnything()
    {
        const RiskContext c = account("100000");
        QCOMPARE(engine.evaluate(buy("100", 2.0, 7.0), c).kind, VerdictKind::Reject);
        QCOMPARE(engine.evaluate(buy("100", 2.0, std::numeric_limits<double>::quiet_NaN()), c).kind, VerdictKind::Reject);
        QCOMPARE(engine.evaluate(buy("100", 2.0, -0.5), c).kind, VerdictKind::Reject);
        const RiskVerdict huge = engine.evaluate(buy("100", 2.0, 0.9, "10000"), c);
        QVERIFY(huge.finalQty <= "50"_d); // 5 % of 100,000 at $100
        QCOMPARE(engine.evaluate(buy("-100", 2.0), c).kind, VerdictKind::Reject);
        QCOMPARE(engine.evaluate(buy("0", 2.0), c).kind, VerdictKind::Reject);
        QCOMPARE(engine.evaluate(buy("100", 2.0, 0.9, "-5"), c).kind, VerdictKind::Reject);
    }
    void reducingOrdersAreNeverBlocked()
    {
        RiskContext c = account("100000", "0");
        c.account.buyingPower = Decimal();
        hold(c, QStringLiteral("AAPL"), "40", "250");
        // Zero confidence, no ATR, no cash: a sell of what is held still passes, for the held quantity.
        RiskRequest sell{QStringLiteral("AAPL"), Side::Sell, "250"_d, 0.0, 0.0, {}};
        RiskVerdict v = engine.evaluate(sell, c);
        QCOMPARE(v.kind, VerdictKind::Approve);
        QCOMPARE(v.finalQty, "40"_d);
        QCOMPARE(v.rules.size(), 1);
        sell.requestedQty = "100"_d; // more than held → the held quantity
        v = engine.evaluate(sell, c);
        QCOMPARE(v.finalQty, "40"_d);
        QCOMPARE(v.kind, VerdictKind::Resize);
    }
    void verdictListsEveryRule()
    {
        const RiskVerdict v = engine.evaluate(buy("230.17", 1.0), account("100000"));
        QCOMPARE(v.rules.size(), engine.ruleOrder().size());
        for (const RuleResult &r : v.rules) {
            QVERIFY2(!r.value.isEmpty(), qPrintable(r.rule));
            QVERIFY2(!r.limit.isEmpty(), qPrintable(r.rule));
        }
    }
};

QTEST_GUILESS_MAIN(TestRiskEngine)
#include "tst_riskengine.moc"
