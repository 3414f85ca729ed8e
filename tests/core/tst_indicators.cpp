// SPDX-License-Identifier: GPL-3.0-or-later
// Expected values are computed by hand in the comments.
#include "indicators/atr.h"
#include "indicators/bollinger.h"
#include "indicators/donchian.h"
#include "indicators/ema.h"
#include "indicators/nbarreturn.h"
#include "indicators/rsi.h"
#include "indicators/sma.h"
#include "indicators/zscore.h"

#include <QTest>

class TestIndicators : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sma()
    {
        Sma s(3);
        for (double v : {1.0, 2.0})
            s.add(v);
        QVERIFY(!s.ready());
        s.add(3); // (1+2+3)/3
        QCOMPARE(s.value(), 2.0);
        s.add(4);
        s.add(5); // (3+4+5)/3
        QCOMPARE(s.value(), 4.0);
    }
    void emaSeededWithSma()
    {
        Ema e(3);
        for (double v : {1.0, 2.0, 3.0})
            e.add(v); // seed = 2
        QCOMPARE(e.value(), 2.0);
        e.add(4); // 2 + 0.5·(4 − 2) = 3
        QCOMPARE(e.value(), 3.0);
        e.add(5); // 3 + 0.5·2 = 4
        QCOMPARE(e.value(), 4.0);
    }
    void rsiWilder()
    {
        Rsi r(3);
        for (double v : {10.0, 11.0, 12.0})
            r.add(v);
        QVERIFY(!r.ready());
        r.add(11); // gains 1,1,0 → 2/3; losses 0,0,1 → 1/3; RS 2 → 66.667
        QVERIFY(r.ready());
        QVERIFY(qAbs(r.value() - 200.0 / 3.0) < 1e-9);
        r.add(13); // gain (2/3·2 + 2)/3 = 10/9; loss (1/3·2)/3 = 2/9; RS 5 → 83.333
        QVERIFY(qAbs(r.value() - (100.0 - 100.0 / 6.0)) < 1e-9);
    }
    void rsiAllGainsIs100()
    {
        Rsi r(2);
        for (double v : {1.0, 2.0, 3.0, 4.0})
            r.add(v);
        QCOMPARE(r.value(), 100.0);
    }
    void atrWilder()
    {
        Atr a(2);
        a.add(10, 8, 9);   // seeds the previous close only
        a.add(11, 9, 10);  // TR max(2, 2, 0) = 2
        QVERIFY(!a.ready());
        a.add(12, 10, 11); // TR 2 → ATR (2 + 2)/2 = 2
        QCOMPARE(a.value(), 2.0);
        a.add(11, 7, 8);   // TR max(4, 0, 4) = 4 → (2·1 + 4)/2 = 3
        QCOMPARE(a.value(), 3.0);
    }
    void bollingerPopulationSigma()
    {
        Bollinger b(8, 2.0);
        for (double v : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0})
            b.add(v); // mean 5, population σ 2
        QCOMPARE(b.middle(), 5.0);
        QCOMPARE(b.stddev(), 2.0);
        QCOMPARE(b.upper(), 9.0);
        QCOMPARE(b.lower(), 1.0);
    }
    void donchianExcludesCurrentBar()
    {
        Donchian d(3);
        d.add(5, 1);
        d.add(6, 2);
        d.add(7, 3);
        QVERIFY(!d.ready());
        d.add(10, 0.5); // channel over the previous three bars: 7 / 1
        QCOMPARE(d.upper(), 7.0);
        QCOMPARE(d.lower(), 1.0);
    }
    void nBarReturn()
    {
        NBarReturn r(2);
        r.add(100);
        r.add(110);
        QVERIFY(!r.ready());
        r.add(121); // 121/100 − 1
        QVERIFY(qAbs(r.value() - 0.21) < 1e-12);
    }
    void zScore()
    {
        ZScore z(8);
        for (double v : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0})
            z.add(v); // (9 − 5)/2
        QCOMPARE(z.value(), 2.0);
    }
    void smaStaysAccurateOverLongRuns()
    {
        Sma s(10);
        for (int i = 0; i < 1'000'000; ++i)
            s.add(100.0 + (i % 7) * 0.01);
        double expect = 0;
        for (int i = 1'000'000 - 10; i < 1'000'000; ++i)
            expect += 100.0 + (i % 7) * 0.01;
        QVERIFY(qAbs(s.value() - expect / 10) < 1e-9);
    }
};

QTEST_GUILESS_MAIN(TestIndicators)
#include "tst_indicators.moc"
