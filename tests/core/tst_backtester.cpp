// SPDX-License-Identifier: GPL-3.0-or-later
// The backtester's documented fill rules on crafted bars, costs, determinism,
// approval policies, the risk engine's effect, metrics and bad rows.
#include "backtest/backtester.h"

#include <QTemporaryDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

namespace {

struct Ohlc
{
    const char *o, *h, *l, *c;
};

BarTable::Series series(const QString &symbol, const QList<Ohlc> &bars, QDate start = QDate(2024, 1, 2))
{
    BarTable::Series s;
    s.symbol = symbol;
    QDate d = start;
    for (const Ohlc &b : bars) {
        while (d.dayOfWeek() > 5)
            d = d.addDays(1);
        s.day.push_back(BarTable::dayNumber(d));
        s.open.push_back(Decimal::parse(b.o)->raw());
        s.high.push_back(Decimal::parse(b.h)->raw());
        s.low.push_back(Decimal::parse(b.l)->raw());
        s.close.push_back(Decimal::parse(b.c)->raw());
        s.volume.push_back(1000);
        d = d.addDays(1);
    }
    return s;
}

// SMA2 crosses above SMA3 on the close of bar 3 (12 after 10, 9, 8).
QList<Ohlc> crossUpAtBar3()
{
    return {{"10", "10", "10", "10"}, {"9", "9", "9", "9"}, {"8", "8", "8", "8"}, {"11", "12", "11", "12"}};
}

BacktestOptions options()
{
    BacktestOptions o;
    o.params = {{QStringLiteral("fast"), QStringLiteral("2")}, {QStringLiteral("slow"), QStringLiteral("3")}};
    o.qty = Decimal::fromInt(10);
    o.riskOn = false;
    return o;
}

BacktestResult run(const QList<Ohlc> &bars, const BacktestOptions &o = options())
{
    BarTable t;
    t.add(series(QStringLiteral("AAA"), bars));
    return Backtester(o).run(t);
}

} // namespace

