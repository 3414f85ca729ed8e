// SPDX-License-Identifier: GPL-3.0-or-later
#include "strategy/smacross.h"

#include <QTest>

#include <random>

namespace {
std::int64_t px(const char *text)
{
    return Decimal::parse(text).value().raw();
}
} // namespace

class TestSmaCross : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void crossUpAndDown()
    {
        SmaCross::State s(2, 4);
        // Falling, then rising: SMA2 goes below SMA4, then crosses above.
        QCOMPARE(s.add(px("10")), 0);
        QCOMPARE(s.add(px("9")), 0);
        QCOMPARE(s.add(px("8")), 0);
        QCOMPARE(s.add(px("7")), 0); // ready: SMA2 7.5 < SMA4 8.5, the first difference is no cross
        QCOMPARE(s.add(px("8")), 0); // SMA2 7.5 < SMA4 8: still below
        QCOMPARE(s.add(px("11")), 1); // SMA2 9.5 > SMA4 8.5: cross up
        QCOMPARE(s.add(px("12")), 0); // still above: no new signal
        QCOMPARE(s.add(px("5")), -1); // SMA2 8.5 < SMA4 9: cross down
    }
    void equalAveragesAreNeverASignal()
    {
        SmaCross::State s(2, 4);
        for (const char *p : {"10", "9", "8", "7"})
            s.add(px(p)); // below
        // SMA2 = SMA4 exactly: no signal, and the last non-zero difference stays negative.
        QCOMPARE(s.add(px("7.5")), 0); // window 9,8,7,7.5: SMA4 7.875, SMA2 7.25 (below)
        SmaCross::State t(1, 2);
        t.add(px("5"));
        t.add(px("4"));                // SMA1 4 < SMA2 4.5: negative
        QCOMPARE(t.add(px("4")), 0);   // 4 = 4: zero difference, no signal
        QCOMPARE(t.add(px("4")), 0);   // still equal
        QCOMPARE(t.add(px("4.01")), 1); // first positive after the last non-zero negative: cross up
    }
    void exactSumsDoNotDriftOverLongRuns()
    {
        // Prices whose doubles are inexact (0.1, 0.7): a running double sum drifts and
        // can flip a comparison that is exactly equal; the integer sums never do.
        SmaCross::State s(3, 6);
        int signals = 0;
        for (int i = 0; i < 200000; ++i)
            signals += std::abs(s.add(px(i % 2 ? "100.1" : "100.7")));
        // Alternating prices keep SMA3 and SMA6 within a cent of each other; the
        // differences alternate in sign every bar, so crosses happen — but only
        // where the exact difference changes sign.
        SmaCross::State a(3, 6), b(3, 6);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(a.add(px(i % 2 ? "100.1" : "100.7")), b.add(px(i % 2 ? "100.1" : "100.7")));
        QVERIFY(signals > 0);
        // A constant price: the averages are equal forever, never a signal.
        SmaCross::State c(10, 30);
        for (int i = 0; i < 100000; ++i)
            QCOMPARE(c.add(px("33.33")), 0);
    }
    void matchesADirectRecomputation()
    {
        std::mt19937_64 rng(42);
        SmaCross::State s(10, 30);
        std::vector<std::int64_t> closes;
        int last = 0;
        for (int i = 0; i < 20000; ++i) {
            const std::int64_t c = Decimal::fromInt(50).raw() + static_cast<std::int64_t>(rng() % 5000) * 10'000'000; // cents
            closes.push_back(c);
            const int got = s.add(c);
            if (closes.size() < 30)
                continue;
            Decimal::Wide f = 0, sl = 0;
            for (std::size_t k = closes.size() - 10; k < closes.size(); ++k)
                f += closes[k];
            for (std::size_t k = closes.size() - 30; k < closes.size(); ++k)
                sl += closes[k];
            const Decimal::Wide diff = f * 30 - sl * 10;
            const int sign = diff > 0 ? 1 : diff < 0 ? -1 : 0;
            const int expect = sign != 0 && last == -sign ? sign : 0;
            if (sign != 0)
                last = sign;
            QCOMPARE(got, expect);
        }
    }
    void strategyInterfaceOnTheLastBar()
    {
        const SmaCross strategy({2, 4});
        PriceSeries up;
        for (double c : {10.0, 9.0, 8.0, 7.0, 8.0, 11.0}) {
            up.open.push_back(c);
            up.high.push_back(c);
            up.low.push_back(c);
            up.close.push_back(c);
            up.volume.push_back(1);
        }
        QCOMPARE(strategy.evaluate({up, nullptr, nullptr}).direction, SignalDirection::Buy);
        up.close.push_back(12.0);
        up.open.push_back(12.0);
        up.high.push_back(12.0);
        up.low.push_back(12.0);
        up.volume.push_back(1);
        QCOMPARE(strategy.evaluate({up, nullptr, nullptr}).direction, SignalDirection::None);
    }
};

QTEST_GUILESS_MAIN(TestSmaCross)
#include "tst_smacross.moc"
