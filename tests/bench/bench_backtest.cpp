// SPDX-License-Identifier: GPL-3.0-or-later
// sma_cross (10/30, 10 shares, cash 1,000,000) over 500 symbols × 2,520 daily
// bars of generated data: in memory with the risk engine and stop-loss exits on,
// against the same run with both off; then like with like (limits that let every
// entry through, so both make the same trades, checked trade by trade); then end to
// end from CSV through sentinel-cli, cold and with its bar cache, side by side with a
// tight C++ loop (tightloop.cpp) doing the same work; and a 100-combination sweep on
// one and two threads. Peak memory is each process's own high-water mark (VmHWM).
#include "backtest/backtester.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>

namespace {

BarTable generate(int symbols, int bars)
{
    BarTable t;
    std::uint64_t x = 20261121;
    const auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    for (int s = 0; s < symbols; ++s) {
        BarTable::Series ser;
        ser.symbol = QStringLiteral("S%1").arg(s, 3, 10, QLatin1Char('0'));
        ser.reserve(static_cast<std::size_t>(bars));
        std::int64_t cents = 2000 + static_cast<std::int64_t>(next() % 20000);
        QDate d(2015, 1, 2);
        for (int i = 0; i < bars; ++i) {
            while (d.dayOfWeek() > 5)
                d = d.addDays(1);
            const std::int64_t open = cents;
            const std::int64_t move = static_cast<std::int64_t>(next() % 401) - 200; // ±2 %
            std::int64_t close = std::max<std::int64_t>(100, open + open * move / 10000);
            const std::int64_t high = std::max(open, close) + static_cast<std::int64_t>(next() % 50);
            const std::int64_t low = std::max<std::int64_t>(50, std::min(open, close) - static_cast<std::int64_t>(next() % 50));
            ser.day.push_back(BarTable::dayNumber(d));
            ser.open.push_back(open * 10'000'000);
            ser.high.push_back(high * 10'000'000);
            ser.low.push_back(low * 10'000'000);
            ser.close.push_back(close * 10'000'000);
            ser.volume.push_back(100000 + static_cast<std::int64_t>(next() % 900000));
            cents = close + static_cast<std::int64_t>(next() % 21) - 10; // a small overnight gap
            cents = std::max<std::int64_t>(100, cents);
            d = d.addDays(1);
        }
        t.add(std::move(ser));
    }
    return t;
}

bool writeCsv(const BarTable &table, const QString &dir)
{
    for (const BarTable::Series &s : table.series()) {
        QFile f(QDir(dir).filePath(s.symbol + QStringLiteral(".csv")));
        if (!f.open(QIODevice::WriteOnly))
            return false;
        QByteArray text = "date,open,high,low,close,volume\n";
        text.reserve(static_cast<qsizetype>(s.size()) * 48);
        for (std::size_t i = 0; i < s.size(); ++i)
            text += BarTable::dateOf(s.day[i]).toString(Qt::ISODate).toLatin1() + ',' + Decimal::fromRaw(s.open[i]).toString().toLatin1() + ','
                    + Decimal::fromRaw(s.high[i]).toString().toLatin1() + ',' + Decimal::fromRaw(s.low[i]).toString().toLatin1() + ','
                    + Decimal::fromRaw(s.close[i]).toString().toLatin1() + ',' + QByteArray::number(s.volume[i]) + '\n';
        f.write(text);
    }
    return true;
}

struct Timed
{
    int code = -1;
    double wall = 0;
    double peakMb = 0;
};

// A child process, its output to a file, its own peak RSS read from what it prints as
// "peak_rss_kb N" (rusage would count the memory the fork inherited from this bench).
struct Child
{
    pid_t pid = -1;
    QByteArray output;
};

Child launch(const QString &program, const QStringList &args)
{
    static int serial = 0;
    std::vector<QByteArray> storage{QFile::encodeName(program)};
    for (const QString &a : args)
        storage.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &b : storage)
        argv.push_back(b.data());
    argv.push_back(nullptr);
    Child c;
    c.output = QDir::temp().filePath(QStringLiteral("bench_backtest-%1-%2.out").arg(getpid()).arg(++serial)).toLocal8Bit();
    c.pid = fork();
    if (c.pid == 0) {
        const int file = open(c.output.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int devnull = open("/dev/null", O_WRONLY);
        dup2(file, 1);
        dup2(devnull, 2);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return c;
}

Timed finish(const Child &c)
{
    int status = 0;
    waitpid(c.pid, &status, 0);
    Timed r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    QFile f(QString::fromLocal8Bit(c.output));
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray text = f.readAll();
        const qsizetype at = text.indexOf("peak_rss_kb");
        if (at >= 0) {
            qsizetype i = at + 11;
            while (i < text.size() && !(text[i] >= '0' && text[i] <= '9'))
                ++i;
            qsizetype j = i;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9')
                ++j;
            r.peakMb = text.mid(i, j - i).toDouble() / 1024.0;
        }
    }
    f.remove();
    return r;
}

Timed timed(const QString &program, const QStringList &args)
{
    QElapsedTimer t;
    t.start();
    Timed r = finish(launch(program, args));
    r.wall = t.nsecsElapsed() / 1e9;
    return r;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0.0 : v[v.size() / 2];
}

double best(const BarTable &t, const BacktestOptions &o, int runs, BacktestResult &last)
{
    double bestS = 1e9;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        last = Backtester(o).run(t);
        bestS = std::min(bestS, timer.nsecsElapsed() / 1e9);
    }
    return bestS;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int symbols = 500, bars = 2520;
    const BarTable table = generate(symbols, bars);
    const double n = static_cast<double>(table.barCount());
    // `bench_backtest csv DIR`: write the benchmark's CSVs to DIR and stop (for the tight loop and sweeps).
    if (argc == 3 && QByteArray(argv[1]) == "csv") {
        QDir().mkpath(QString::fromLocal8Bit(argv[2]));
        return writeCsv(table, QString::fromLocal8Bit(argv[2])) ? 0 : 1;
    }

