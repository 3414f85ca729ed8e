// SPDX-License-Identifier: GPL-3.0-or-later
// sentinel-cli backtest: the trade and equity CSVs, the JSON summary, bad rows
// reported with file and line while the run goes on, and bad arguments.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestBacktestCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_data;

    struct Run
    {
        int code;
        QByteArray out, err;
    };
    Run run(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(SENTINEL_CLI), QStringList{QStringLiteral("backtest")} + args);
        p.waitForFinished(60000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_data = m_dir.filePath(QStringLiteral("bars"));
        QDir().mkpath(m_data);
        for (const char *sym : {"BBB", "AAA"}) {
            QFile f(m_data + QStringLiteral("/%1.csv").arg(QLatin1String(sym)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("date,open,high,low,close,volume\n");
            QDate d(2023, 1, 2);
            for (int i = 0; i < 400; ++i) {
                while (d.dayOfWeek() > 5)
                    d = d.addDays(1);
                const double c = 100 + 15 * std::sin(i / 9.0 + (sym[0] == 'A' ? 0 : 1)) + i * 0.02;
                const QString row = QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                                        .arg(d.toString(Qt::ISODate))
                                        .arg(c + 0.3, 0, 'f', 2).arg(c + 1.5, 0, 'f', 2).arg(c - 1.5, 0, 'f', 2).arg(c, 0, 'f', 2)
                                        .arg(1000 + i);
                f.write(row.toLatin1());
                if (i == 100 && sym[0] == 'B')
                    f.write("2023-06-01,nan,1,1,1,5\n"); // line 103: a bad row
                d = d.addDays(1);
            }
        }
    }
    void writesTradesAndEquityAndJson()
    {
        const QString trades = m_dir.filePath(QStringLiteral("trades.csv")), equity = m_dir.filePath(QStringLiteral("equity.csv"));
        const Run r = run({QStringLiteral("--data"), m_data, QStringLiteral("--strategy"), QStringLiteral("sma_cross"), QStringLiteral("--param"),
                           QStringLiteral("fast=5"), QStringLiteral("--param"), QStringLiteral("slow=15"), QStringLiteral("--qty"), QStringLiteral("10"),
                           QStringLiteral("--stop-loss-pct"), QStringLiteral("3"), QStringLiteral("--trades-out"), trades, QStringLiteral("--equity-out"),
                           equity, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("BBB.csv:103:"), r.err.constData()); // reported, and the run went on
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        for (const char *k : {"bars", "trades", "final_equity", "load_s", "run_s", "bars_per_s", "total_return", "cagr", "sharpe", "sortino",
                              "max_drawdown", "win_rate", "profit_factor", "exposure"})
            QVERIFY2(j.contains(QLatin1String(k)), k);
        QCOMPARE(j[QStringLiteral("bars")].toInt(), 800);
        QCOMPARE(j[QStringLiteral("rows_rejected")].toInt(), 1);
        const double barsPerS = j[QStringLiteral("bars_per_s")].toDouble();
        const double expected = 800 / (j[QStringLiteral("load_s")].toDouble() + j[QStringLiteral("run_s")].toDouble());
        QVERIFY(std::abs(barsPerS - expected) / expected < 0.01);
        QFile t(trades);
        QVERIFY(t.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = t.readAll().trimmed().split('\n');
        QCOMPARE(lines.front(), QByteArray("symbol,entry_date,entry_price,exit_date,exit_price,exit_reason"));
        QCOMPARE(lines.size() - 1, j[QStringLiteral("trades")].toInt());
        QVERIFY(lines.size() > 5);
        QByteArray previous;
        for (int i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> cells = lines[i].split(',');
            QCOMPARE(cells.size(), 6);
            const QByteArray reason = cells[5];
            QVERIFY2(QList<QByteArray>({"signal", "stop", "take_profit", "trailing", "time", "budget", "open"}).contains(reason), reason.constData());
            QCOMPARE(cells[3].isEmpty(), reason == "open");
            const QByteArray key = cells[0] + ',' + cells[1];
            QVERIFY(previous <= key); // by symbol, then entry date
            previous = key;
        }
        QFile e(equity);
        QVERIFY(e.open(QIODevice::ReadOnly));
        QCOMPARE(e.readLine().trimmed(), QByteArray("date,equity"));
        // Twice: the same bytes.
        const QString again = m_dir.filePath(QStringLiteral("trades2.csv"));
        run({QStringLiteral("--data"), m_data, QStringLiteral("--strategy"), QStringLiteral("sma_cross"), QStringLiteral("--param"), QStringLiteral("fast=5"), QStringLiteral("--param"), QStringLiteral("slow=15"),
             QStringLiteral("--stop-loss-pct"), QStringLiteral("3"), QStringLiteral("--trades-out"), again});
        QFile t2(again);
        QVERIFY(t2.open(QIODevice::ReadOnly));
        t.seek(0);
        QCOMPARE(t2.readAll(), t.readAll());
    }
    void badArgumentsExitWith2()
    {
        const QList<QStringList> bad{{},
                                     {QStringLiteral("--data"), QStringLiteral("/nonexistent")},
                                     {QStringLiteral("--data"), m_data, QStringLiteral("--strategy"), QStringLiteral("Astrology")},
                                     {QStringLiteral("--data"), m_data, QStringLiteral("--param"), QStringLiteral("fast")},
                                     {QStringLiteral("--data"), m_data, QStringLiteral("--param"), QStringLiteral("fast=40")},
                                     {QStringLiteral("--data"), m_data, QStringLiteral("--qty"), QStringLiteral("-3")},
                                     {QStringLiteral("--data"), m_data, QStringLiteral("--qty"), QStringLiteral("5"), QStringLiteral("--sizing"), QStringLiteral("risk")},
                                     {QStringLiteral("--data"), m_data, QStringLiteral("--risk"), QStringLiteral("maybe")},
                                     {QStringLiteral("--data"), m_data, QStringLiteral("--approve"), QStringLiteral("none")},
                                     {QStringLiteral("--data"), m_data, QStringLiteral("--stop-loss-pct"), QStringLiteral("150")}};
        for (const QStringList &args : bad) {
            const Run r = run(args);
            QVERIFY2(r.code == 2, qPrintable(args.join(QLatin1Char(' '))));
            QVERIFY(!r.err.isEmpty());
        }
    }
    void flagsThatDoNotParseAreErrors()
    {
        // backtest without --strategy: an error, never a silent default.
        const Run none = run({QStringLiteral("--data"), m_data});
        QCOMPARE(none.code, 2);
        QVERIFY2(none.err.contains("--strategy NAME is required"), none.err.constData());
        const Run cash = run({QStringLiteral("--data"), m_data, QStringLiteral("--strategy"), QStringLiteral("sma_cross"), QStringLiteral("--cash"),
                              QStringLiteral("99999999999")});
        QCOMPARE(cash.code, 2);
        QVERIFY2(cash.err.contains("outside the supported range"), cash.err.constData());
        // demo --seed: abc, -1 and a huge number are errors (exit 2), never seed 0.
        for (const char *seed : {"abc", "-1", "99999999999999999999999"}) {
            QProcess p;
            p.start(QStringLiteral(SENTINEL_CLI), {QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("1"), QStringLiteral("--seed"),
                                                   QLatin1String(seed), QStringLiteral("--db"), m_dir.filePath(QStringLiteral("seed.db"))});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 2);
            QVERIFY(p.readAllStandardError().contains("--seed must be a whole number"));
        }
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("seed.db"))));
    }
    void riskOffAndReducingPolicy()
    {
        const Run off = run({QStringLiteral("--data"), m_data, QStringLiteral("--strategy"), QStringLiteral("sma_cross"), QStringLiteral("--risk"), QStringLiteral("off"), QStringLiteral("--json")});
        QCOMPARE(off.code, 0);
        QCOMPARE(QJsonDocument::fromJson(off.out).object()[QStringLiteral("risk")].toString(), QStringLiteral("off"));
        const Run reducing = run({QStringLiteral("--data"), m_data, QStringLiteral("--strategy"), QStringLiteral("sma_cross"), QStringLiteral("--approve"), QStringLiteral("reducing"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(reducing.out).object()[QStringLiteral("trades")].toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBacktestCli)
#include "tst_backtestcli.moc"
