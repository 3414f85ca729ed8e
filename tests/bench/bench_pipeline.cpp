// SPDX-License-Identifier: GPL-3.0-or-later
// One pipeline iteration over 29 symbols × 300 bars with the deterministic
// selector: data validation, strategy, risk; then the same with the record
// stage writing to SQLite. Prints median and p99 in milliseconds.
#include "data/simulatedmarket.h"
#include "persistence/database.h"
#include "persistence/tradestore.h"
#include "pipeline/pipeline.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

namespace {
double pct(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    DemoUniverse universe = DemoUniverse::builtIn();
    universe.entries = universe.entries.mid(0, 29);
    SimulatedMarket::Options o;
    o.historySessions = 300;
    SimulatedMarket market(universe, o);
    RiskEngine risk;
    StrategyRegistry strategies;
    Pipeline pipeline(risk, strategies);
    RiskContext ctx;
    ctx.account.cash = ctx.account.equity = ctx.account.buyingPower = Decimal::fromInt(100000);

    QTemporaryDir dir;
    Database db(QStringLiteral("bench"));
    if (!db.open(dir.filePath(QStringLiteral("bench.db"))) || !db.migrate())
        return 1;
    TradeStore store(db);

    const int iterations = 400;
    std::vector<double> compute, withRecord;
    int signals = 0, proposals = 0;
    for (int i = 0; i < iterations; ++i) {
        Pipeline::Input in;
        in.source = &market;
        in.symbols = market.symbols();
        in.portfolio = ctx;
        in.session = market.sessionDate(market.completedSessions() - 1);
        in.now = market.clockTime();
        QElapsedTimer t;
        t.start();
        const Pipeline::Output r = pipeline.run(in);
        compute.push_back(t.nsecsElapsed() / 1e6);
        Status ok = store.begin();
        for (const Signal &s : r.signals)
            ok = ok ? store.recordSignal(s) : ok;
        for (const Proposal &p : r.proposals)
            ok = ok ? store.recordProposal(p) : ok;
        ok = ok ? store.recordIteration(r.summary, QStringLiteral("bench")) : ok;
        ok = ok ? store.commit() : ok;
        if (!ok) {
            out << "bench_pipeline: record failed: " << ok.error() << "\n";
            return 1;
        }
        withRecord.push_back(t.nsecsElapsed() / 1e6);
        signals += r.summary.signals;
        proposals += static_cast<int>(r.proposals.size());
        // Slide the window by one session so each iteration sees new data.
        market.fastForwardTo(market.completedSessions() + 1);
    }
    out << "bench_pipeline: " << universe.entries.size() << " symbols x " << o.historySessions << " bars, " << iterations
        << " iterations, deterministic selector (" << signals << " signals, " << proposals << " proposals)\n";
    out << QStringLiteral("  data+strategy+quant+risk median %1 ms   p99 %2 ms\n").arg(pct(compute, 0.5), 0, 'f', 3).arg(pct(compute, 0.99), 0, 'f', 3);
    out << QStringLiteral("  ... + record (SQLite)    median %1 ms   p99 %2 ms\n").arg(pct(withRecord, 0.5), 0, 'f', 3).arg(pct(withRecord, 0.99), 0, 'f', 3);
    return 0;
}
