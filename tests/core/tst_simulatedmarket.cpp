// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/barvalidator.h"
#include "data/simulatedmarket.h"

#include <QTest>

#include <cmath>

class TestSimulatedMarket : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void universeIsBigEnough()
    {
        const DemoUniverse u = DemoUniverse::builtIn();
        QVERIFY(u.entries.size() >= 29);
        QVERIFY(u.benchmarks.contains(QStringLiteral("SPY")) && u.benchmarks.contains(QStringLiteral("QQQ")));
        int index = 0, sector = 0, stock = 0;
        for (const UniverseEntry &e : u.entries) {
            index += e.kind == QLatin1String("index");
            sector += e.kind == QLatin1String("sector");
            stock += e.kind == QLatin1String("stock");
        }
        QVERIFY(index >= 2 && sector >= 5 && stock >= 10);
    }
    void badUniverseJsonIsAnError()
    {
        QVERIFY(!DemoUniverse::fromJson("{"));
        QVERIFY(!DemoUniverse::fromJson(R"({"symbols": [{"symbol": "bad symbol"}]})"));
        QVERIFY(!DemoUniverse::fromJson(R"({"symbols": [{"symbol": "AAA", "price": -3}]})"));
        QVERIFY(!DemoUniverse::fromJson(R"({"symbols": []})"));
    }
    void historyIsLongAndValid()
    {
        SimulatedMarket m(DemoUniverse::builtIn(), {});
        QVERIFY(m.completedSessions() >= 300);
        for (const QString &s : m.symbols()) {
            const QList<Bar> bars = m.recentBars(s, 10000);
            QCOMPARE(bars.size(), m.completedSessions());
            QVERIFY2(BarValidator::validateSeries(bars), qPrintable(BarValidator::validateSeries(bars).error()));
            for (const Bar &b : bars)
                QVERIFY(b.session.dayOfWeek() <= 5);
        }
    }
    void sameSeedSameMarket()
    {
        SimulatedMarket a(DemoUniverse::builtIn(), {});
        SimulatedMarket b(DemoUniverse::builtIn(), {});
        for (int i = 0; i < 5 * a.ticksPerSession(); ++i) {
            a.advanceTick();
            b.advanceTick();
        }
        SimulatedMarket c(DemoUniverse::builtIn(), {});
        c.fastForwardTo(a.completedSessions());
        for (const QString &s : a.symbols()) {
            const Bar x = a.lastBar(s), y = b.lastBar(s), z = c.lastBar(s);
            QCOMPARE(x.close, y.close);
            QCOMPARE(x.close, z.close);
            QCOMPARE(x.session, z.session);
        }
        SimulatedMarket::Options other;
        other.seed = 7;
        SimulatedMarket d(DemoUniverse::builtIn(), other);
        QVERIFY(d.lastBar(QStringLiteral("SPY")).close != a.lastBar(QStringLiteral("SPY")).close
                || d.lastBar(QStringLiteral("AAPL")).close != a.lastBar(QStringLiteral("AAPL")).close);
    }
    void ticksWalkFromOpenToClose()
    {
        SimulatedMarket m(DemoUniverse::builtIn(), {});
        const int before = m.completedSessions();
        QList<Decimal> path;
        bool completed = false;
        while (!completed) {
            completed = m.advanceTick();
            path.append(m.price(QStringLiteral("AAPL")));
        }
        QCOMPARE(m.completedSessions(), before + 1);
        const Bar bar = m.lastBar(QStringLiteral("AAPL"));
        QCOMPARE(path.front(), bar.open);
        QCOMPARE(path.back(), bar.close);
        for (const Decimal &p : path)
            QVERIFY(p >= bar.low && p <= bar.high);
    }
    void volatilityClustersAndJumpsHappen()
    {
        SimulatedMarket::Options o;
        o.historySessions = 3000;
        SimulatedMarket m(DemoUniverse::builtIn(), o);
        // Clustering: the mean lag-1..5 autocorrelation of |returns| across the
        // universe is clearly positive (white noise would give about 0 ± 0.02).
        double acfSum = 0;
        int jumps = 0;
        for (const QString &sym : m.symbols()) {
            const QList<Bar> bars = m.recentBars(sym, 3000);
            std::vector<double> a;
            for (int i = 1; i < bars.size(); ++i)
                a.push_back(std::fabs(std::log(bars[i].close.toDouble() / bars[i - 1].close.toDouble())));
            double mean = 0;
            for (double x : a)
                mean += x;
            mean /= static_cast<double>(a.size());
            double den = 0;
            for (double x : a)
                den += (x - mean) * (x - mean);
            for (std::size_t lag = 1; lag <= 5; ++lag) {
                double num = 0;
                for (std::size_t i = lag; i < a.size(); ++i)
                    num += (a[i] - mean) * (a[i - lag] - mean);
                acfSum += num / den / 5.0;
            }
            // Jumps: moves beyond six times the mean absolute move.
            for (double x : a)
                jumps += x > 6 * mean;
        }
        const double acf = acfSum / static_cast<double>(m.symbols().size());
        QVERIFY2(acf > 0.08, qPrintable(QString::number(acf)));
        QVERIFY2(jumps > 10, qPrintable(QString::number(jumps)));
    }
};

QTEST_GUILESS_MAIN(TestSimulatedMarket)
#include "tst_simulatedmarket.moc"
