// SPDX-License-Identifier: GPL-3.0-or-later
#include "strategy/strategyhealth.h"

#include <QTest>

class TestStrategyHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void suspendsBelowFortyPercentOfTwenty()
    {
        StrategyHealth h;
        for (int i = 0; i < 19; ++i)
            QVERIFY(!h.record(QStringLiteral("MR"), i < 7)); // 7 of 19 right, but fewer than 20 scored
        QVERIFY(h.record(QStringLiteral("MR"), false));    // 7 of 20 = 35 %
        QVERIFY(h.isSuspended(QStringLiteral("MR")));
        QCOMPARE(h.rows().front().scored, 20);
        QCOMPARE(h.rows().front().accuracy, 0.35);
    }
    void fortyPercentIsEnough()
    {
        StrategyHealth h;
        for (int i = 0; i < 20; ++i)
            h.record(QStringLiteral("TF"), i % 5 < 2); // exactly 8 of 20
        QVERIFY(!h.isSuspended(QStringLiteral("TF")));
    }
    void theWindowRolls()
    {
        StrategyHealth h;
        for (int i = 0; i < 20; ++i)
            h.record(QStringLiteral("X"), true);
        for (int i = 0; i < 12; ++i)
            h.record(QStringLiteral("X"), false); // last 20: 8 right
        QVERIFY(!h.isSuspended(QStringLiteral("X")));
        h.record(QStringLiteral("X"), false); // 7 of 20
        QVERIFY(h.isSuspended(QStringLiteral("X")));
    }
    void reenableStartsAFreshWindowAndRestoreRoundTrips()
    {
        StrategyHealth h;
        for (int i = 0; i < 20; ++i)
            h.record(QStringLiteral("X"), false);
        QVERIFY(h.isSuspended(QStringLiteral("X")));
        StrategyHealth copy;
        copy.restore(QStringLiteral("X"), h.outcomes(QStringLiteral("X")), true);
        QVERIFY(copy.isSuspended(QStringLiteral("X")));
        QCOMPARE(copy.outcomes(QStringLiteral("X")), QString(20, QLatin1Char('0')));
        h.reenable(QStringLiteral("X"));
        QVERIFY(!h.isSuspended(QStringLiteral("X")));
        QVERIFY(h.outcomes(QStringLiteral("X")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStrategyHealth)
#include "tst_strategyhealth.moc"
