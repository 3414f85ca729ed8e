// SPDX-License-Identifier: GPL-3.0-or-later
// 100,000 random, seeded steps of proposals, fills, price moves, new sessions,
// kill switches and resets. After every step no accepted order has taken a
// position, a symbol's budget or gross exposure past its cap, only reducing
// orders pass in REDUCING, nothing new passes in HALTED, and every reducing
// order passes. Set SENTINEL_PROPERTY_SEED to replay another sequence.
#include "risk/riskengine.h"
#include "risk/tradingguard.h"

#include <QTest>
#include <QTimeZone>

#include <random>

class TestRiskProperty : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void invariantsHoldOverRandomSequences()
    {
        const quint64 seed = qEnvironmentVariableIsSet("SENTINEL_PROPERTY_SEED") ? qEnvironmentVariable("SENTINEL_PROPERTY_SEED").toULongLong()
                                                                                 : 20261121ULL;
        std::mt19937_64 rng(seed);
        auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
        auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<quint64>(n)); };

        RiskConfig cfg;
        cfg.tiersEnabled = true;
        cfg.tierOf = {{QStringLiteral("S0"), 1}, {QStringLiteral("S1"), 2}};
        const RiskEngine engine(cfg);
        TradingGuard guard(cfg);
        const QStringList symbols{QStringLiteral("S0"), QStringLiteral("S1"), QStringLiteral("S2"), QStringLiteral("S3"),
                                  QStringLiteral("S4"), QStringLiteral("S5"), QStringLiteral("S6"), QStringLiteral("S7"),
                                  QStringLiteral("S8"), QStringLiteral("S9"), QStringLiteral("S10"), QStringLiteral("S11")};
        QHash<QString, Decimal> price, qty, cost;
        for (const QString &s : symbols)
            price[s] = Decimal::fromDouble(uniform(5, 900), 2).value();
        Decimal cash = "100000"_d;
        QDateTime now(QDate(2025, 1, 2), QTime(15, 0), QTimeZone::utc());
        int session = 0, ordersToday = 0;
        auto equity = [&] {
            Decimal e = cash;
            for (auto it = qty.cbegin(); it != qty.cend(); ++it)
                e += it.value() * price[it.key()];
            return e;
        };
        guard.onSessionStart(session, equity(), now);
        const Decimal tolerance = "0.01"_d;
        int accepted = 0, reducing = 0, entriesWhileBlocked = 0;

        for (int step = 0; step < 100000; ++step) {
            now = now.addSecs(60);
            const int kind = pick(100);
            if (kind < 55) {
                // A proposal, decided and (if accepted) filled at once.
                const QString sym = symbols[pick(static_cast<int>(symbols.size()))];
                const bool sell = pick(4) == 0;
                RiskRequest r;
                r.symbol = sym;
                r.side = sell ? Side::Sell : Side::Buy;
                r.price = price[sym];
                // Model-like inputs: sometimes nonsense.
                r.confidence = pick(10) == 0 ? uniform(-2, 8) : uniform(0, 1);
                r.atr = pick(10) == 0 ? -1.0 : uniform(0.001, 0.08) * r.price.toDouble();
                r.requestedQty = pick(3) == 0 ? Decimal::fromInt(pick(20000)) : Decimal();
                RiskContext c;
                c.account.cash = cash;
                c.account.equity = equity();
                c.account.buyingPower = cash.isPositive() ? cash : Decimal();
                c.account.lastEquity = guard.sessionStartEquity();
                c.budgetBaseEquity = guard.sessionStartEquity();
                for (auto it = qty.cbegin(); it != qty.cend(); ++it) {
                    if (!it.value().isPositive())
                        continue;
                    c.positionQty[it.key()] = it.value();
                    c.positionValue[it.key()] = it.value() * price[it.key()];
                    c.grossExposure += it.value() * price[it.key()];
                    c.committed[it.key()] = cost[it.key()];
                    c.tierCommitted[static_cast<std::size_t>(cfg.tierFor(it.key()) - 1)] += cost[it.key()];
                }
                c.state = guard.state();
                c.entryBlockers = guard.entryBlockers();
                c.ordersToday = ordersToday;
                c.fractionable = pick(2) == 0;
                const bool isReducing = sell && qty.value(sym).isPositive();
                const RiskVerdict v = engine.evaluate(r, c);
                if (isReducing) {
                    ++reducing;
                    QVERIFY2(v.kind != VerdictKind::Reject, qPrintable(QStringLiteral("step %1: a reducing order was blocked").arg(step)));
                    QVERIFY(v.finalQty <= qty.value(sym));
                } else if (c.state != TradingState::Active || !c.entryBlockers.isEmpty()) {
                    QVERIFY2(v.kind == VerdictKind::Reject, qPrintable(QStringLiteral("step %1: an entry passed in %2").arg(step).arg(textOf(c.state))));
                    ++entriesWhileBlocked;
                }
                if (r.requestedQty.isPositive())
                    QVERIFY(v.finalQty <= r.requestedQty); // never resized up
                if (v.kind == VerdictKind::Reject)
                    continue;
                ++accepted;
                const Decimal notional = v.finalQty * r.price;
                const Decimal eq = c.account.equity;
                if (sell) {
                    const Decimal fraction = v.finalQty.dividedBy(qty[sym], 18);
                    cost[sym] -= (cost[sym] * fraction).rounded(9);
                    qty[sym] -= v.finalQty;
                    cash += notional;
                    if (!qty[sym].isPositive()) {
                        qty.remove(sym);
                        cost.remove(sym);
                    }
                    continue;
                }
                qty[sym] += v.finalQty;
                cost[sym] += notional;
                cash -= notional;
                ++ordersToday;
                // The caps, at the moment the order is accepted and filled.
                QVERIFY2(qty[sym] * price[sym] <= eq * cfg.perPositionCap + tolerance, qPrintable(QStringLiteral("step %1: position cap").arg(step)));
                QVERIFY2(cost[sym] <= guard.sessionStartEquity() * cfg.perSymbolBudget + tolerance,
                         qPrintable(QStringLiteral("step %1: symbol budget").arg(step)));
                Decimal gross;
                for (auto it = qty.cbegin(); it != qty.cend(); ++it)
                    gross += it.value() * price[it.key()];
                QVERIFY2(gross <= eq * cfg.grossExposureCap + tolerance, qPrintable(QStringLiteral("step %1: gross exposure").arg(step)));
                QVERIFY2(!cash.isNegative(), qPrintable(QStringLiteral("step %1: cash went negative").arg(step)));
            } else if (kind < 90) {
                // Price moves, with the odd crash.
                const QString sym = symbols[pick(static_cast<int>(symbols.size()))];
                const double move = pick(50) == 0 ? uniform(-0.5, 0.1) : uniform(-0.04, 0.04);
                price[sym] = std::max("0.5"_d, Decimal::fromDouble(price[sym].toDouble() * (1 + move), 2).value());
                guard.onEquity(equity(), now);
            } else if (kind < 97) {
                guard.onSessionStart(++session, equity(), now);
                ordersToday = 0;
            } else if (kind < 98) {
                guard.killSwitch(QStringLiteral("property test"), QStringLiteral("tester"), now);
            } else if (kind < 99) {
                guard.reset(TradingGuard::KillSwitch, QStringLiteral("tester"), now);
                guard.reset(TradingGuard::Equity, QStringLiteral("tester"), now);
            } else {
                guard.onDataQuality(pick(2) ? "0.5"_d : "1"_d, now);
            }
        }
        qInfo("seed %llu: %d accepted, %d reducing, %d entries refused in REDUCING/HALTED or with a breaker open", seed, accepted,
              reducing, entriesWhileBlocked);
        QVERIFY(accepted > 1000);
        QVERIFY(reducing > 100);
        QVERIFY(entriesWhileBlocked > 100);
    }
};

QTEST_GUILESS_MAIN(TestRiskProperty)
#include "tst_riskproperty.moc"