class TestBacktester : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void marketOrderFillsAtTheNextOpen()
    {
        QList<Ohlc> bars = crossUpAtBar3();
        bars << Ohlc{"13", "13.5", "12.8", "13"} << Ohlc{"13", "13.2", "12.9", "13.1"};
        const BacktestResult r = run(bars);
        QCOMPARE(r.trades.size(), 1);
        const BacktestTrade &t = r.trades.front();
        QCOMPARE(t.entryDate, QDate(2024, 1, 8)); // bar 4 (Jan 2, 3, 4, 5 are bars 0–3)
        QCOMPARE(t.entryPrice, "13"_d);          // the open of t + 1, not the signal close
        QCOMPARE(t.exitReason, QStringLiteral("open"));
        QVERIFY(!t.exitDate.isValid());
        QCOMPARE(r.finalEquity, "100001"_d);     // 10 × (13.1 − 13)
    }
    void stopGappedThroughFillsAtTheOpen()
    {
        BacktestOptions o = options();
        o.exits.stopLossPct = "0.1"_d; // stop at 11.70 below the 13 entry
        QList<Ohlc> bars = crossUpAtBar3();
        bars << Ohlc{"13", "13.5", "12.8", "13"} << Ohlc{"11", "11.5", "10.5", "11.2"};
        const BacktestResult r = run(bars, o);
        QCOMPARE(r.trades.front().exitReason, QStringLiteral("stop"));
        QCOMPARE(r.trades.front().exitPrice, "11"_d);
    }
    void stopReachedIntrabarFillsAtTheStop()
    {
        BacktestOptions o = options();
        o.exits.stopLossPct = "0.1"_d;
        QList<Ohlc> bars = crossUpAtBar3();
        bars << Ohlc{"13", "13.5", "12.8", "13"} << Ohlc{"12.5", "12.6", "11.5", "12.4"};
        const BacktestResult r = run(bars, o);
        QCOMPARE(r.trades.front().exitReason, QStringLiteral("stop"));
        QCOMPARE(r.trades.front().exitPrice, "11.7"_d);
        QCOMPARE(r.trades.front().exitDate, QDate(2024, 1, 9));
        // Not reached: the position stays open.
        QList<Ohlc> calm = crossUpAtBar3();
        calm << Ohlc{"13", "13.5", "12.8", "13"} << Ohlc{"12.5", "12.6", "11.71", "12.4"};
        QCOMPARE(run(calm, o).trades.front().exitReason, QStringLiteral("open"));
    }
    void signalExitSellsTheHeldQuantityAtTheNextOpen()
    {
        QList<Ohlc> bars = crossUpAtBar3();
        bars << Ohlc{"13", "13.5", "12.8", "13"} << Ohlc{"12", "12", "9", "9"} << Ohlc{"9.5", "9.5", "9", "9.2"};
        const BacktestResult r = run(bars);
        const BacktestTrade &t = r.trades.front();
        QCOMPARE(t.exitReason, QStringLiteral("signal"));
        QCOMPARE(t.exitPrice, "9.5"_d);
        QCOMPARE(t.qty, "10"_d);
        QCOMPARE(t.pnl, "-35"_d);
        QCOMPARE(r.metrics.trades, 1);
        QCOMPARE(r.metrics.winRate, 0.0);
    }
    void commissionAndSlippage()
    {
        BacktestOptions o = options();
        o.commissionPerShare = "0.01"_d;
        o.slippageBps = "10"_d; // 0.1 % against the trader
        QList<Ohlc> bars = crossUpAtBar3();
        bars << Ohlc{"13", "13.5", "12.8", "13"} << Ohlc{"12", "12", "9", "9"} << Ohlc{"10", "10", "9", "9.2"};
        const BacktestTrade t = run(bars, o).trades.front();
        QCOMPARE(t.entryPrice, "13.013"_d);
        QCOMPARE(t.exitPrice, "9.99"_d);
        QCOMPARE(t.pnl, "-30.43"_d); // 10 × (9.99 − 13.013) − 0.10 − 0.10
    }
    void approvalPolicyReducingOnlyNeverEnters()
    {
        BacktestOptions o = options();
        o.approval = BacktestOptions::Approval::ReducingOnly;
        QList<Ohlc> bars = crossUpAtBar3();
        bars << Ohlc{"13", "13.5", "12.8", "13"};
        QVERIFY(run(bars, o).trades.isEmpty());
    }
    void theRiskEngineResizesEntries()
    {
        BacktestOptions o = options();
        o.riskOn = true;
        o.exits.stopLossPct = "0.1"_d;          // the stop the risk per trade is measured against
        o.qty = Decimal::fromInt(100000); // far above 5 % of equity
        QList<Ohlc> bars = crossUpAtBar3();
        bars << Ohlc{"13", "13.5", "12.8", "13"};
        const BacktestResult r = run(bars, o);
        QCOMPARE(r.ordersResized, 1);
        QVERIFY(r.trades.front().qty * "12"_d <= "5000"_d); // sized at the signal close
    }
    void deterministicByteForByte()
    {
        BarTable t;
        std::uint64_t x = 99;
        for (int s = 0; s < 20; ++s) {
            BarTable::Series ser;
            ser.symbol = QStringLiteral("S%1").arg(s, 2, 10, QLatin1Char('0'));
            double p = 100;
            for (int i = 0; i < 500; ++i) {
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                const double c = p * (1 + (static_cast<double>((x >> 33) % 2001) - 1000.0) / 50000.0);
                const double lo = std::min(p, c) * 0.995, hi = std::max(p, c) * 1.005;
                ser.day.push_back(19000 + i);
                ser.open.push_back(Decimal::fromDouble(p, 2)->raw());
                ser.high.push_back(Decimal::fromDouble(hi, 2, RoundingMode::Ceiling)->raw());
                ser.low.push_back(Decimal::fromDouble(lo, 2, RoundingMode::Floor)->raw());
                ser.close.push_back(Decimal::fromDouble(c, 2)->raw());
                ser.volume.push_back(1000);
                p = c;
            }
            t.add(std::move(ser));
        }
        BacktestOptions o;
        o.exits.stopLossPct = "0.05"_d;
        const BacktestResult a = Backtester(o).run(t), b = Backtester(o).run(t);
        qInfo("%d trades, %d rejected by risk, %d resized", int(a.trades.size()), a.ordersRejectedByRisk, a.ordersResized);
        QCOMPARE(a.trades.size(), b.trades.size());
        QVERIFY(a.trades.size() > 20);
        for (int i = 0; i < a.trades.size(); ++i) {
            QCOMPARE(a.trades[i].symbol, b.trades[i].symbol);
            QCOMPARE(a.trades[i].entryPrice, b.trades[i].entryPrice);
            QCOMPARE(a.trades[i].exitDate, b.trades[i].exitDate);
            QCOMPARE(a.trades[i].pnl, b.trades[i].pnl);
        }
        QCOMPARE(a.finalEquity, b.finalEquity);
        QCOMPARE(a.equity, b.equity);
        // Sorted by symbol, then entry date.
        for (int i = 1; i < a.trades.size(); ++i)
            QVERIFY(a.trades[i - 1].symbol < a.trades[i].symbol
                    || (a.trades[i - 1].symbol == a.trades[i].symbol && a.trades[i - 1].entryDate <= a.trades[i].entryDate));
        QCOMPARE(a.bars, std::size_t(20 * 500));
    }
    void cancelStops()
    {
        BarTable t;
        t.add(series(QStringLiteral("AAA"), crossUpAtBar3()));
        std::atomic_bool cancel{true};
        QVERIFY(Backtester(options()).run(t, {}, &cancel).cancelled);
    }
    void metricsOnAKnownCurve()
    {
        QList<QPair<QDate, Decimal>> eq;
        const char *values[] = {"100", "110", "99", "121"};
        QDate d(2024, 1, 2);
        for (const char *v : values) {
            eq.append({d, Decimal::parse(v).value()});
            d = d.addDays(1);
        }
        const BacktestMetrics m = Backtester::metrics(eq, {}, 0.5);
        QVERIFY(qAbs(m.totalReturn - 0.21) < 1e-12);
        QVERIFY(qAbs(m.maxDrawdown - 0.1) < 1e-12); // 110 → 99
        QVERIFY(m.sharpe > 0 && m.sortino > m.sharpe);
        QCOMPARE(m.exposure, 0.5);
        QList<BacktestTrade> trades{{QStringLiteral("A"), {}, {}, {}, {}, {}, QStringLiteral("signal"), "30"_d},
                                    {QStringLiteral("A"), {}, {}, {}, {}, {}, QStringLiteral("stop"), "-10"_d},
                                    {QStringLiteral("B"), {}, {}, {}, {}, {}, QStringLiteral("open"), {}}};
        const BacktestMetrics t = Backtester::metrics(eq, trades, 0);
        QCOMPARE(t.trades, 2);
        QCOMPARE(t.winRate, 0.5);
        QCOMPARE(t.profitFactor, 3.0);
    }
    void badRowsAreReportedWithFileAndLineAndSkipped()
    {
        BarTable t;
        const BarTable::Series s = t.parse("date,open,high,low,close,volume\n"
                                           "2024-01-02,10,11,9,10.5,100\n"
                                           "2024-01-03,NaN,11,9,10,100\n"
                                           "2024-01-04,10,11,-9,10,100\n"
                                           "2024-01-05,10,9,11,10,100\n"
                                           "2024-01-05,10,11,9,10,100\n"
                                           "2024-01-08,10,11,9,10,100\n"
                                           "2024-01-08,10,11,9,10,100\n"
                                           "2024-01-09,10,11,9\n"
                                           "2024-02-30,10,11,9,10,100\n"
                                           "2024-01-10,10,11,9,10,-5\n",
                                           QStringLiteral("X.csv"), QStringLiteral("X"));
        QCOMPARE(s.size(), std::size_t(3)); // 01-02, 01-05 (the second one) and 01-08
        const QList<BarTable::RowError> &e = t.errors();
        QCOMPARE(e.size(), 7);
        QCOMPARE(e[0].line, 3);
        QVERIFY2(e[0].reason.contains(QStringLiteral("open \"NaN\" is not a positive number")), qPrintable(e[0].reason));
        QCOMPARE(e[1].line, 4);
        QCOMPARE(e[2].reason, QStringLiteral("high is below low"));
        QCOMPARE(e[3].reason, QStringLiteral("duplicate date"));
        QCOMPARE(e[4].line, 9);
        QVERIFY(e[5].reason.contains(QStringLiteral("invalid date")));
        QVERIFY(e[6].reason.contains(QStringLiteral("invalid volume")));
        QCOMPARE(e[0].file, QStringLiteral("X.csv"));
    }
    void csvHeadersAreReadByName()
    {
        // Reordered columns are matched by name, so open and close cannot swap silently.
        BarTable a;
        const BarTable::Series plain = a.parse("date,open,high,low,close,volume\n2024-01-02,10,12,9,11,100\n", QStringLiteral("A.csv"), QStringLiteral("A"));
        BarTable b;
        const BarTable::Series reordered = b.parse("DATE,Close,High,Low,Open,Volume\n2024-01-02,11,12,9,10,100\n", QStringLiteral("B.csv"), QStringLiteral("B"));
        QCOMPARE(reordered.size(), std::size_t(1));
        QCOMPARE(reordered.open, plain.open);
        QCOMPARE(reordered.close, plain.close);
        QVERIFY(b.errors().isEmpty());
        // A byte-order mark is not part of the header, nor of a first row without one.
        BarTable c;
        QCOMPARE(c.parse("\xEF\xBB\xBF" "date,open,high,low,close,volume\n2024-01-02,10,12,9,11,100\n", QStringLiteral("C.csv"), QStringLiteral("C")).size(),
                 std::size_t(1));
        QCOMPARE(c.parse("\xEF\xBB\xBF" "2024-01-02,10,12,9,11,100\n", QStringLiteral("C.csv"), QStringLiteral("C")).size(), std::size_t(1));
        QVERIFY(c.errors().isEmpty());
        // CR-only line endings are lines.
        BarTable d;
        QCOMPARE(d.parse("date,open,high,low,close,volume\r2024-01-02,10,12,9,11,100\r2024-01-03,10,12,9,11,100\r", QStringLiteral("D.csv"), QStringLiteral("D")).size(),
                 std::size_t(2));
        // A header without a needed column drops the file with the reason.
        BarTable e;
        QCOMPARE(e.parse("date,open,high,low,close\n2024-01-02,10,12,9,11\n", QStringLiteral("E.csv"), QStringLiteral("E")).size(), std::size_t(0));
        QVERIFY(e.errors().front().reason.contains(QStringLiteral("no 'volume' column")));
    }
    void csvValuesAreCheckedAndQuotedShort()
    {
        BarTable t;
        t.setLatestDay(BarTable::dayNumber(QDate(2026, 12, 3)));
        const QByteArray huge(100'000, '9');
        const BarTable::Series s = t.parse("date,open,high,low,close,volume\n"
                                           "2024-01-02,10,12,9,11,99999999999999999999\n"
                                           "2024-01-03," + huge + ",12,9,11,100\n"
                                           "2099-01-02,10,12,9,11,100\n",
                                           QStringLiteral("T.csv"), QStringLiteral("T"));
        QCOMPARE(s.size(), std::size_t(0));
        const QList<BarTable::RowError> &e = t.errors();
        QCOMPARE(e.size(), 3);
        QVERIFY2(e[0].reason.contains(QStringLiteral("volume \"99999999999999999999\" is larger than")), qPrintable(e[0].reason));
        QVERIFY2(e[1].reason.size() < 400, qPrintable(QString::number(e[1].reason.size()))); // not 100 KB of digits
        QVERIFY2(e[2].reason.contains(QStringLiteral("after the run's clock")), qPrintable(e[2].reason));
    }
    void csvFilesDroppedWholeAreReported()
    {
        QTemporaryDir dir;
        const auto write = [&](const char *name, const QByteArray &bytes) {
            QFile f(dir.filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        write("spy.csv", "2024-01-02,10,12,9,11,100\n");
        write("SPY.csv", "2024-01-02,20,22,19,21,100\n");
        write("EMPTY.csv", "");
        write("HDR.csv", "date,open,high,low,close,volume\n");
        write("OK.csv", "2024-01-02,10,12,9,11,100\n");
        write("b@d.csv", "2024-01-02,10,12,9,11,100\n");
        BarTable t;
        QVERIFY(t.loadDirectory(dir.path()));
        QCOMPARE(t.series().size(), std::size_t(1));
        QCOMPARE(t.series().front().symbol, QStringLiteral("OK"));
        QStringList reasons;
        for (const BarTable::RowError &e : t.errors())
            reasons.append(QFileInfo(e.file).fileName() + QStringLiteral(": ") + e.reason);
        const QString all = reasons.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("SPY.csv: not used: SPY.csv, spy.csv all name the symbol SPY"))
                     || all.contains(QStringLiteral("SPY.csv: not used: spy.csv, SPY.csv all name the symbol SPY")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("EMPTY.csv: not used: no bars")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("HDR.csv: not used: no bars")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("b@d.csv: not used: the file name is not a symbol")), qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestBacktester)
#include "tst_backtester.moc"
