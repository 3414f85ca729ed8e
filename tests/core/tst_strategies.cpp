// SPDX-License-Identifier: GPL-3.0-or-later
// Each strategy's BUY and SELL fire on crafted data.
#include "strategy/deterministicselector.h"
#include "strategy/selectioncontext.h"
#include "strategy/strategyregistry.h"

#include <QTest>

namespace {

PriceSeries series(const QString &symbol, const std::vector<double> &closes, double spread = 0.5)
{
    PriceSeries s;
    s.symbol = symbol;
    for (double c : closes) {
        s.open.push_back(c);
        s.high.push_back(c + spread);
        s.low.push_back(c - spread);
        s.close.push_back(c);
        s.volume.push_back(1e6);
    }
    return s;
}

std::vector<double> linear(double from, double to, int n)
{
    std::vector<double> v;
    for (int i = 0; i < n; ++i)
        v.push_back(from + (to - from) * i / (n - 1));
    return v;
}

std::vector<double> flatThen(double flat, int n, double last)
{
    std::vector<double> v(static_cast<std::size_t>(n - 1), flat);
    v.push_back(last);
    return v;
}

} // namespace

class TestStrategies : public QObject
{
    Q_OBJECT
    StrategyRegistry reg;

    SignalDirection run(const QString &name, const PriceSeries &s, const PriceSeries *bench = nullptr,
                        const QList<PriceSeries> *universe = nullptr)
    {
        const Strategy *st = reg.find(name);
        if (!st)
            qFatal("no strategy %s", qPrintable(name));
        const StrategyDecision d = st->evaluate({s, bench, universe});
        if (d.direction != SignalDirection::None) {
            if (!(d.confidence >= 0.5 && d.confidence <= 1.0))
                qFatal("confidence out of range for %s: %f", qPrintable(name), d.confidence);
            if (d.reason.isEmpty())
                qFatal("no reason from %s", qPrintable(name));
        }
        return d.direction;
    }

private Q_SLOTS:
    void registryHasAllTen()
    {
        QCOMPARE(reg.names().size(), 11); // the ten of the spec and sma_cross
        QVERIFY(reg.find(QStringLiteral("sma_cross")));
        for (const char *n : {"TrendFollowing", "MomentumRotation", "MeanReversion", "Breakout", "VolatilityBreakout",
                              "RelativeStrength", "SectorRotation", "DualMomentum", "MovingAverageEnvelope", "BollingerBands"})
            QVERIFY2(reg.find(QLatin1String(n)), n);
        QCOMPARE(reg.maxBarsNeeded(), 200);
    }
    void trendFollowing()
    {
        QCOMPARE(run(QStringLiteral("TrendFollowing"), series(QStringLiteral("A"), linear(100, 300, 220))), SignalDirection::Buy);
        QCOMPARE(run(QStringLiteral("TrendFollowing"), series(QStringLiteral("A"), linear(300, 100, 220))), SignalDirection::Sell);
        QCOMPARE(run(QStringLiteral("TrendFollowing"), series(QStringLiteral("A"), linear(100, 300, 150))), SignalDirection::None);
    }
    void momentumRotation()
    {
        QCOMPARE(run(QStringLiteral("MomentumRotation"), series(QStringLiteral("A"), linear(100, 110, 127))), SignalDirection::Buy);
        QCOMPARE(run(QStringLiteral("MomentumRotation"), series(QStringLiteral("A"), linear(100, 95, 127))), SignalDirection::Sell);
        QCOMPARE(run(QStringLiteral("MomentumRotation"), series(QStringLiteral("A"), linear(100, 103, 127))), SignalDirection::None);
        // n-bar return needs n + 1 bars.
        QCOMPARE(run(QStringLiteral("MomentumRotation"), series(QStringLiteral("A"), linear(100, 110, 126))), SignalDirection::None);
    }
    void meanReversion()
    {
        QCOMPARE(run(QStringLiteral("MeanReversion"), series(QStringLiteral("A"), linear(100, 80, 30))), SignalDirection::Buy);
        QCOMPARE(run(QStringLiteral("MeanReversion"), series(QStringLiteral("A"), linear(80, 100, 30))), SignalDirection::Sell);
    }
    void breakoutFiresBecauseChannelExcludesCurrentBar()
    {
        PriceSeries up = series(QStringLiteral("A"), flatThen(100, 30, 100));
        up.high.back() = 105;
        QCOMPARE(run(QStringLiteral("Breakout"), up), SignalDirection::Buy);
        PriceSeries down = series(QStringLiteral("A"), flatThen(100, 30, 100));
        down.low.back() = 95;
        QCOMPARE(run(QStringLiteral("Breakout"), down), SignalDirection::Sell);
        QCOMPARE(run(QStringLiteral("Breakout"), series(QStringLiteral("A"), flatThen(100, 30, 100))), SignalDirection::None);
    }
    void volatilityBreakout()
    {
        PriceSeries up = series(QStringLiteral("A"), flatThen(100, 40, 100), 1.0);
        up.high.back() = 110; // previous high 101 + 1.5 · ATR ≈ 105
        QCOMPARE(run(QStringLiteral("VolatilityBreakout"), up), SignalDirection::Buy);
        PriceSeries down = series(QStringLiteral("A"), flatThen(100, 40, 100), 1.0);
        down.low.back() = 90;
        QCOMPARE(run(QStringLiteral("VolatilityBreakout"), down), SignalDirection::Sell);
        PriceSeries small = series(QStringLiteral("A"), flatThen(100, 40, 100), 1.0);
        small.high.back() = 102; // above the channel, not above k·ATR
        QCOMPARE(run(QStringLiteral("VolatilityBreakout"), small), SignalDirection::None);
    }
    void relativeStrength()
    {
        const PriceSeries bench = series(QStringLiteral("SPY"), std::vector<double>(60, 400.0));
        QCOMPARE(run(QStringLiteral("RelativeStrength"), series(QStringLiteral("A"), linear(100, 120, 60)), &bench), SignalDirection::Buy);
        QCOMPARE(run(QStringLiteral("RelativeStrength"), series(QStringLiteral("A"), linear(120, 100, 60)), &bench), SignalDirection::Sell);
        QCOMPARE(run(QStringLiteral("RelativeStrength"), series(QStringLiteral("A"), linear(120, 100, 60))), SignalDirection::None);
    }
    void sectorRotation()
    {
        QList<PriceSeries> universe;
        for (int i = 0; i < 8; ++i)
            universe.append(series(QStringLiteral("S%1").arg(i), linear(100, 100 + (i - 3) * 5, 130)));
        QCOMPARE(run(QStringLiteral("SectorRotation"), universe[7], nullptr, &universe), SignalDirection::Buy);  // +20 %, rank 1
        QCOMPARE(run(QStringLiteral("SectorRotation"), universe[0], nullptr, &universe), SignalDirection::Sell); // −15 %
        QCOMPARE(run(QStringLiteral("SectorRotation"), universe[5], nullptr, &universe), SignalDirection::None); // +10 %, rank 3 of 8
    }
    void dualMomentum()
    {
        const PriceSeries bench = series(QStringLiteral("SPY"), linear(100, 102, 130));
        QCOMPARE(run(QStringLiteral("DualMomentum"), series(QStringLiteral("A"), linear(100, 110, 130)), &bench), SignalDirection::Buy);
        QCOMPARE(run(QStringLiteral("DualMomentum"), series(QStringLiteral("A"), linear(100, 90, 130)), &bench), SignalDirection::Sell);
        QCOMPARE(run(QStringLiteral("DualMomentum"), series(QStringLiteral("A"), linear(100, 101, 130)), &bench), SignalDirection::None);
    }
    void movingAverageEnvelope()
    {
        QCOMPARE(run(QStringLiteral("MovingAverageEnvelope"), series(QStringLiteral("A"), flatThen(100, 20, 90))), SignalDirection::Buy);
        QCOMPARE(run(QStringLiteral("MovingAverageEnvelope"), series(QStringLiteral("A"), flatThen(100, 20, 110))), SignalDirection::Sell);
        QCOMPARE(run(QStringLiteral("MovingAverageEnvelope"), series(QStringLiteral("A"), flatThen(100, 20, 101))), SignalDirection::None);
    }
    void bollingerBands()
    {
        QCOMPARE(run(QStringLiteral("BollingerBands"), series(QStringLiteral("A"), flatThen(100, 20, 90))), SignalDirection::Buy);
        QCOMPARE(run(QStringLiteral("BollingerBands"), series(QStringLiteral("A"), flatThen(100, 20, 110))), SignalDirection::Sell);
    }
    void selectionContextAndSelector()
    {
        // Calm series: default MeanReversion.
        const PriceSeries calm = series(QStringLiteral("A"), linear(100, 101, 260));
        SelectionContext c = SelectionContext::compute(calm);
        QCOMPARE(DeterministicSelector::choose(c).strategy, QStringLiteral("MeanReversion"));
        QCOMPARE(c.trend, QStringLiteral("up"));
        QVERIFY(c.rangePosition > 0.7);
        // A 10 % jump on a calm series: TrendFollowing.
        std::vector<double> jump(60, 100.0);
        jump.push_back(110.0);
        c = SelectionContext::compute(series(QStringLiteral("A"), jump));
        QVERIFY(qAbs(c.change1 - 0.10) < 1e-12);
        QVERIFY(c.volatility20 < 0.03);
        QCOMPARE(DeterministicSelector::choose(c).strategy, QStringLiteral("TrendFollowing"));
        // Volatile (alternating ±5 %): MeanReversion, for the volatility reason.
        std::vector<double> wild;
        for (int i = 0; i < 60; ++i)
            wild.push_back(i % 2 ? 105.0 : 100.0);
        c = SelectionContext::compute(series(QStringLiteral("A"), wild));
        QVERIFY(c.volatility20 > 0.03);
        const auto choice = DeterministicSelector::choose(c);
        QCOMPARE(choice.strategy, QStringLiteral("MeanReversion"));
        QVERIFY(choice.reason.contains(QStringLiteral("volatility")));
        QCOMPARE(c.regime, QStringLiteral("volatile"));
        // A suspended pick is never taken: the next best for the regime is, and the reason says so.
        const auto next = DeterministicSelector::choose(c, {QStringLiteral("MeanReversion")});
        QCOMPARE(next.strategy, QStringLiteral("BollingerBands"));
        QVERIFY2(next.reason.contains(QStringLiteral("MeanReversion is suspended")), qPrintable(next.reason));
        const auto third = DeterministicSelector::choose(c, {QStringLiteral("MeanReversion"), QStringLiteral("BollingerBands")});
        QCOMPARE(third.strategy, QStringLiteral("MovingAverageEnvelope"));
        QCOMPARE(DeterministicSelector::ranking(c).size(), 10);
        QSet<QString> all;
        for (const QString &s : DeterministicSelector::ranking(c))
            all.insert(s);
        QVERIFY(DeterministicSelector::choose(c, all).strategy.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStrategies)
#include "tst_strategies.moc"