    BacktestOptions on;
    on.params = {{QStringLiteral("fast"), QStringLiteral("10")}, {QStringLiteral("slow"), QStringLiteral("30")}};
    on.qty = Decimal::fromInt(10);
    on.cash = Decimal::fromInt(1'000'000);
    on.exits.stopLossPct = "0.05"_d;
    on.riskOn = true;
    BacktestOptions off = on;
    off.riskOn = false;
    off.exits.stopLossPct = Decimal();
    BacktestResult rOn, rOff;
    const double sOn = best(table, on, 5, rOn);
    const double sOff = best(table, off, 5, rOff);
    out << "bench_backtest: sma_cross 10/30, 10 shares, cash 1,000,000, " << symbols << " symbols x " << bars << " bars = " << n << " bars\n";
    out << QStringLiteral("  in memory, risk engine + 5 % stop on : %1 s  %2 M bars/s  (%3 trades, %4 entries rejected by risk)\n")
               .arg(sOn, 0, 'f', 4).arg(n / sOn / 1e6, 0, 'f', 2).arg(rOn.trades.size()).arg(rOn.ordersRejectedByRisk);
    out << QStringLiteral("  in memory, risk off, no stop         : %1 s  %2 M bars/s  (%3 trades)\n")
               .arg(sOff, 0, 'f', 4).arg(n / sOff / 1e6, 0, 'f', 2).arg(rOff.trades.size());
    out << QStringLiteral("  overhead of risk + exits             : %1 % (not like with like: the runs make different trades)\n")
               .arg((sOn / sOff - 1.0) * 100.0, 0, 'f', 1);

