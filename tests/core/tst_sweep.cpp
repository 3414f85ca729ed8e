// SPDX-License-Identifier: GPL-3.0-or-later
// Parameter sweeps: the grid, the same result in any thread count, each row equal
// to a single backtest of its combination, walk-forward windows that do not leak,
// cancel, bad grids, and the command line.
#include "backtest/sweep.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

BarTable generate(int symbols, int bars)
{
    BarTable t;
    std::uint64_t x = 7013;
    const auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    for (int s = 0; s < symbols; ++s) {
        BarTable::Series ser;
        ser.symbol = QStringLiteral("S%1").arg(s, 2, 10, QLatin1Char('0'));
        std::int64_t cents = 5000 + static_cast<std::int64_t>(next() % 5000);
        QDate d(2020, 1, 2);
        for (int i = 0; i < bars; ++i) {
            while (d.dayOfWeek() > 5)
                d = d.addDays(1);
            const std::int64_t open = cents;
            const std::int64_t close = std::max<std::int64_t>(100, open + open * (static_cast<std::int64_t>(next() % 401) - 195) / 10000);
            ser.day.push_back(BarTable::dayNumber(d));
            ser.open.push_back(open * 10'000'000);
            ser.high.push_back((std::max(open, close) + 20) * 10'000'000);
            ser.low.push_back((std::min(open, close) - 20) * 10'000'000);
            ser.close.push_back(close * 10'000'000);
            ser.volume.push_back(100000);
            cents = close;
            d = d.addDays(1);
        }
        t.add(std::move(ser));
    }
    return t;
}

SweepSpec spec()
{
    SweepSpec s;
    s.base.qty = Decimal::fromInt(10);
    s.base.cash = Decimal::fromInt(1'000'000);
    s.axes = {SweepAxis::parse(QStringLiteral("fast=5:20:5")).value(), SweepAxis::parse(QStringLiteral("slow=20:40:10")).value()};
    return s;
}

} // namespace

