// SPDX-License-Identifier: GPL-3.0-or-later
// Trading states and circuit breakers: trips, recovery, operator-only resets.
#include "risk/tradingguard.h"

#include <QTest>
#include <QTimeZone>

namespace {
const QDateTime t0(QDate(2025, 3, 3), QTime(15, 0), QTimeZone::utc());
}

class TestTradingGuard : public QObject
{
    Q_OBJECT
    RiskConfig config;

private Q_SLOTS:
    void modelBreakerTripsCoolsDownAndProbes()
    {
        TradingGuard g(config);
        for (int i = 0; i < 4; ++i)
            QVERIFY(g.onModelResult(false, QStringLiteral("timeout"), t0).isEmpty());
        QCOMPARE(g.breaker(TradingGuard::Model).state(), BreakerState::Closed);
        const QList<BreakerEvent> trip = g.onModelResult(false, QStringLiteral("timeout"), t0);
        QCOMPARE(trip.size(), 1);
        QCOMPARE(trip[0].to, QStringLiteral("OPEN"));
        QVERIFY(trip[0].reason.contains(QStringLiteral("5 consecutive failures")));
        QVERIFY(g.entryBlockers().join(QLatin1Char(' ')).contains(QStringLiteral("model")));
        QCOMPARE(g.state(), TradingState::Active); // entries pause; the state stays ACTIVE
        // Successes before the cooldown are not probes.
        g.onModelResult(true, {}, t0.addSecs(10));
        QVERIFY(g.poll(t0.addSecs(299)).isEmpty());
        QCOMPARE(g.poll(t0.addSecs(300)).front().to, QStringLiteral("HALF_OPEN"));
        g.onModelResult(true, {}, t0.addSecs(301));
        g.onModelResult(true, {}, t0.addSecs(302));
        QCOMPARE(g.breaker(TradingGuard::Model).state(), BreakerState::HalfOpen);
        QCOMPARE(g.onModelResult(true, {}, t0.addSecs(303)).front().to, QStringLiteral("CLOSED"));
        QVERIFY(g.entryBlockers().isEmpty());
    }
    void failureWhileHalfOpenReopens()
    {
        TradingGuard g(config);
        for (int i = 0; i < 5; ++i)
            g.onBrokerResult(false, QStringLiteral("HTTP 503"), t0);
        QCOMPARE(g.breaker(TradingGuard::BrokerLink).state(), BreakerState::Open);
        g.poll(t0.addSecs(300));
        QCOMPARE(g.breaker(TradingGuard::BrokerLink).state(), BreakerState::HalfOpen);
        QCOMPARE(g.onBrokerResult(false, QStringLiteral("HTTP 503"), t0.addSecs(301)).front().to, QStringLiteral("OPEN"));
        g.poll(t0.addSecs(601));
        QCOMPARE(g.onBrokerResult(true, {}, t0.addSecs(602)).front().to, QStringLiteral("CLOSED")); // one good probe
    }
    void dataBreakerAfterFiveBadIterationsClosesAfterThreeGood()
    {
        TradingGuard g(config);
        for (int i = 0; i < 4; ++i)
            g.onDataQuality("0.79"_d, t0);
        g.onDataQuality("0.8"_d, t0); // 80 % is good enough: the run of bad ones breaks
        for (int i = 0; i < 4; ++i)
            g.onDataQuality("0.5"_d, t0);
        QCOMPARE(g.breaker(TradingGuard::Data).state(), BreakerState::Closed);
        g.onDataQuality("0.5"_d, t0);
        QCOMPARE(g.breaker(TradingGuard::Data).state(), BreakerState::Open);
        g.onDataQuality("1"_d, t0);
        g.onDataQuality("1"_d, t0);
        QCOMPARE(g.breaker(TradingGuard::Data).state(), BreakerState::HalfOpen);
        g.onDataQuality("1"_d, t0);
        QCOMPARE(g.breaker(TradingGuard::Data).state(), BreakerState::Closed);
    }
    void equityBreakerHaltsUntilTheOperatorResets()
    {
        TradingGuard g(config);
        g.onSessionStart(1, "100000"_d, t0);
        g.onEquity("105000"_d, t0); // new high-water mark
        QCOMPARE(g.highWaterMark(), "105000"_d);
        g.onSessionStart(2, "105000"_d, t0);
        g.onEquity("94501"_d, t0); // 9.999 % below: not yet (but the daily loss limit is hit)
        QCOMPARE(g.state(), TradingState::Reducing);
        const QList<BreakerEvent> e = g.onEquity("94500"_d, t0); // exactly 10 %
        QCOMPARE(g.state(), TradingState::Halted);
        QVERIFY(std::any_of(e.cbegin(), e.cend(), [](const BreakerEvent &x) { return x.breaker == QLatin1String("equity"); }));
        QVERIFY(std::any_of(e.cbegin(), e.cend(), [](const BreakerEvent &x) { return x.breaker == QLatin1String("trading_state") && x.to == QLatin1String("HALTED"); }));
        g.onEquity("200000"_d, t0); // recovery does not reset it
        g.onSessionStart(3, "200000"_d, t0);
        QCOMPARE(g.state(), TradingState::Halted);
        g.reset(TradingGuard::Equity, QStringLiteral("trader"), t0);
        QCOMPARE(g.state(), TradingState::Active);
    }
    void dailyLossReducesUntilTheNextSession()
    {
        TradingGuard g(config);
        g.onSessionStart(1, "100000"_d, t0);
        g.onEquity("95001"_d, t0);
        QCOMPARE(g.state(), TradingState::Active);
        const QList<BreakerEvent> e = g.onEquity("95000"_d, t0);
        QCOMPARE(g.state(), TradingState::Reducing);
        QCOMPARE(e.back().to, QStringLiteral("REDUCING"));
        g.onEquity("99000"_d, t0); // a bounce does not lift it within the session
        QCOMPARE(g.state(), TradingState::Reducing);
        QCOMPARE(g.onSessionStart(2, "99000"_d, t0).back().to, QStringLiteral("ACTIVE"));
    }
    void killSwitchIsOperatorOnly()
    {
        TradingGuard g(config);
        g.killSwitch(QStringLiteral("news"), QStringLiteral("trader"), t0);
        QCOMPARE(g.state(), TradingState::Halted);
        g.onSessionStart(5, "100000"_d, t0);
        QVERIFY(g.poll(t0.addDays(5)).isEmpty());
        QCOMPARE(g.state(), TradingState::Halted);
        const QList<BreakerEvent> e = g.reset(TradingGuard::KillSwitch, QStringLiteral("trader"), t0);
        QCOMPARE(e.front().actor, QStringLiteral("trader"));
        QCOMPARE(g.state(), TradingState::Active);
    }
    void persistsAndRestores()
    {
        TradingGuard g(config);
        g.onSessionStart(7, "100000"_d, t0);
        g.killSwitch(QStringLiteral("test"), QStringLiteral("trader"), t0);
        for (int i = 0; i < 5; ++i)
            g.onDataQuality("0.1"_d, t0);
        TradingGuard h(config);
        h.restore(g.persisted());
        QCOMPARE(h.state(), TradingState::Halted);
        QCOMPARE(h.breaker(TradingGuard::Data).state(), BreakerState::Open);
        QCOMPARE(h.breaker(TradingGuard::KillSwitch).persisted().reason, QStringLiteral("test"));
        QCOMPARE(h.sessionStartEquity(), "100000"_d);
        QCOMPARE(h.sessionIndex(), 7);
    }
};

QTEST_GUILESS_MAIN(TestTradingGuard)
#include "tst_tradingguard.moc"