    // Like with like: limits wide enough that the risk engine approves every entry, and
    // an exit rule that is evaluated every bar but never triggers, so both runs make
    // the same trades. The trade lists are compared, and a difference fails the benchmark.
    BacktestOptions same = on;
    same.risk.maxOpenPositions = 500;
    same.risk.maxOrdersPerDay = 500;
    same.risk.cooldownSessions = 0;
    same.exits = ExitConfig();
    same.exits.stopLossPct = "0.99"_d;
    BacktestOptions bare = same;
    bare.riskOn = false;
    bare.exits = ExitConfig();
    BacktestResult rSame, rBare;
    // `bench_backtest profile same|bare`: one configuration, 20 runs, for a profiler.
    if (argc == 3 && QByteArray(argv[1]) == "profile") {
        BacktestOptions exitsOnly = same;
        exitsOnly.riskOn = false;
        const BacktestOptions &o = QByteArray(argv[2]) == "bare" ? bare : QByteArray(argv[2]) == "exits" ? exitsOnly : same;
        out << QStringLiteral("profile %1: best of 20 %2 s\n").arg(QLatin1String(argv[2])).arg(best(table, o, 20, rSame), 0, 'f', 4);
        return 0;
    }
    // Interleaved, best of 5 each, so both see the same machine.
    double sSame = 1e9, sBare = 1e9;
    for (int i = 0; i < 5; ++i) {
        sSame = std::min(sSame, best(table, same, 1, rSame));
        sBare = std::min(sBare, best(table, bare, 1, rBare));
    }
    const auto key = [](const BacktestTrade &t) {
        return QStringLiteral("%1|%2|%3|%4|%5|%6").arg(t.symbol, t.entryDate.toString(Qt::ISODate), t.entryPrice.toString(), t.qty.toString(),
                                                        t.exitDate.toString(Qt::ISODate), t.exitPrice.toString());
    };
    QStringList a, b;
    for (const BacktestTrade &t : rSame.trades)
        a << key(t);
    for (const BacktestTrade &t : rBare.trades)
        b << key(t);
    if (a != b) {
        qsizetype i = 0;
        while (i < std::min(a.size(), b.size()) && a[i] == b[i])
            ++i;
        out << QStringLiteral("  IDENTICAL-TRADES CHECK FAILED: risk on made %1 trades, risk off %2; first difference at trade %3:\n    on : %4\n    off: %5\n")
                   .arg(a.size())
                   .arg(b.size())
                   .arg(i)
                   .arg(a.value(i), b.value(i));
        return 1;
    }
    out << QStringLiteral("  same trades (%1, identical lists), risk engine + a never-triggered stop: %2 s; risk off: %3 s -> overhead %4 %\n")
               .arg(a.size())
               .arg(sSame, 0, 'f', 4)
               .arg(sBare, 0, 'f', 4)
               .arg((sSame / sBare - 1.0) * 100.0, 0, 'f', 1);

    // End to end from CSV to the trade file, one process per run, side by side with
    // the tight loop (tests/bench/tightloop.cpp) on the same files: A B A B ..., the
    // ratio taken pair by pair, the trade files compared byte for byte.
    QTemporaryDir dir, cache;
    if (!writeCsv(table, dir.path()))
        return 1;
    const QString sentinelTrades = dir.filePath(QStringLiteral("sentinel-trades.out")), loopTrades = dir.filePath(QStringLiteral("loop-trades.out"));
    const QStringList loopArgs{dir.path(), QStringLiteral("10"), QStringLiteral("30"), QStringLiteral("10"), QStringLiteral("1000000"), loopTrades};
    const auto cliArgs = [&](bool cached) {
        return QStringList{QStringLiteral("backtest"), QStringLiteral("--data"), dir.path(), QStringLiteral("--strategy"), QStringLiteral("sma_cross"),
                           QStringLiteral("--param"), QStringLiteral("fast=10"), QStringLiteral("--param"), QStringLiteral("slow=30"),
                           QStringLiteral("--qty"), QStringLiteral("10"), QStringLiteral("--cash"), QStringLiteral("1000000"), QStringLiteral("--risk"),
                           QStringLiteral("off"), QStringLiteral("--trades-out"), sentinelTrades, QStringLiteral("--bar-cache"),
                           cached ? QStringLiteral("on") : QStringLiteral("off"), QStringLiteral("--json")};
    };
    qputenv("SENTINEL_BAR_CACHE", cache.path().toLocal8Bit());
    if (timed(QStringLiteral(SENTINEL_CLI), cliArgs(true)).code != 0) // fills the cache: the warm runs read it
        return 1;
    const int pairs = argc == 2 ? std::max(3, QByteArray(argv[1]).toInt()) : 7;
    for (const bool cached : {false, true}) {
        QList<double> ratios, a, b;
        double peakA = 0, peakB = 0;
        for (int i = 0; i < pairs; ++i) {
            const Timed s = timed(QStringLiteral(SENTINEL_CLI), cliArgs(cached));
            const Timed l = timed(QStringLiteral(SENTINEL_TIGHTLOOP), loopArgs);
            if (s.code != 0 || l.code != 0) {
                out << "  end to end: a run failed (sentinel-cli " << s.code << ", tight loop " << l.code << ")\n";
                return 1;
            }
            ratios << l.wall / s.wall;
            a << s.wall;
            b << l.wall;
            peakA = std::max(peakA, s.peakMb);
            peakB = std::max(peakB, l.peakMb);
        }
        QFile fa(sentinelTrades), fb(loopTrades);
        if (!fa.open(QIODevice::ReadOnly) || !fb.open(QIODevice::ReadOnly) || fa.readAll() != fb.readAll()) {
            out << "  END-TO-END CHECK FAILED: the trade files of sentinel-cli and the tight loop differ\n";
            return 1;
        }
        out << QStringLiteral("  end to end, CSV to trade file, %1 (%2 pairs, medians): sentinel-cli %3 s, tight loop %4 s -> Sentinel at %5 % of the "
                              "tight loop's speed (pair by pair); identical trade files; peak RSS %6 MB vs %7 MB\n")
                   .arg(cached ? QStringLiteral("warm bar cache") : QStringLiteral("cold, parsing every file"))
                   .arg(pairs)
                   .arg(median(a), 0, 'f', 3)
                   .arg(median(b), 0, 'f', 3)
                   .arg(median(ratios) * 100.0, 0, 'f', 1)
                   .arg(peakA, 0, 'f', 1)
                   .arg(peakB, 0, 'f', 1);
    }

