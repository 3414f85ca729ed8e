// SPDX-License-Identifier: GPL-3.0-or-later
// Latency of one risk verdict with 10 open positions and every rule on
// (tiers and the regime scalar enabled, freshness, market hours and the
// approval-time drift check evaluated), and sustained verdicts per second.
#include "risk/riskengine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <vector>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    RiskConfig cfg;
    cfg.tiersEnabled = true;
    cfg.regimeEnabled = true;
    cfg.maxOpenPositions = 20; // 10 are open: new symbols pass every rule, so each verdict runs the whole list
    for (int i = 0; i < 10; ++i)
        cfg.tierOf.insert(QStringLiteral("P%1").arg(i), 1 + i % 3);
    const RiskEngine engine(cfg);

    RiskContext ctx;
    ctx.account.equity = ctx.account.cash = ctx.account.buyingPower = "100000"_d;
    ctx.account.lastEquity = ctx.budgetBaseEquity = "100500"_d;
    for (int i = 0; i < 10; ++i) {
        const QString s = QStringLiteral("P%1").arg(i);
        const Decimal qty = Decimal::fromInt(10 + i), price = Decimal::fromInt(40 + 7 * i);
        ctx.positionQty.insert(s, qty);
        ctx.positionValue.insert(s, qty * price);
        ctx.committed.insert(s, qty * price);
        ctx.grossExposure += qty * price;
        ctx.tierCommitted[static_cast<std::size_t>(i % 3)] += qty * price;
    }
    ctx.account.cash -= ctx.grossExposure;
    ctx.account.buyingPower = ctx.account.cash;
    ctx.freshnessKnown = ctx.marketKnown = ctx.marketOpen = true;
    ctx.atApproval = true;
    ctx.proposalPrice = "101"_d;
    ctx.regimeScalar = 0.9;
    ctx.ordersToday = 3;
    ctx.sessionIndex = 50;
    ctx.lastExitSession.insert(QStringLiteral("P3"), 40);
    ctx.fractionable = true;

    // A mix of entries (sized by the engine and requested) and reducing orders.
    std::vector<RiskRequest> requests;
    for (int i = 0; i < 64; ++i) {
        RiskRequest r;
        r.symbol = i % 8 == 7 ? QStringLiteral("P%1").arg(i % 10) : QStringLiteral("N%1").arg(i);
        r.side = i % 8 == 7 ? Side::Sell : Side::Buy;
        r.price = Decimal::fromDouble(100.0 + (i % 5) * 0.5, 2).value();
        r.confidence = 0.35 + (i % 6) * 0.1;
        r.atr = 1.5 + (i % 4) * 0.25;
        r.requestedQty = i % 3 == 0 ? Decimal::fromInt(5 + i) : Decimal();
        r.strategy = QStringLiteral("MeanReversion");
        requests.push_back(r);
    }

    const int n = 200000;
    std::vector<double> ns;
    ns.reserve(n);
    int approved = 0;
    int skipped = 0;
    for (const RiskRequest &r : requests)
        for (const RuleResult &rr : engine.evaluate(r, ctx).rules)
            skipped += rr.outcome == RuleOutcome::Skipped;
    for (int i = 0; i < 20000; ++i) // warm up
        approved += engine.evaluate(requests[static_cast<std::size_t>(i % 64)], ctx).kind != VerdictKind::Reject;
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < n; ++i) {
        QElapsedTimer t;
        t.start();
        const RiskVerdict v = engine.evaluate(requests[static_cast<std::size_t>(i % 64)], ctx);
        ns.push_back(static_cast<double>(t.nsecsElapsed()));
        approved += v.kind != VerdictKind::Reject;
    }
    const double totalS = total.nsecsElapsed() / 1e9;
    std::sort(ns.begin(), ns.end());
    const auto at = [&](double p) { return ns[static_cast<std::size_t>(p * (ns.size() - 1))] / 1000.0; };
    out << "bench_riskverdict: " << n << " verdicts, " << engine.ruleOrder().size() << " rules, 10 open positions, all rules on ("
        << approved << " not rejected incl. warm-up; " << skipped << " rule results skipped over the 64 requests)\n";
    out << QStringLiteral("  latency   p50 %1 µs   p90 %2 µs   p99 %3 µs   max %4 µs\n")
               .arg(at(0.5), 0, 'f', 2).arg(at(0.9), 0, 'f', 2).arg(at(0.99), 0, 'f', 2).arg(ns.back() / 1000.0, 0, 'f', 1);
    out << QStringLiteral("  sustained %1 verdicts/s (single thread, timing included)\n").arg(n / totalS, 0, 'f', 0);
    // Without per-call timing overhead.
    QElapsedTimer bulk;
    bulk.start();
    for (int i = 0; i < n; ++i)
        approved += engine.evaluate(requests[static_cast<std::size_t>(i % 64)], ctx).kind != VerdictKind::Reject;
    out << QStringLiteral("  sustained %1 verdicts/s (single thread, no per-call timer)\n").arg(n / (bulk.nsecsElapsed() / 1e9), 0, 'f', 0);
    return approved > 0 ? 0 : 1;
}
