// SPDX-License-Identifier: GPL-3.0-or-later
// Sentinel on Alpaca, proven against the local fake: orders go out once and
// are never lost or duplicated when the network and the broker misbehave
// (a reply that never comes, a connection closed without a reply, a submit
// never executed, 5xx, a 429 storm, a dropped stream, bad payloads), the
// rate limiter puts reducing orders first, and reconciliation finds a
// position closed behind Sentinel's back and an order it did not place.
#include "fakealpaca.h"
#include "data/exchangecalendar.h"
#include "domain/metatypes.h"
#include "pipeline/tradingengine.h"
#include "sqlprobe.h"
#include "venue/alpaca/alpacabroker.h"
#include "venue/alpaca/alpacamarketdata.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QDateTime kNow(QDate(2026, 11, 30), QTime(15, 0), Qt::UTC); // Monday 10:00 in New York: open


struct Rig
{
    FakeAlpaca fake;
    QTemporaryDir dir;
    std::unique_ptr<TradingEngine> engine;

    EngineOptions options(const QString &db)
    {
        EngineOptions o;
        o.dbPath = dir.filePath(db);
        o.connectionName = QStringLiteral("alpacavenue");
        o.venue = EngineOptions::VenueKind::Alpaca;
        o.alpaca = fake.endpoints();
        o.universe = {QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("XLE")};
        o.fixedStrategy = QStringLiteral("sma_cross");
        o.market.historySessions = 110;
        o.alpacaTimeoutMs = 2000;
        // (Under a loaded machine a 2 s timeout can fire and start a look-up's 5 s retry:
        // the waits below allow for two of those.)
        o.alpacaClockPollMs = 200;
        o.alpacaCloseDelayS = 0;
        o.proposalMinWaitMs = 0;
        return o;
    }
    bool start(EngineOptions o)
    {
        engine = std::make_unique<TradingEngine>(std::move(o));
        return engine->open().ok();
    }
};

bool setUpFake(FakeAlpaca &fake)
{
    fake.addCrossingHistory(QStringLiteral("AAPL"), QDate(2026, 11, 27));
    fake.generateHistory({QStringLiteral("MSFT"), QStringLiteral("XLE")}, QDate(2026, 5, 1), QDate(2026, 11, 27));
    fake.addCrossingHistory(QStringLiteral("AAPL"), QDate(2026, 11, 27)); // generateHistory reset the days list; the bars stay
    fake.setNow(kNow);
    return fake.start();
}

QString firstEntry(TradingEngine &e)
{
    for (const Proposal &p : e.pending())
        if (!p.reducing)
            return p.id;
    return {};
}

/// Every order the fake accepted was accepted once per client order id, and
/// every one of them is in Sentinel's record.
QString agreement(const FakeAlpaca &fake, const QString &dbPath)
{
    const auto accepted = fake.acceptedPerClientId();
    for (auto it = accepted.cbegin(); it != accepted.cend(); ++it)
        if (it.value() != 1)
            return QStringLiteral("client order id %1 accepted %2 times").arg(it.key()).arg(it.value());
    for (const FakeAlpaca::FakeOrder &o : fake.orders()) {
        if (o.clientOrderId.startsWith(QLatin1String("web-")))
            continue; // placed outside Sentinel
        const int n = count(dbPath, QStringLiteral("SELECT COUNT(*) FROM orders WHERE id = '%1'").arg(o.id));
        if (n != 1)
            return QStringLiteral("order %1 (%2, %3) is in the record %4 times").arg(o.id, o.clientOrderId, o.status).arg(n);
    }
    return {};
}

/// A broker over one AAPL fake, its snapshot in and its stream listening.
struct BrokerRig
{
    FakeAlpaca fake;
    std::unique_ptr<AlpacaClient> client;
    std::unique_ptr<AlpacaBroker> broker;
    std::unique_ptr<QSignalSpy> fills;

