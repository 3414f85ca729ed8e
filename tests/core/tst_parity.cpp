// SPDX-License-Identifier: GPL-3.0-or-later
// Parity: the same strategy gives the same trades in a backtest and in a
// demo-mode replay of the same bars (pipeline, risk engine, approval at the
// close, orders held to the next open, fills by the simulated broker).
#include "backtest/backtester.h"
#include "pipeline/tradingengine.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Trip
{
    QString symbol;
    QDate entryDate;
    Decimal entryPrice;
    QDate exitDate;
    Decimal exitPrice;
    bool operator==(const Trip &o) const
    {
        return symbol == o.symbol && entryDate == o.entryDate && entryPrice == o.entryPrice && exitDate == o.exitDate && exitPrice == o.exitPrice;
    }
};
QString text(const Trip &t)
{
    return QStringLiteral("%1 %2@%3 → %4@%5").arg(t.symbol, t.entryDate.toString(Qt::ISODate), t.entryPrice.toString(),
                                                 t.exitDate.toString(Qt::ISODate), t.exitPrice.toString());
}
RiskConfig looseLimits()
{
    // Limits loose enough that they never decide which trades happen, only their size.
    RiskConfig r;
    r.minConfidence = 0.0;
    r.perPositionCap = "0.03"_d;
    r.perSymbolBudget = "0.5"_d;
    r.maxOpenPositions = 1000;
    r.maxOrdersPerDay = 1000;
    r.maxOrderNotional = Decimal::fromInt(1);
    r.dailyLossLimit = "0.99"_d;
    r.equityDrawdownLimit = "0.99"_d;
    return r;
}
} // namespace

class TestParity : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void backtestAndDemoReplayTradeAlike()
    {
        const int sessions = 150;
        EngineOptions o;
        o.dbPath = qEnvironmentVariableIsSet("SENTINEL_PARITY_DB") ? qEnvironmentVariable("SENTINEL_PARITY_DB") : m_dir.filePath(QStringLiteral("parity.db"));
        o.connectionName = QStringLiteral("parity");
        o.fixedStrategy = QStringLiteral("sma_cross");
        o.protectiveStops = false;
        o.strategyHealth = false;
        o.exits = ExitConfig{};
        o.risk = looseLimits();
        o.startingCash = Decimal::fromInt(10'000'000);
        TradingEngine e(o);
        QVERIFY(e.open());
        const int first = e.completedSessions();
        const QDate firstDate = e.clock().session;
        for (int s = 0; s < sessions; ++s) {
            e.runSession();
            for (int round = 0; round < 3 && !e.pending().isEmpty(); ++round)
                for (const Proposal &p : QList<Proposal>(e.pending()))
                    QVERIFY(e.approve(p.id).kind != ApprovalOutcome::Failed);
        }
        e.tick(); // send what waits for the open

        // The replay's round trips, from the recorded fills.
        QList<Trip> demo;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("parity-read"));
            db.setDatabaseName(o.dbPath);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT f.symbol, o.purpose, f.price, f.created_at FROM fills f JOIN orders o ON o.id = f.order_id"
                                          " ORDER BY f.seq")));
            QHash<QString, qsizetype> open;
            while (q.next()) {
                const QString sym = q.value(0).toString();
                const QDate day = QDateTime::fromString(q.value(3).toString(), Qt::ISODateWithMs).date();
                const Decimal price = Decimal::parse(q.value(2).toString()).value();
                if (q.value(1).toString() == QLatin1String("entry")) {
                    open.insert(sym, demo.size());
                    demo.append({sym, day, price, {}, {}});
                } else {
                    Trip &t = demo[open.take(sym)];
                    t.exitDate = day;
                    t.exitPrice = price;
                }
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("parity-read"));

        // The backtest over the same bars, entries allowed from the same first session.
        BarTable table;
        for (const QString &sym : e.bars().symbols())
            table.add(BarTable::fromBars(e.bars().recentBars(sym, 100000)));
        BacktestOptions b;
        b.strategy = QStringLiteral("sma_cross");
        b.sizing = BacktestOptions::Sizing::Risk;
        b.cash = o.startingCash;
        b.risk = looseLimits();
        b.riskOn = true;
        b.firstBar = static_cast<std::size_t>(first);
        const BacktestResult r = Backtester(b).run(table);
        QList<Trip> bt;
        for (const BacktestTrade &t : r.trades) {
            if (t.entryDate < firstDate)
                continue;
            bt.append({t.symbol, t.entryDate, t.entryPrice, t.exitReason == QLatin1String("open") ? QDate() : t.exitDate,
                       t.exitReason == QLatin1String("open") ? Decimal() : t.exitPrice});
        }
        // A trade still open in the replay may have its exit order filled at the backtest's last open; compare closed trips
        // and the entries of open ones.
        const auto key = [](const Trip &t) { return t.symbol + t.entryDate.toString(Qt::ISODate); };
        std::sort(demo.begin(), demo.end(), [&](const Trip &a, const Trip &c) { return key(a) < key(c); });
        std::sort(bt.begin(), bt.end(), [&](const Trip &a, const Trip &c) { return key(a) < key(c); });
        qInfo("replay: %d trades, backtest: %d trades over %d sessions", int(demo.size()), int(bt.size()), sessions);
        QVERIFY(demo.size() > 20);
        QCOMPARE(demo.size(), bt.size());
        for (qsizetype i = 0; i < demo.size(); ++i)
            QVERIFY2(demo[i] == bt[i], qPrintable(QStringLiteral("replay %1 ≠ backtest %2").arg(text(demo[i]), text(bt[i]))));
    }
};

QTEST_GUILESS_MAIN(TestParity)
#include "tst_parity.moc"