class TestSweep : public QObject
{
    Q_OBJECT
    BarTable m_table = generate(12, 500);

private Q_SLOTS:
    void parsesAxes()
    {
        const auto a = SweepAxis::parse(QStringLiteral("fast=5:20:5"));
        QVERIFY(a);
        QCOMPARE(a->values.size(), 4);
        QCOMPARE(a->values.back(), Decimal::fromInt(20));
        const auto b = SweepAxis::parse(QStringLiteral("stop_loss_pct=1.5,3,3,6"));
        QVERIFY(b);
        QCOMPARE(b->values.size(), 3); // a repeated value is one combination
        for (const char *bad : {"fast", "fast=", "fast=5:2:1", "fast=1.5:4:1", "fast=5:20", "speed=1:2:1", "slow=0:10:5", "qty=-1,2",
                                "stop_loss_pct=nan", "fast=1:1000000:1"}) {
            const auto r = SweepAxis::parse(QLatin1String(bad));
            QVERIFY2(!r && !r.error().isEmpty(), bad);
        }
        SweepSpec twice = spec();
        twice.axes.append(twice.axes.front());
        QVERIFY(!Sweep::validate(twice));
        SweepSpec wrong = spec();
        wrong.base.strategy = QStringLiteral("bollinger_reversion");
        QVERIFY(Sweep::validate(wrong).error().contains(QLatin1String("sma_cross")));
    }
    void theSameResultInAnyThreadCount()
    {
        SweepSpec s = spec();
        s.jobs = 1;
        const SweepResult one = Sweep(s).run(m_table);
        s.jobs = 2;
        const SweepResult two = Sweep(s).run(m_table);
        s.jobs = 5;
        const SweepResult five = Sweep(s).run(m_table);
        QCOMPARE(one.combinations, 12);
        QCOMPARE(one.toCsv(s.axes), two.toCsv(s.axes));
        QCOMPARE(one.toCsv(s.axes), five.toCsv(s.axes));
        // fast 20 with slow 20 cannot run, and says why
        int skipped = 0;
        for (const SweepRow &r : one.rows)
            if (!r.skipped.isEmpty()) {
                ++skipped;
                QVERIFY(r.skipped.contains(QLatin1String("not shorter")));
                QCOMPARE(r.rank, 0);
            }
        QCOMPARE(skipped, 1);
        QCOMPARE(one.run, 11);
        QCOMPARE(one.ranked().front().rank, 1);
    }
    void eachRowIsThatCombinationsBacktest()
    {
        SweepSpec s = spec();
        s.jobs = 2;
        s.rank = SweepRank::TotalReturn;
        const SweepResult r = Sweep(s).run(m_table);
        double previous = std::numeric_limits<double>::infinity();
        for (const SweepRow &row : r.ranked()) {
            if (row.rank == 0)
                continue;
            BacktestOptions o = s.base;
            o.params.insert(QStringLiteral("fast"), row.values[0].toString());
            o.params.insert(QStringLiteral("slow"), row.values[1].toString());
            const BacktestResult single = Backtester(o).run(m_table);
            QCOMPARE(row.inSampleEquity, single.finalEquity);
            QCOMPARE(row.inSample.trades, single.metrics.trades);
            QVERIFY(row.inSample.totalReturn <= previous); // ranked best first
            previous = row.inSample.totalReturn;
        }
    }
    void walkForwardWindowsDoNotOverlap()
    {
        SweepSpec s = spec();
        s.outOfSampleFrom = Sweep::splitDay(m_table, 0.3);
        QVERIFY(s.outOfSampleFrom);
        const SweepResult r = Sweep(s).run(m_table);
        QCOMPARE(r.run, 22);
        QCOMPARE(r.outOfSampleFrom, BarTable::dateOf(*s.outOfSampleFrom));
        QVERIFY(r.inSampleTo < r.outOfSampleFrom);
        // The windows, run by hand: no in-sample equity on or after the split, no out-of-sample entry before it.
        const Result<BacktestOptions> o = Sweep::optionsFor(s, 0);
        QVERIFY(o);
        BacktestOptions in = o.value(), out = o.value();
        in.lastDay = *s.outOfSampleFrom - 1;
        out.firstDay = *s.outOfSampleFrom;
        const BacktestResult ri = Backtester(in).run(m_table), ro = Backtester(out).run(m_table);
        QVERIFY(!ri.equity.isEmpty() && !ro.equity.isEmpty());
        QVERIFY(ri.equity.back().first < r.outOfSampleFrom);
        QCOMPARE(ro.equity.front().first, r.outOfSampleFrom);
        for (const BacktestTrade &t : ri.trades)
            QVERIFY(t.entryDate < r.outOfSampleFrom && (!t.exitDate.isValid() || t.exitDate < r.outOfSampleFrom));
        for (const BacktestTrade &t : ro.trades)
            QVERIFY(t.entryDate > r.outOfSampleFrom); // signalled on or after the split, filled at a later open
        QCOMPARE(r.rows[0].inSampleEquity, ri.finalEquity);
        QCOMPARE(r.rows[0].outOfSampleEquity, ro.finalEquity);
        QVERIFY(r.toCsv(s.axes).startsWith("rank,combination,fast,slow,is_trades"));
        QVERIFY(r.toCsv(s.axes).contains(",oos_trades,"));
    }
    void cancelStopsTheSweep()
    {
        SweepSpec s = spec();
        s.jobs = 2;
        std::atomic_bool cancel{false};
        std::atomic_int calls{0};
        const SweepResult r = Sweep(s).run(
            m_table,
            [&](int done, int) {
                calls.fetch_add(1);
                if (done >= 2)
                    cancel = true;
            },
            &cancel);
        QVERIFY(r.cancelled);
        QVERIFY(calls.load() < 12);
        for (const SweepRow &row : r.rows)
            QCOMPARE(row.rank, 0); // a cancelled sweep ranks nothing
    }
    void commandLine()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("bars"));
        QDir().mkpath(data);
        for (const BarTable::Series &s : m_table.series()) {
            QFile f(data + QLatin1Char('/') + s.symbol + QStringLiteral(".csv"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("date,open,high,low,close,volume\n");
            for (std::size_t i = 0; i < s.size(); ++i)
                f.write(QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                            .arg(BarTable::dateOf(s.day[i]).toString(Qt::ISODate), Decimal::fromRaw(s.open[i]).toString(),
                                 Decimal::fromRaw(s.high[i]).toString(), Decimal::fromRaw(s.low[i]).toString(), Decimal::fromRaw(s.close[i]).toString())
                            .arg(s.volume[i])
                            .toLatin1());
        }
        const auto cli = [&](const QStringList &args) {
            QProcess p;
            p.start(QStringLiteral(SENTINEL_CLI), QStringList{QStringLiteral("sweep")} + args);
            p.waitForFinished(120000);
            return std::tuple{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
        };
        const QString out1 = dir.filePath(QStringLiteral("one.csv")), out2 = dir.filePath(QStringLiteral("two.csv"));
        const QStringList common{QStringLiteral("--data"), data, QStringLiteral("--strategy"), QStringLiteral("sma_cross"), QStringLiteral("--grid"),
                                 QStringLiteral("fast=5:20:5"), QStringLiteral("--grid"), QStringLiteral("slow=20:40:10"), QStringLiteral("--qty"),
                                 QStringLiteral("10"), QStringLiteral("--cash"), QStringLiteral("1000000"), QStringLiteral("--walk-forward"),
                                 QStringLiteral("0.3")};
        const auto [c1, o1, e1] = cli(common + QStringList{QStringLiteral("--jobs"), QStringLiteral("1"), QStringLiteral("--out"), out1});
        QVERIFY2(c1 == 0, e1.constData());
        QVERIFY(o1.contains("12 combinations (1 skipped), 22 backtests on 1 threads"));
        const auto [c2, o2, e2] = cli(common + QStringList{QStringLiteral("--jobs"), QStringLiteral("2"), QStringLiteral("--out"), out2, QStringLiteral("--json")});
        QVERIFY2(c2 == 0, e2.constData());
        const QJsonObject j = QJsonDocument::fromJson(o2).object();
        QCOMPARE(j[QStringLiteral("combinations")].toInt(), 12);
        QCOMPARE(j[QStringLiteral("jobs")].toInt(), 2);
        QCOMPARE(j[QStringLiteral("top")].toArray().size(), 5);
        QVERIFY(j[QStringLiteral("top")].toArray()[0].toObject().contains(QStringLiteral("out_of_sample")));
        QFile a(out1), b(out2);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QByteArray csv = a.readAll();
        QCOMPARE(csv, b.readAll());
        QCOMPARE(csv.count('\n'), 13); // header + one row per combination

        // Bad arguments say why and exit 2, writing nothing.
        const QString never = dir.filePath(QStringLiteral("never.csv"));
        for (const QStringList &bad :
             {QStringList{QStringLiteral("--grid"), QStringLiteral("fast=9:3:1")}, QStringList{QStringLiteral("--grid"), QStringLiteral("speed=1:3:1")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("fast=5:20:5"), QStringLiteral("--rank"), QStringLiteral("luck")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("fast=5:20:5"), QStringLiteral("--jobs"), QStringLiteral("0")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("fast=5:20:5"), QStringLiteral("--walk-forward"), QStringLiteral("1.5")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("fast=5:20:5"), QStringLiteral("--oos-from"), QStringLiteral("soon")},
              QStringList{}}) {
            const auto [code, out, err] = cli(QStringList{QStringLiteral("--data"), data, QStringLiteral("--strategy"), QStringLiteral("sma_cross"),
                                                          QStringLiteral("--out"), never} + bad);
            QVERIFY2(code == 2 && err.startsWith("sentinel-cli sweep: "), qPrintable(bad.join(QLatin1Char(' ')) + QLatin1String(": ") + QString::fromUtf8(err)));
            QVERIFY(!QFile::exists(never));
        }
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
