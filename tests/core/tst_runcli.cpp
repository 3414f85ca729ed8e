// SPDX-License-Identifier: GPL-3.0-or-later
// `sentinel-cli run` against the local Alpaca: the JSON summary, the exit codes
// (2 bad arguments, 3 broker unreachable or keys refused), and a kill between
// journaling an order and sending it, then a restart that sends it once.
#include "data/exchangecalendar.h"
#include "fakealpaca.h"
#include "sqlprobe.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QDateTime kNow(QDate(2026, 11, 30), QTime(15, 0), Qt::UTC);


struct Outcome
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    bool crashed = false;
};

} // namespace

class TestRunCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    Outcome run(const FakeAlpaca &fake, const QStringList &args, const QMap<QString, QString> &env = {}, int timeoutMs = 60000)
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("APCA_API_KEY_ID"), fake.keyId());
        e.insert(QStringLiteral("APCA_API_SECRET_KEY"), fake.secret());
        e.insert(QStringLiteral("APCA_API_BASE_URL"), fake.tradingUrl());
        e.insert(QStringLiteral("APCA_API_DATA_URL"), fake.dataUrl());
        e.insert(QStringLiteral("APCA_API_DATA_STREAM_URL"), fake.dataStreamUrl());
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        e.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            e.insert(it.key(), it.value());
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(SENTINEL_CLI), QStringList{QStringLiteral("run")} + args);
        p.closeWriteChannel();
        // The fake lives in this process: keep its event loop turning while the child runs.
        QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs);
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished();
        }
        Outcome o;
        o.code = p.exitCode();
        o.crashed = p.exitStatus() == QProcess::CrashExit;
        o.out = p.readAllStandardOutput();
        o.err = p.readAllStandardError();
        return o;
    }

    static bool setUp(FakeAlpaca &fake)
    {
        fake.generateHistory({QStringLiteral("MSFT"), QStringLiteral("XLE")}, QDate(2026, 5, 1), QDate(2026, 11, 27));
        fake.addCrossingHistory(QStringLiteral("AAPL"), QDate(2026, 11, 27));
        fake.setNow(kNow);
        return fake.start();
    }

    QStringList common(const QString &db) const
    {
        return {QStringLiteral("--broker"), QStringLiteral("alpaca"), QStringLiteral("--symbols"), QStringLiteral("AAPL,MSFT,XLE"),
                QStringLiteral("--strategy"), QStringLiteral("sma_cross"), QStringLiteral("--db"), m_dir.filePath(db),
                QStringLiteral("--clock-poll-ms"), QStringLiteral("200"), QStringLiteral("--close-delay-s"), QStringLiteral("0"),
                QStringLiteral("--settle-s"), QStringLiteral("5"), QStringLiteral("--json")};
    }