    bool start(bool partialFills = false)
    {
        fake.generateHistory({QStringLiteral("AAPL")}, QDate(2026, 11, 2), QDate(2026, 11, 27));
        fake.setNow(kNow);
        fake.setPartialFills(partialFills);
        if (!fake.start())
            return false;
        client = std::make_unique<AlpacaClient>(fake.endpoints());
        broker = std::make_unique<AlpacaBroker>(*client);
        fills = std::make_unique<QSignalSpy>(broker.get(), &Broker::fillReceived);
        QSignalSpy ready(broker.get(), &Broker::snapshotReceived);
        broker->requestSnapshot();
        return QTest::qWaitFor([&] { return ready.size() == 1 && broker->streamConnected(); }, 5000);
    }
};

} // namespace

class TestAlpacaVenue : public QObject
{
    Q_OBJECT

    /// Opens the engine on the fake and approves the first entry; returns its proposal id.
    QString openAndApprove(Rig &rig, const QString &db = QStringLiteral("a.db"), const std::function<void(EngineOptions &)> &adjust = {})
    {
        EngineOptions options = rig.options(db);
        if (adjust)
            adjust(options);
        if (!rig.start(std::move(options)))
            return {};
        if (!QTest::qWaitFor([&] { return rig.engine->isReady() && !rig.engine->iterationMs().empty(); }, 10000))
            return {};
        const QString id = firstEntry(*rig.engine);
        if (id.isEmpty())
            return {};
        const ApprovalOutcome o = rig.engine->approve(id);
        return o.ok() ? id : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        registerSentinelMetaTypes();
    }

