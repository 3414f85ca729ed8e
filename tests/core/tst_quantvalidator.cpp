// SPDX-License-Identifier: GPL-3.0-or-later
// Quant validation: the strategy's own trades in the signal's direction scale
// its confidence by the factors of SPEC §2.3; one-pass prefix decisions match
// the bar-by-bar rule exactly.
#include "quant/quantvalidator.h"
#include "strategy/strategyregistry.h"

#include <QTest>

#include <cmath>

namespace {
QList<Bar> wave(int n, double drift, double amplitude = 12.0, double period = 23.0)
{
    QList<Bar> bars;
    QDate d(2024, 1, 2);
    for (int i = 0; i < n; ++i) {
        while (d.dayOfWeek() > 5)
            d = d.addDays(1);
        const double c = 100 + drift * i + amplitude * std::sin(i / period * 6.283);
        const Decimal close = Decimal::fromDouble(c, 2).value();
        bars.append({QStringLiteral("W"), d, close, close + "0.5"_d, close - "0.5"_d, close, 1000});
        d = d.addDays(1);
    }
    return bars;
}
const QuantFactor *factor(const QuantResult &r, const char *name)
{
    for (const QuantFactor &f : r.factors)
        if (f.name == QLatin1String(name))
            return &f;
    return nullptr;
}
} // namespace

class TestQuantValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyFactorIsReported()
    {
        const QuantResult r = QuantValidator::validate(QStringLiteral("MeanReversion"), wave(300, 0.0), SignalDirection::Buy, 0.6);
        QCOMPARE(r.factors.size(), 4);
        for (const char *n : {"expectancy", "sharpe", "max_drawdown", "volatility_regime"})
            QVERIFY2(factor(r, n), n);
        QVERIFY(r.trades >= 3);
        QVERIFY(r.confidenceOut >= 0.0 && r.confidenceOut <= 1.0);
        QVERIFY(r.summary().contains(QStringLiteral("expectancy")));
    }
    void aProfitableLongEdgeKeepsTheConfidence()
    {
        // A clean oscillation: buying oversold and selling overbought wins every time.
        const QuantResult r = QuantValidator::validate(QStringLiteral("MeanReversion"), wave(300, 0.0), SignalDirection::Buy, 0.6);
        QVERIFY(factor(r, "expectancy")->value > 0);
        QCOMPARE(factor(r, "expectancy")->multiplier, 1.0);
        QVERIFY(r.confidenceOut > 0.4);
    }
    void directionMatters()
    {
        // On this wave mean reversion buys at 88.25 and sells at 111.31, and shorts the reverse:
        // a long returns (111.31 − 88.25) / 88.25, a short (111.31 − 88.25) / 111.31.
        const QList<Bar> bars = wave(300, 0.0);
        const QuantResult buy = QuantValidator::validate(QStringLiteral("MeanReversion"), bars, SignalDirection::Buy, 0.8);
        const QuantResult sell = QuantValidator::validate(QStringLiteral("MeanReversion"), bars, SignalDirection::Sell, 0.8);
        QVERIFY(buy.trades >= 9 && sell.trades >= 9);
        QVERIFY(qAbs(factor(buy, "expectancy")->value - 23.06 / 88.25) < 1e-3);
        QVERIFY(qAbs(factor(sell, "expectancy")->value - 23.06 / 111.31) < 1e-3);
    }
    void noTradesMeansNoEvidence()
    {
        QList<Bar> flat = wave(300, 0.0, 0.0);
        const QuantResult r = QuantValidator::validate(QStringLiteral("MeanReversion"), flat, SignalDirection::Buy, 0.6);
        QCOMPARE(r.trades, 0);
        // No trades: no evidence either way; the factors stay neutral and say why.
        QCOMPARE(factor(r, "expectancy")->multiplier, 1.0);
        QCOMPARE(factor(r, "sharpe")->multiplier, 1.0);
        QVERIFY(factor(r, "sharpe")->note.contains(QStringLiteral("not scored")));
        QVERIFY(qAbs(r.confidenceOut - 0.6) < 1e-12);
        QCOMPARE(QuantValidator::validate(QStringLiteral("MeanReversion"), flat.mid(0, 10), SignalDirection::Buy, 7.0).confidenceOut, 1.0); // clamped
    }
    void prefixSignalsMatchBarByBarEvaluation()
    {
        StrategyRegistry reg;
        const QList<Bar> bars = wave(280, 0.1, 9.0, 31.0);
        for (const char *name : {"MeanReversion", "TrendFollowing"}) {
            const Strategy *s = reg.find(QLatin1String(name));
            const PriceSeries all = PriceSeries::fromBars(bars);
            std::vector<int> fast;
            QVERIFY(s->prefixSignals(all, fast));
            for (int i = 1; i <= bars.size(); ++i) {
                const PriceSeries prefix = PriceSeries::fromBars(bars.mid(0, i));
                const SignalDirection d = s->evaluate({prefix, nullptr, nullptr}).direction;
                const int expect = d == SignalDirection::Buy ? 1 : d == SignalDirection::Sell ? -1 : 0;
                QCOMPARE(fast[static_cast<std::size_t>(i - 1)], expect);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestQuantValidator)
#include "tst_quantvalidator.moc"