private Q_SLOTS:
    void approvesAllAndSummarises()
    {
        FakeAlpaca fake;
        QVERIFY(setUp(fake));
        const Outcome o = run(fake, common(QStringLiteral("all.db")) + QStringList{QStringLiteral("--approve"), QStringLiteral("all")});
        QVERIFY2(o.code == 0, o.err.constData());
        QVERIFY(o.err.contains("standing approval"));
        const QJsonObject j = QJsonDocument::fromJson(o.out).object();
        QVERIFY2(!j.isEmpty(), o.out.constData());
        for (const char *key : {"iterations", "proposals", "approved", "rejected_by_risk", "orders", "fills", "duplicate_submits_avoided",
                                "reconciliation_differences", "requests", "final_equity"})
            QVERIFY2(j.contains(QLatin1String(key)), key);
        QCOMPARE(j.value(QStringLiteral("iterations")).toInt(), 1);
        QVERIFY(j.value(QStringLiteral("proposals")).toInt() >= 1);
        QVERIFY(j.value(QStringLiteral("approved")).toInt() >= 1);
        QVERIFY(j.value(QStringLiteral("fills")).toInt() >= 1);
        QVERIFY(j.value(QStringLiteral("settled")).toBool());
        const QJsonObject requests = j.value(QStringLiteral("requests")).toObject();
        // 3 symbols × ~120 bars fit one page of 10,000: one request, never one per symbol.
        QCOMPARE(requests.value(QStringLiteral("bars_pages")).toInt(), 1);
        QVERIFY(requests.value(QStringLiteral("orders_post")).toInt() >= 1); // the bracket entry, its stop a leg of it
        bool bracket = false;
        for (const auto &o : fake.orders())
            bracket |= o.side == QLatin1String("buy") && o.orderClass == QLatin1String("bracket") && o.legIds.size() == 2;
        QVERIFY(bracket);
        QCOMPARE(fake.requestCount("GET", QStringLiteral("/v2/stocks/bars")), 1);
        for (auto it = fake.acceptedPerClientId().cbegin(); it != fake.acceptedPerClientId().cend(); ++it)
            QCOMPARE(it.value(), 1);
        QVERIFY(fake.positions().contains(QStringLiteral("AAPL")));
        // A standing approval is recorded as one, not as the trader.
        const QString db = m_dir.filePath(QStringLiteral("all.db"));
        QVERIFY(count(db, QStringLiteral("SELECT COUNT(*) FROM decisions WHERE decision = 'approve' AND operator = 'standing_approval'")) >= 1);
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM decisions WHERE decision = 'approve' AND operator <> 'standing_approval'")), 0);
    }

    void badArgumentsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("approve") << QStringList{QStringLiteral("--approve"), QStringLiteral("maybe")} << QStringLiteral("--approve");
        QTest::newRow("iterations") << QStringList{QStringLiteral("--iterations"), QStringLiteral("0")} << QStringLiteral("--iterations");
        QTest::newRow("timeframe") << QStringList{QStringLiteral("--timeframe"), QStringLiteral("3Hour")} << QStringLiteral("--timeframe");
        QTest::newRow("broker") << QStringList{QStringLiteral("--broker"), QStringLiteral("ibkr")} << QStringLiteral("--broker");
        QTest::newRow("symbol") << QStringList{QStringLiteral("--symbols"), QStringLiteral("AAPL,$$$")} << QStringLiteral("--symbols");
        QTest::newRow("strategy") << QStringList{QStringLiteral("--strategy"), QStringLiteral("astrology")} << QStringLiteral("unknown strategy");
        QTest::newRow("approve all live") << QStringList{QStringLiteral("--approve"), QStringLiteral("all"), QStringLiteral("--live"),
                                                         QStringLiteral("--trading-url"), QStringLiteral("https://api.alpaca.markets")}
                                          << QStringLiteral("refused against the live host");
        QTest::newRow("live host without --live") << QStringList{QStringLiteral("--trading-url"), QStringLiteral("https://api.alpaca.markets")}
                                                  << QStringLiteral("add --live");
    }
    void badArgumentsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        FakeAlpaca fake;
        QVERIFY(setUp(fake));
        const Outcome o = run(fake, args + QStringList{QStringLiteral("--db"), m_dir.filePath(QStringLiteral("bad.db"))});
        QCOMPARE(o.code, 2);
        QVERIFY2(QString::fromUtf8(o.err).contains(message), o.err.constData());
        QCOMPARE(fake.requestCount("", QStringLiteral("/")), 0);
    }

    void refusedKeysExitThree()
    {
        FakeAlpaca fake;
        QVERIFY(setUp(fake));
        const Outcome o = run(fake, common(QStringLiteral("keys.db")) + QStringList{QStringLiteral("--connect-timeout-s"), QStringLiteral("5")},
                              {{QStringLiteral("APCA_API_SECRET_KEY"), QStringLiteral("wrong")}});
        QCOMPARE(o.code, 3);
        QVERIFY2(o.err.contains("401") || o.err.contains("not authorized"), o.err.constData());
        QVERIFY(!o.err.contains("wrong")); // the secret never reaches a message
    }

    void unreachableBrokerExitsThree()
    {
        FakeAlpaca fake;
        QVERIFY(setUp(fake));
        const Outcome o = run(fake,
                              common(QStringLiteral("down.db"))
                                  + QStringList{QStringLiteral("--trading-url"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--data-url"),
                                                QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--connect-timeout-s"), QStringLiteral("3")});
        QCOMPARE(o.code, 3);
        QVERIFY2(o.err.contains("could not reach the broker"), o.err.constData());
    }

    void killedBetweenJournalAndSendThenRestarted()
    {
        FakeAlpaca fake;
        QVERIFY(setUp(fake));
        const QStringList args = common(QStringLiteral("kill.db")) + QStringList{QStringLiteral("--approve"), QStringLiteral("all")};
        const Outcome killed = run(fake, args, {{QStringLiteral("SENTINEL_CRASH_AT"), QStringLiteral("order.before_send:1")}});
        QVERIFY2(killed.crashed || killed.code != 0, killed.err.constData());
        QCOMPARE(fake.requestCount("POST", QStringLiteral("/v2/orders")), 0); // journaled, never sent
        // The restart sends the journaled order once; no new bar comes, so it stops after 3 s.
        const Outcome again = run(fake, args + QStringList{QStringLiteral("--max-wait-s"), QStringLiteral("3")});
        QVERIFY2(again.code == 0, again.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(fake.positions().contains(QStringLiteral("AAPL")), 5000);
        int entries = 0;
        for (const auto &ord : fake.orders())
            entries += ord.side == QLatin1String("buy") ? 1 : 0;
        QCOMPARE(entries, 1);
        for (auto it = fake.acceptedPerClientId().cbegin(); it != fake.acceptedPerClientId().cend(); ++it)
            QCOMPARE(it.value(), 1);
    }

    void simulatorRunsTheSameCommand()
    {
        FakeAlpaca fake; // unused: the simulator needs no network
        const Outcome o = run(fake, {QStringLiteral("--broker"), QStringLiteral("sim"), QStringLiteral("--iterations"), QStringLiteral("3"),
                                     QStringLiteral("--approve"), QStringLiteral("all"), QStringLiteral("--db"), m_dir.filePath(QStringLiteral("sim.db")),
                                     QStringLiteral("--settle-s"), QStringLiteral("1"), QStringLiteral("--json")});
        QVERIFY2(o.code == 0, o.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(o.out).object();
        QCOMPARE(j.value(QStringLiteral("iterations")).toInt(), 3);
        QCOMPARE(j.value(QStringLiteral("broker")).toString(), QStringLiteral("sim"));
    }
};

QTEST_MAIN(TestRunCli)
#include "tst_runcli.moc"