    // A sweep of 100 combinations over the same bars, with the risk engine, on one and on
    // two threads, in turn (1 2 1 2 1 2): the scaling is the median of the pairs' ratios.
    const auto sweepArgs = [&](int jobs, const QString &outFile) {
        return QStringList{QStringLiteral("sweep"), QStringLiteral("--data"), dir.path(), QStringLiteral("--strategy"), QStringLiteral("sma_cross"),
                           QStringLiteral("--grid"), QStringLiteral("fast=2:20:2"), QStringLiteral("--grid"), QStringLiteral("slow=25:70:5"),
                           QStringLiteral("--qty"), QStringLiteral("10"), QStringLiteral("--cash"), QStringLiteral("1000000"), QStringLiteral("--jobs"),
                           QString::number(jobs), QStringLiteral("--out"), outFile, QStringLiteral("--json")};
    };
    QList<double> one, two, scaling;
    double sweepPeak = 0;
    for (int pair = 0; pair < 3; ++pair) {
        double wall[3] = {0, 0, 0};
        for (const int jobs : {1, 2}) {
            const Timed t = timed(QStringLiteral(SENTINEL_CLI), sweepArgs(jobs, dir.filePath(QStringLiteral("sweep%1.csv").arg(jobs))));
            if (t.code != 0)
                return 1;
            wall[jobs] = t.wall;
            sweepPeak = std::max(sweepPeak, t.peakMb);
        }
        one << wall[1];
        two << wall[2];
        scaling << wall[1] / wall[2];
    }
    QFile s1(dir.filePath(QStringLiteral("sweep1.csv"))), s2(dir.filePath(QStringLiteral("sweep2.csv")));
    if (!s1.open(QIODevice::ReadOnly) || !s2.open(QIODevice::ReadOnly) || s1.readAll() != s2.readAll()) {
        out << "  SWEEP CHECK FAILED: one and two threads wrote different results\n";
        return 1;
    }
    out << QStringLiteral("  sweep, 100 combinations (fast 2..20 x slow 25..70), risk on, 3 pairs, medians: 1 thread %1 s, 2 threads %2 s -> "
                          "scaling %3x (pair by pair); identical result files; peak RSS %4 MB\n")
               .arg(median(one), 0, 'f', 2)
               .arg(median(two), 0, 'f', 2)
               .arg(median(scaling), 0, 'f', 2)
               .arg(sweepPeak, 0, 'f', 1);
    // What this machine gives two cores at once: two one-thread sweeps as two processes,
    // started together, against one alone. The threads are measured against that ceiling.
    QElapsedTimer both;
    both.start();
    const Child x = launch(QStringLiteral(SENTINEL_CLI), sweepArgs(1, dir.filePath(QStringLiteral("x.csv"))));
    const Child y = launch(QStringLiteral(SENTINEL_CLI), sweepArgs(1, dir.filePath(QStringLiteral("y.csv"))));
    if (finish(x).code != 0 || finish(y).code != 0)
        return 1;
    const double bothS = both.nsecsElapsed() / 1e9;
    out << QStringLiteral("  the machine's own ceiling: two one-thread sweeps as two processes at once take %1 s -> %2x the work of one in its time; "
                          "the threads reach %3 % of that\n")
               .arg(bothS, 0, 'f', 2)
               .arg(2.0 * median(one) / bothS, 0, 'f', 2)
               .arg(median(scaling) / (2.0 * median(one) / bothS) * 100.0, 0, 'f', 0);
    return 0;
}