    void entryFillsAndTheStopRestsAtTheBroker()
    {
        Rig rig;
        QVERIFY(setUpFake(rig.fake));
        const QString id = openAndApprove(rig);
        QVERIFY2(!id.isEmpty(), "no entry proposal on the crossing history");
        QTRY_VERIFY_WITH_TIMEOUT(rig.fake.positions().contains(QStringLiteral("AAPL")), 5000);
        // The entry is a bracket: its stop-loss leg protects the position at the broker, GTC.
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->book().protectiveStop(QStringLiteral("AAPL")).has_value(), 30000);
        bool stopAtBroker = false;
        for (const auto &o : rig.fake.orders())
            stopAtBroker |= o.type == QLatin1String("stop") && o.status == QLatin1String("held") && o.tif == QLatin1String("gtc")
                            && o.orderClass == QLatin1String("bracket") && !o.parentId.isEmpty();
        QVERIFY(stopAtBroker);
        QTRY_COMPARE_WITH_TIMEOUT(rig.engine->book().position(QStringLiteral("AAPL")).value_or(Position{}).qty,
                                  rig.fake.positions().value(QStringLiteral("AAPL")), 5000);
        // The record catches up with the broker's reports (a moment after the fake filled).
        QString why;
        QTest::qWaitFor([&] { return (why = agreement(rig.fake, rig.engine->options().dbPath)).isEmpty(); }, 15000);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // The fill is recorded when its report arrives (the order's state may come first, from the catch-up).
        QTRY_COMPARE_WITH_TIMEOUT(count(rig.engine->options().dbPath, QStringLiteral("SELECT COUNT(*) FROM fills")), 1, 15000);
    }

    void trailingRaiseReplacesTheStopLegThenItTriggers()
    {
        Rig rig;
        QVERIFY(setUpFake(rig.fake));
        const QString symbol = QStringLiteral("AAPL");
        const QString id = openAndApprove(rig, QStringLiteral("trail.db"), [](EngineOptions &o) { o.exits.trailingPct = Decimal::fromRaw(20'000'000); });
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->book().protectiveStop(symbol).has_value(), 15000);
        const auto legs = [&](const QString &type) {
            QList<FakeAlpaca::FakeOrder> out;
            for (const auto &o : rig.fake.orders())
                if (o.symbol == symbol && o.type == type && !o.parentId.isEmpty())
                    out.append(o);
            return out;
        };
        QCOMPARE(legs(QStringLiteral("stop")).size(), 1);
        QCOMPARE(legs(QStringLiteral("limit")).size(), 1);
        const QString parent = legs(QStringLiteral("stop")).front().parentId;
        const Decimal first = rig.engine->book().protectiveStop(symbol)->stopPrice;
        const Decimal entry = rig.fake.price(symbol);

        // +5 %: the 2 % trail lifts the stop above the stop-loss; the leg is replaced (PATCH), not a new order.
        const Decimal up = (entry * Decimal::fromRaw(1'050'000'000)).rounded(2, RoundingMode::Down);
        rig.fake.setPrice(symbol, up);
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->book().protectiveStop(symbol).has_value()
                                     && rig.engine->book().protectiveStop(symbol)->stopPrice > first,
                                 15000);
        const Decimal raised = rig.engine->book().protectiveStop(symbol)->stopPrice;
        QCOMPARE(raised, (up * Decimal::fromRaw(980'000'000)).rounded(2, RoundingMode::Down));
        QVERIFY(rig.fake.requestCount("PATCH", QStringLiteral("/v2/orders/")) >= 1);
        QCOMPARE(rig.fake.requestCount("POST", QStringLiteral("/v2/orders")), 1); // still only the bracket entry
        int heldStops = 0;
        for (const auto &o : legs(QStringLiteral("stop"))) {
            QCOMPARE(o.parentId, parent); // the replacement stays in the bracket
            if (o.status == QLatin1String("held")) {
                ++heldStops;
                QCOMPARE(o.stopPrice, raised);
            }
        }
        QCOMPARE(heldStops, 1);
        QCOMPARE(legs(QStringLiteral("limit")).front().status, QStringLiteral("new")); // the take-profit rests on

        // Below the raised stop: the leg sells, its take-profit sibling is cancelled, the book and record follow.
        rig.fake.setPrice(symbol, (raised * Decimal::fromRaw(990'000'000)).rounded(2, RoundingMode::Down));
        QTRY_VERIFY_WITH_TIMEOUT(!rig.fake.positions().contains(symbol), 5000);
        QCOMPARE(legs(QStringLiteral("limit")).front().status, QStringLiteral("canceled"));
        QTRY_VERIFY_WITH_TIMEOUT(!rig.engine->book().position(symbol).has_value(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->book().openOrders().isEmpty(), 15000);
        QString why;
        QTest::qWaitFor([&] { return (why = agreement(rig.fake, rig.engine->options().dbPath)).isEmpty(); }, 15000);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(count(rig.engine->options().dbPath, QStringLiteral("SELECT COUNT(*) FROM fills")), 2);
        QCOMPARE(count(rig.engine->options().dbPath,
                       QStringLiteral("SELECT COUNT(*) FROM decisions WHERE decision = 'auto_tighten' AND proposal_id = '%1'").arg(id)),
                 1);
    }

    void submitAcceptedButNeverAnswered()
    {
        Rig rig;
        QVERIFY(setUpFake(rig.fake));
        rig.fake.holdNextSubmits(1); // executed, the reply never comes
        rig.fake.setTradeStreamMuted(true); // and the stream says nothing: only a look-up can tell
        const QString id = openAndApprove(rig);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rig.fake.positions().contains(QStringLiteral("AAPL")), 5000);
        // Learned by a look-up by client order id, or by the catch-up read when the stream started: never by a resend.
        QTRY_VERIFY_WITH_TIMEOUT(rig.fake.requestCount("GET", QStringLiteral("/v2/orders:by_client_order_id")) >= 1
                                     || rig.engine->book().protectiveStop(QStringLiteral("AAPL")).has_value(),
                                 15000);
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->book().protectiveStop(QStringLiteral("AAPL")).has_value(), 30000);
        QCOMPARE(rig.fake.requestCount("POST", QStringLiteral("/v2/orders")), 1); // the bracket entry once; its stop came with it
        // The record catches up with the broker's reports (a moment after the fake filled).
        QString why;
        QTest::qWaitFor([&] { return (why = agreement(rig.fake, rig.engine->options().dbPath)).isEmpty(); }, 15000);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void connectionClosedWithoutAReply()
    {
        Rig rig;
        QVERIFY(setUpFake(rig.fake));
        rig.fake.dropNextSubmits(1); // executed, then the connection closes: Qt may send the POST again (contract §17)
        const QString id = openAndApprove(rig);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->book().protectiveStop(QStringLiteral("AAPL")).has_value(), 30000);
        // The record catches up with the broker's reports (a moment after the fake filled).
        QString why;
        QTest::qWaitFor([&] { return (why = agreement(rig.fake, rig.engine->options().dbPath)).isEmpty(); }, 15000);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        int entries = 0;
        for (const auto &o : rig.fake.orders())
            entries += o.side == QLatin1String("buy");
        QCOMPARE(entries, 1);
    }

    void submitNeverExecutedIsSentOnceMore()
    {
        Rig rig;
        QVERIFY(setUpFake(rig.fake));
        rig.fake.dropNextSubmitsUnexecuted(1); // the connection closes before the order is made
        const QString id = openAndApprove(rig);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rig.fake.positions().contains(QStringLiteral("AAPL")), 8000);
        // The record catches up with the broker's reports (a moment after the fake filled).
        QString why;
        QTest::qWaitFor([&] { return (why = agreement(rig.fake, rig.engine->options().dbPath)).isEmpty(); }, 15000);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void serverErrorOnSubmitIsLookedUp()
    {
        Rig rig;
        QVERIFY(setUpFake(rig.fake));
        rig.fake.failNext(QStringLiteral("/v2/orders"), 1, 503, "POST"); // nothing made; the answer is a 503 page
        const QString id = openAndApprove(rig);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rig.fake.positions().contains(QStringLiteral("AAPL")), 8000);
        QVERIFY(rig.fake.requestCount("GET", QStringLiteral("/v2/orders:by_client_order_id")) >= 1);
        // The record catches up with the broker's reports (a moment after the fake filled).
        QString why;
        QTest::qWaitFor([&] { return (why = agreement(rig.fake, rig.engine->options().dbPath)).isEmpty(); }, 15000);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void burstOf50Through429StormWithReducingFirst()
    {
        FakeAlpaca fake;
        fake.generateHistory({QStringLiteral("AAPL")}, QDate(2026, 11, 2), QDate(2026, 11, 27));
        fake.setNow(kNow);
        fake.setCash(Decimal::fromInt(10'000'000));
        QVERIFY(fake.start());
        const AlpacaEndpoints e = fake.endpoints();
        AlpacaClient client(e);
        client.setMaxInFlight(1); // one at a time makes the order of sending observable
        AlpacaBroker broker(client);
        QSignalSpy updates(&broker, &Broker::orderUpdated);
        fake.storm429(10);
        for (int i = 0; i < 50; ++i) {
            OrderRequest r = makeOrderRequest(QStringLiteral("en-%1").arg(i, 8, 10, QLatin1Char('0')), QStringLiteral("prp_%1").arg(i),
                                              QStringLiteral("AAPL"), Side::Buy, OrderType::Market, OrderPurpose::Entry, Decimal::fromInt(1), {});
            broker.submit(r);
        }
        // A reducing order asked for last goes ahead of the entries still waiting.
        OrderRequest exit = makeOrderRequest(QStringLiteral("ex-00000001"), QStringLiteral("prp_x"), QStringLiteral("AAPL"), Side::Sell,
                                             OrderType::Market, OrderPurpose::Exit, Decimal::fromInt(1), {});
        broker.submit(exit);
        QTRY_VERIFY_WITH_TIMEOUT(fake.acceptedPerClientId().size() == 51, 30000);
        for (auto it = fake.acceptedPerClientId().cbegin(); it != fake.acceptedPerClientId().cend(); ++it)
            QCOMPARE(it.value(), 1);
        QVERIFY(client.counts().value(QStringLiteral("retries_429")) >= 10);
        // Where did the exit go out among the accepted POSTs?
        int position = 0, exitAt = -1;
        for (const auto &l : fake.log()) {
            if (l.verb != "POST" || l.status != 200)
                continue;
            if (l.body.contains("ex-00000001"))
                exitAt = position;
            ++position;
        }
        QVERIFY2(exitAt >= 0 && exitAt < 5, qPrintable(QStringLiteral("the exit went out at %1 of 51").arg(exitAt)));
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 51, 5000);
    }

    void streamDroppedDuringFillsCatchesUpOnce()
    {
        BrokerRig rig;
        QVERIFY(rig.start(true));
        FakeAlpaca &fake = rig.fake;
        AlpacaBroker &broker = *rig.broker;
        QSignalSpy &fills = *rig.fills;
        // A limit order that partly fills now and finishes later.
        OrderRequest r = makeOrderRequest(QStringLiteral("en-00000042"), QStringLiteral("prp_42"), QStringLiteral("AAPL"), Side::Buy,
                                          OrderType::Market, OrderPurpose::Entry, Decimal::fromInt(10), {});
        broker.submit(r);
        QTRY_COMPARE_WITH_TIMEOUT(fills.size(), 1, 5000); // the partial fill, from the stream
        // The stream drops; the rest fills while nobody listens.
        fake.setTradeStreamMuted(true);
        fake.dropTradeStream();
        QTRY_VERIFY_WITH_TIMEOUT(!broker.streamConnected(), 5000);
        fake.setPrice(QStringLiteral("AAPL"), fake.price(QStringLiteral("AAPL")));
        fake.setTradeStreamMuted(false);
        // Reconnect, then catch up through REST: the second fill arrives once.
        QTRY_VERIFY_WITH_TIMEOUT(broker.streamConnected(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(fills.size(), 2, 5000);
        QTest::qWait(300);
        QCOMPARE(fills.size(), 2);
        Decimal total;
        for (const auto &args : fills)
            total += args.at(0).value<Fill>().qty;
        QCOMPARE(total, Decimal::fromInt(10));
        QVERIFY(fake.requestCount("GET", QStringLiteral("/v2/orders")) >= 2); // the catch-up
        QCOMPARE(fake.tradeStreamConnections(), 2);
        QCOMPARE(broker.streamReconnects(), 1);
    }

    void duplicateFillEventsCountOnce()
    {
        // The same execution seen on the stream and in a look-up is one fill.
        BrokerRig rig;
        QVERIFY(rig.start());
        AlpacaBroker &broker = *rig.broker;
        QSignalSpy &fills = *rig.fills;
        QSignalSpy ready(&broker, &Broker::snapshotReceived);
        broker.submit(makeOrderRequest(QStringLiteral("en-00000007"), QStringLiteral("prp_7"), QStringLiteral("AAPL"), Side::Buy,
                                       OrderType::Market, OrderPurpose::Entry, Decimal::fromInt(3), {}));
        QTRY_COMPARE_WITH_TIMEOUT(fills.size(), 1, 5000);
        QSignalSpy looked(&broker, &Broker::lookupFinished);
        broker.lookup(QStringLiteral("en-00000007"));
        QTRY_COMPARE_WITH_TIMEOUT(looked.size(), 1, 5000);
        broker.requestSnapshot();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 5000);
        QCOMPARE(fills.size(), 1);
    }

    void positionClosedBehindSentinelsBack()
    {
        Rig rig;
        QVERIFY(setUpFake(rig.fake));
        const QString id = openAndApprove(rig);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->book().protectiveStop(QStringLiteral("AAPL")).has_value(), 30000);
        rig.fake.closePositionBehindBack(QStringLiteral("AAPL"));
        // The stop's cancel comes on the trade stream first (on a loaded machine it can come
        // after the reconciliation's request, which would then also see the stop missing).
        QTRY_VERIFY_WITH_TIMEOUT(!rig.engine->book().protectiveStop(QStringLiteral("AAPL")).has_value(), 10000);
        rig.engine->reconcile(QStringLiteral("manual"));
        QTRY_VERIFY_WITH_TIMEOUT(!rig.engine->openDifferences().isEmpty(), 5000);
        const ReconDifference d = rig.engine->openDifferences().first();
        QCOMPARE(d.kind, ReconDifference::Kind::PositionGone);
        QCOMPARE(d.symbol, QStringLiteral("AAPL"));
        // Sentinel never acts on the cached position: it is gone from the book.
        QVERIFY(!rig.engine->book().position(QStringLiteral("AAPL")).has_value());
        const QString db = rig.engine->options().dbPath;
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM reconciliation WHERE kind = 'position_gone' AND resolution IS NULL")), 1);
        // New entries in AAPL wait for the trader's choice.
        QVERIFY(rig.engine->openDifferences().first().blocksEntries());
        QVERIFY(rig.engine->resolveDifference(d.id, ReconDifference::Resolution::Adopted).ok());
        QVERIFY(rig.engine->openDifferences().isEmpty());
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM reconciliation WHERE resolution = 'adopted' AND resolved_by = 'trader'")), 1);
        // Adopted: the next reconciliation finds nothing.
        rig.engine->reconcile(QStringLiteral("manual"));
        QTest::qWait(500);
        QVERIFY(rig.engine->openDifferences().isEmpty());
    }

    void externalOrderIsShownAndNeverCancelledWithoutAsking()
    {
        Rig rig;
        QVERIFY(setUpFake(rig.fake));
        const QString ext = rig.fake.placeExternalOrder(QStringLiteral("MSFT"), QStringLiteral("buy"), Decimal::fromInt(1), Decimal::fromInt(1));
        QVERIFY(rig.start(rig.options(QStringLiteral("ext.db"))));
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->isReady(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!rig.engine->openDifferences().isEmpty(), 5000);
        const ReconDifference d = rig.engine->openDifferences().first();
        QCOMPARE(d.kind, ReconDifference::Kind::OrderExternal);
        QCOMPARE(d.orderId, ext);
        QTest::qWait(300);
        QCOMPARE(rig.fake.requestCount("DELETE", QStringLiteral("/v2/orders")), 0);
        QVERIFY(rig.engine->resolveDifference(d.id, ReconDifference::Resolution::Flattened).ok());
        QTRY_COMPARE_WITH_TIMEOUT(rig.fake.requestCount("DELETE", QStringLiteral("/v2/orders/") + ext), 1, 5000);
    }

    void badPayloadsLeaveEverythingRunning()
    {
        Rig rig;
        QVERIFY(setUpFake(rig.fake));
        rig.fake.overrideNext(QStringLiteral("/v2/account"), QByteArrayLiteral("{\"cash\": \"lots\"}"));
        rig.fake.overrideNext(QStringLiteral("/v2/positions"), QByteArray(10 * 1024 * 1024, 'x'));
        rig.fake.overrideNext(QStringLiteral("/v2/calendar"), QByteArrayLiteral("[{\"date\":\"2026-11-30\",\"open\":\"9:30am\"}]"));
        QVERIFY(rig.start(rig.options(QStringLiteral("bad.db"))));
        // Each bad answer is a clear error; the next try reads, and the engine gets ready.
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->isReady(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!rig.engine->iterationMs().empty(), 20000);
        QVERIFY(rig.engine->failure().isEmpty());
        // A trade update that does not read is reported and skipped.
        QVERIFY(rig.engine->venue().client->counts().value(QStringLiteral("account")) >= 2);
    }

    void fractionalAndSubPennyRulesAtTheFake()
    {
        FakeAlpaca fake;
        fake.generateHistory({QStringLiteral("AAPL"), QStringLiteral("QTWX")}, QDate(2026, 11, 2), QDate(2026, 11, 27));
        fake.setAsset(QStringLiteral("QTWX"), FakeAlpaca::Asset{true, false, false});
        fake.setNow(kNow);
        QVERIFY(fake.start());
        const AlpacaEndpoints e = fake.endpoints();
        AlpacaClient client(e);
        AlpacaBroker broker(client);
        QSignalSpy updates(&broker, &Broker::orderUpdated);
        OrderRequest frac = makeOrderRequest(QStringLiteral("en-00000101"), QStringLiteral("prp_101"), QStringLiteral("QTWX"), Side::Buy,
                                             OrderType::Market, OrderPurpose::Entry, "0.5"_d, {});
        broker.submit(frac);
        OrderRequest penny = makeOrderRequest(QStringLiteral("en-00000102"), QStringLiteral("prp_102"), QStringLiteral("AAPL"), Side::Buy,
                                              OrderType::Limit, OrderPurpose::Entry, Decimal::fromInt(1), {});
        penny.limitPrice = "10.123"_d;
        broker.submit(penny);
        QTRY_COMPARE_WITH_TIMEOUT(updates.size(), 2, 5000);
        for (const auto &args : updates) {
            const Order o = args.at(0).value<Order>();
            QCOMPARE(o.status, OrderStatus::Rejected);
            QVERIFY2(o.reason.contains(QLatin1String("fractionable")) || o.reason.contains(QLatin1String("sub-penny")), qPrintable(o.reason));
        }
    }
};

QTEST_MAIN(TestAlpacaVenue)
#include "tst_alpacavenue.moc"
