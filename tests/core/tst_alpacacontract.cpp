// SPDX-License-Identifier: GPL-3.0-or-later
// Alpaca's recorded payloads read into Sentinel's values; bad payloads give a
// clear reason; the order rules; and the local fake answers in the contract's
// shapes (every key a fixture has, with the same JSON type).
#include "execution/orderrules.h"
#include "fakealpaca.h"
#include "testpaths.h"
#include "venue/alpaca/alpacaclient.h"
#include "venue/alpaca/alpacajson.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QtTest>

using namespace alpaca;

class TestAlpacaContract : public QObject
{
    Q_OBJECT
    QString m_dir;

    QByteArray fixture(const QString &name)
    {
        QFile f(m_dir + QLatin1Char('/') + name);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return f.readAll();
    }
    QByteArray frameData(const QString &name)
    {
        return fixture(name);
    }

    /// Every key of `want` is in `got` with the same JSON type (null in either is allowed).
    static QStringList shapeProblems(const QJsonValue &want, const QJsonValue &got, const QString &path)
    {
        QStringList out;
        if (want.isNull() || got.isNull())
            return out;
        if (want.type() != got.type()) {
            out << QStringLiteral("%1: fixture has type %2, fake %3").arg(path).arg(want.type()).arg(got.type());
            return out;
        }
        if (want.isObject()) {
            const QJsonObject w = want.toObject(), g = got.toObject();
            for (auto it = w.begin(); it != w.end(); ++it) {
                if (!g.contains(it.key())) {
                    // Fields the fixtures mark as deprecated or optional.
                    static const QStringList optional{QStringLiteral("pattern_day_trader"), QStringLiteral("daytrade_count"),
                                                      QStringLiteral("daytrading_buying_power"), QStringLiteral("crypto_status"),
                                                      QStringLiteral("options_buying_power"), QStringLiteral("options_approved_level"),
                                                      QStringLiteral("options_trading_level"), QStringLiteral("initial_margin"),
                                                      QStringLiteral("maintenance_margin"), QStringLiteral("last_maintenance_margin"),
                                                      QStringLiteral("sma"), QStringLiteral("accrued_fees"), QStringLiteral("pending_transfer_in"),
                                                      QStringLiteral("pending_transfer_out"), QStringLiteral("intraday_adjustments"),
                                                      QStringLiteral("pending_reg_taf_fees"), QStringLiteral("effective_buying_power"),
                                                      QStringLiteral("position_market_value"), QStringLiteral("crypto_tier"),
                                                      QStringLiteral("position_intent"), QStringLiteral("expires_at"), QStringLiteral("ratio_qty"),
                                                      QStringLiteral("unrealized_intraday_pl"), QStringLiteral("unrealized_intraday_plpc"),
                                                      QStringLiteral("cusip"), QStringLiteral("margin_requirement_long"),
                                                      QStringLiteral("margin_requirement_short"), QStringLiteral("maintenance_margin_requirement"),
                                                      QStringLiteral("borrow_status"), QStringLiteral("currency")};
                    if (!optional.contains(it.key()))
                        out << QStringLiteral("%1.%2 missing in the fake").arg(path, it.key());
                    continue;
                }
                out << shapeProblems(it.value(), g.value(it.key()), path + QLatin1Char('.') + it.key());
            }
        } else if (want.isArray() && !want.toArray().isEmpty() && !got.toArray().isEmpty()) {
            out << shapeProblems(want.toArray().first(), got.toArray().first(), path + QStringLiteral("[0]"));
        }
        return out;
    }

    QByteArray fakeGet(FakeAlpaca &fake, const QString &base, const QString &pathAndQuery, int *status = nullptr,
                       const QByteArray &verb = "GET", const QByteArray &body = {})
    {
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(base + pathAndQuery));
        req.setRawHeader("APCA-API-KEY-ID", fake.keyId().toUtf8());
        req.setRawHeader("APCA-API-SECRET-KEY", fake.secret().toUtf8());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *r = nam.sendCustomRequest(req, verb, body);
        QEventLoop loop;
        connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
        if (status)
            *status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray out = r->readAll();
        r->deleteLater();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = sharedFixtures("alpaca");
        if (m_dir.isEmpty())
            QSKIP("the shared Alpaca fixtures are not beside the source tree (set SENTINEL_SHARED_DIR)");
    }

    void account()
    {
        for (const char *f : {"account.json", "account_without_pdt_fields.json"}) {
            const auto a = parseAccount(fixture(QLatin1String(f)));
            QVERIFY2(a.ok(), qPrintable(a.error()));
            QVERIFY(a->equity.isPositive());
            QVERIFY(a->buyingPower.isPositive());
        }
        const QJsonObject o = QJsonDocument::fromJson(fixture(QStringLiteral("account.json"))).object();
        const auto a = parseAccount(fixture(QStringLiteral("account.json")));
        QCOMPARE(a->cash.toString(), o.value(QStringLiteral("cash")).toString());
        QCOMPARE(a->equity.toString(), o.value(QStringLiteral("equity")).toString());
    }

    void positions()
    {
        const auto list = parsePositions(fixture(QStringLiteral("positions_list.json")));
        QVERIFY2(list.ok(), qPrintable(list.error()));
        QCOMPARE(list->size(), 3);
        bool sawShort = false, sawFraction = false;
        for (const Position &p : list.value()) {
            sawShort |= p.qty.isNegative();
            sawFraction |= !p.qty.isInteger();
        }
        QVERIFY(sawShort);
        QVERIFY(sawFraction);
        QVERIFY(parsePosition(fixture(QStringLiteral("position_aapl.json"))).ok());
    }

    void orders()
    {
        for (const char *f : {"order_new_limit.json", "order_accepted_notional.json", "order_partially_filled.json", "order_filled.json",
                              "order_canceled.json", "order_rejected.json", "order_replacement_from_patch.json",
                              "order_replaced_original.json", "close_position_order.json"}) {
            const auto o = parseOrder(fixture(QLatin1String(f)));
            QVERIFY2(o.ok(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(f), o.error())));
            QVERIFY(o->external); // their client order ids are not Sentinel's
        }
        const auto notional = parseOrder(fixture(QStringLiteral("order_accepted_notional.json")));
        QVERIFY(notional->notional.isPositive());
        QCOMPARE(notional->status, OrderStatus::Accepted);
        const auto partial = parseOrder(fixture(QStringLiteral("order_partially_filled.json")));
        QCOMPARE(partial->status, OrderStatus::PartiallyFilled);
        QVERIFY(partial->filledQty.isPositive() && partial->filledQty < partial->qty);
        const auto replaced = parseOrder(fixture(QStringLiteral("order_replaced_original.json")));
        QCOMPARE(replaced->status, OrderStatus::Replaced);
        QVERIFY(!replaced->replacedBy.isEmpty());
        const auto fresh = parseOrder(fixture(QStringLiteral("order_replacement_from_patch.json")));
        QCOMPARE(fresh->replaces, replaced->id);

        const auto bracket = parseOrderWithLegs(fixture(QStringLiteral("order_bracket_with_legs.json")));
        QVERIFY2(bracket.ok(), qPrintable(bracket.error()));
        QCOMPARE(bracket->size(), 3);
        QCOMPARE(bracket->at(0).orderClass, OrderClass::Bracket);
        QCOMPARE(bracket->at(1).parentId, bracket->at(0).id);
        QCOMPARE(bracket->at(2).type, OrderType::Stop);
        const auto nested = parseOrderWithLegs(fixture(QStringLiteral("order_bracket_entry_filled_nested.json")));
        QVERIFY2(nested.ok(), qPrintable(nested.error()));
        const auto list = parseOrders(fixture(QStringLiteral("orders_list_open.json")));
        QVERIFY2(list.ok(), qPrintable(list.error()));
        QVERIFY(!list->isEmpty());
    }

    void ourClientOrderIdsDecode()
    {
        const QString proposal = QStringLiteral("prp_0f8fad5b-d9cb-469f-a165-70867728950e");
        for (OrderPurpose p : {OrderPurpose::Entry, OrderPurpose::Exit, OrderPurpose::ProtectiveStop}) {
            const QString id = clientOrderIdFor(proposal, p, p == OrderPurpose::ProtectiveStop ? 7 : 0);
            QVERIFY(id.size() <= 48);
            OrderPurpose back{};
            QString prop;
            QVERIFY(decodeClientOrderId(id, back, prop));
            QCOMPARE(back, p);
            QCOMPARE(prop, proposal);
        }
        OrderPurpose x{};
        QString prop;
        QVERIFY(!decodeClientOrderId(QStringLiteral("qtws-20251125-000019"), x, prop));
    }

    void clockCalendarAssets()
    {
        const auto open = parseClock(fixture(QStringLiteral("clock_open.json")));
        QVERIFY2(open.ok(), qPrintable(open.error()));
        QVERIFY(open->isOpen);
        QCOMPARE(open->timestamp.timeSpec(), Qt::UTC);
        const auto closed = parseClock(fixture(QStringLiteral("clock_closed.json")));
        QVERIFY(closed.ok() && !closed->isOpen);
        QVERIFY(closed->nextOpen > closed->timestamp);
        const auto cal = parseCalendar(fixture(QStringLiteral("calendar_week.json")));
        QVERIFY2(cal.ok(), qPrintable(cal.error()));
        QCOMPARE(cal->size(), 4); // Thanksgiving week: the holiday is absent
        QCOMPARE(cal->last().close, QTime(13, 0)); // the early close
        const auto aapl = parseAssets(fixture(QStringLiteral("asset_aapl.json")));
        QVERIFY(aapl.ok() && aapl->first().facts.fractionable && aapl->first().facts.tradable);
        const auto qtwx = parseAssets(fixture(QStringLiteral("asset_not_fractionable_example.json")));
        QVERIFY(qtwx.ok() && !qtwx->first().facts.fractionable);
    }

    void barsPaginateAcrossSymbols()
    {
        const auto p1 = parseBarsPage(fixture(QStringLiteral("bars_multi_page1.json")));
        const auto p2 = parseBarsPage(fixture(QStringLiteral("bars_multi_page2.json")));
        QVERIFY2(p1.ok(), qPrintable(p1.error()));
        QVERIFY2(p2.ok(), qPrintable(p2.error()));
        QVERIFY(!p1->nextPageToken.isEmpty());
        QVERIFY(p2->nextPageToken.isEmpty());
        QCOMPARE(p1->bars.size() + p2->bars.size(), 10); // 2 symbols × 5 sessions, limit 6 per page
        // Daily bars are stamped at New York midnight: 05:00Z in November is the same date.
        QCOMPARE(p1->bars.first().session, QDate(2025, 11, 17));
        // MSFT continues from page 1 onto page 2.
        QCOMPARE(p1->bars.last().symbol, QStringLiteral("MSFT"));
        QCOMPARE(p2->bars.first().symbol, QStringLiteral("MSFT"));
        QCOMPARE(p1->bars.first().open.toString(), QStringLiteral("268.815")); // exact digits, no binary noise
        QVERIFY(parseBarsPage(fixture(QStringLiteral("bars_multi_empty.json"))).ok());
        QCOMPARE(newYorkDate(QDateTime(QDate(2025, 7, 1), QTime(4, 0), Qt::UTC)), QDate(2025, 7, 1)); // summer: 04:00Z
    }

    void latestAndSnapshots()
    {
        const auto t = parseLatestTrades(fixture(QStringLiteral("latest_trades_multi.json")));
        QVERIFY2(t.ok() && t->size() == 2, qPrintable(t.error()));
        const auto q = parseLatestQuotes(fixture(QStringLiteral("latest_quotes_multi.json")));
        QVERIFY2(q.ok() && q->size() == 2, qPrintable(q.error()));
        const auto s = parseSnapshots(fixture(QStringLiteral("snapshots_multi.json")));
        QVERIFY2(s.ok() && s->size() == 2, qPrintable(s.error()));
    }

    void tradeStreamFrames()
    {
        for (const char *f : {"ws_trade_updates_new.json", "ws_trade_updates_partial_fill.json", "ws_trade_updates_fill.json",
                              "ws_trade_updates_canceled.json", "ws_trade_updates_rejected.json"}) {
            const auto frame = parseStreamFrame(fixture(QLatin1String(f)));
            QVERIFY2(frame.ok(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(f), frame.error())));
            QCOMPARE(frame->updates.size(), 1);
        }
        const auto fill = parseStreamFrame(fixture(QStringLiteral("ws_trade_updates_fill.json")));
        const TradeUpdate &u = fill->updates.first();
        QVERIFY(u.isFill());
        QCOMPARE(u.executionId, QStringLiteral("8b2d4e07-1c6f-4a93-9e58-d0b3a7f2c114"));
        QCOMPARE(u.qty.toString(), QStringLiteral("25"));
        QCOMPARE(u.positionQty.toString(), QStringLiteral("40"));
        QCOMPARE(u.order.filledAvgPrice.toString(), QStringLiteral("484.9825"));
        // The transcript's control frames.
        const QJsonArray transcript = QJsonDocument::fromJson(fixture(QStringLiteral("ws_trade_updates_transcript.json"))).array();
        int control = 0;
        for (const QJsonValue &v : transcript) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("dir")) != QLatin1String("server") || !o.contains(QStringLiteral("frame")))
                continue;
            const auto f = parseStreamFrame(QJsonDocument(o.value(QStringLiteral("frame")).toObject()).toJson());
            QVERIFY2(f.ok(), qPrintable(f.error()));
            ++control;
        }
        QVERIFY(control >= 2);
        // Market-data stream frames are arrays with lowercase types.
        for (const char *f : {"ws_marketdata_trades_quotes.json", "ws_marketdata_bar.json", "ws_marketdata_errors.json"}) {
            const QJsonValue v = QJsonDocument::fromJson(fixture(QLatin1String(f))).isArray()
                                     ? QJsonValue(QJsonDocument::fromJson(fixture(QLatin1String(f))).array())
                                     : QJsonValue(QJsonDocument::fromJson(fixture(QLatin1String(f))).object());
            const QByteArray frame = v.isArray() ? QJsonDocument(v.toArray()).toJson() : QJsonDocument(v.toObject()).toJson();
            if (!v.isArray())
                continue;
            const auto m = parseMarketFrame(frame);
            QVERIFY2(m.ok(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(f), m.error())));
        }
    }

    void errorBodies()
    {
        const ApiError dup = parseError(422, fixture(QStringLiteral("error_422_duplicate_client_order_id.json")));
        QVERIFY(dup.isDuplicateClientOrderId());
        QCOMPARE(dup.code, 40010001);
        const ApiError bp = parseError(403, fixture(QStringLiteral("error_403_insufficient_buying_power.json")));
        QVERIFY(bp.text().contains(QLatin1String("insufficient buying power")));
        QVERIFY(bp.text().contains(QLatin1String("buying power")));
        QVERIFY(bp.text().contains(QLatin1String("HTTP 403")));
        const ApiError html = parseError(502, QByteArrayLiteral("<html><body><h1>502 Bad Gateway</h1></body></html>"));
        QVERIFY(html.text().contains(QLatin1String("502 Bad Gateway")));
        QVERIFY(!parseError(500, {}).text().isEmpty());
        const ApiError md = parseError(403, fixture(QStringLiteral("error_md_403_sip_recent.json")));
        QVERIFY(md.text().contains(QLatin1String("SIP")));
        QCOMPARE(md.code, 0);
    }

    void badPayloadsFailClearly_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{\"id\": ") << QStringLiteral("not valid JSON");
        QTest::newRow("missing field") << QByteArray("{\"id\":\"x\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"type\":\"market\",\"status\":\"new\",\"qty\":\"1\"}")
                                       << QStringLiteral("missing field 'client_order_id'");
        QTest::newRow("qty not a number") << QByteArray("{\"id\":\"x\",\"client_order_id\":\"c\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"type\":\"market\","
                                                        "\"status\":\"new\",\"qty\":\"ten\"}")
                                          << QStringLiteral("field 'qty'");
        QTest::newRow("unknown status") << QByteArray("{\"id\":\"x\",\"client_order_id\":\"c\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"type\":\"market\","
                                                      "\"status\":\"teleported\",\"qty\":\"1\"}")
                                        << QStringLiteral("unknown order status \"teleported\"");
        QTest::newRow("unknown side") << QByteArray("{\"id\":\"x\",\"client_order_id\":\"c\",\"symbol\":\"AAPL\",\"side\":\"borrow\",\"type\":\"market\","
                                                    "\"status\":\"new\",\"qty\":\"1\"}")
                                      << QStringLiteral("unknown side \"borrow\"");
        QTest::newRow("negative price") << QByteArray("{\"id\":\"x\",\"client_order_id\":\"c\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"type\":\"limit\","
                                                      "\"status\":\"new\",\"qty\":\"1\",\"limit_price\":\"-5\"}")
                                        << QStringLiteral("negative");
    }
    void badPayloadsFailClearly()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        const auto o = parseOrder(body);
        QVERIFY(!o.ok());
        QVERIFY2(o.error().contains(expected), qPrintable(o.error()));
    }

    void badMarketData()
    {
        const auto nan = parseBarsPage(QByteArray("{\"bars\":{\"AAPL\":[{\"t\":\"2025-11-17T05:00:00Z\",\"o\":\"NaN\",\"h\":1,\"l\":1,\"c\":1,\"v\":1}]}}"));
        QVERIFY(!nan.ok());
        QVERIFY2(nan.error().contains(QLatin1String("field 'o'")), qPrintable(nan.error()));
        const auto neg = parseBarsPage(QByteArray("{\"bars\":{\"AAPL\":[{\"t\":\"2025-11-17T05:00:00Z\",\"o\":-1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}]}}"));
        QVERIFY(!neg.ok() && neg.error().contains(QLatin1String("negative")));
        const auto time = parseBarsPage(QByteArray("{\"bars\":{\"AAPL\":[{\"t\":\"yesterday\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}]}}"));
        QVERIFY(!time.ok() && time.error().contains(QLatin1String("RFC 3339")));
        QByteArray big(kMaxBodyBytes + 10, ' ');
        const auto huge = parseOrders(big);
        QVERIFY(!huge.ok() && huge.error().contains(QLatin1String("limit")));
        const auto frame = parseStreamFrame(QByteArray("{\"stream\":\"trade_updates\",\"data\":{\"event\":\"fill\"}}"));
        QVERIFY(!frame.ok() && frame.error().contains(QLatin1String("missing field 'order'")));
    }

    void timestamps()
    {
        QCOMPARE(parseTimestamp(QStringLiteral("2025-11-25T14:32:10.118233467Z")),
                 QDateTime(QDate(2025, 11, 25), QTime(14, 32, 10, 118), Qt::UTC));
        QCOMPARE(parseTimestamp(QStringLiteral("2025-11-25T09:30:00-05:00")), QDateTime(QDate(2025, 11, 25), QTime(14, 30), Qt::UTC));
        QCOMPARE(parseTimestamp(QStringLiteral("2025-07-01T09:30:00-04:00")), QDateTime(QDate(2025, 7, 1), QTime(13, 30), Qt::UTC));
        QVERIFY(!parseTimestamp(QStringLiteral("2025-13-01T00:00:00Z")).isValid());
        QVERIFY(!parseTimestamp(QStringLiteral("")).isValid());
    }

    void orderRules_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("fractional gtc") << "fractional_gtc" << "fractional orders must be DAY orders";
        QTest::newRow("fractional bracket") << "fractional_bracket" << "fractional orders must be simple orders";
        QTest::newRow("not fractionable") << "not_fractionable" << "not fractionable";
        QTest::newRow("sub-penny") << "subpenny" << "sub-penny";
        QTest::newRow("sub-penny below $1 ok") << "subpenny_ok" << "";
        QTest::newRow("both qty and notional") << "both" << "exactly one of qty and notional";
        QTest::newRow("bracket inverted") << "bracket_inverted" << "must be above the stop-loss";
        QTest::newRow("bracket stop too close") << "bracket_close" << "at least $0.01";
        QTest::newRow("trailing both") << "trailing_both" << "exactly one of trail_price and trail_percent";
        QTest::newRow("bracket ok") << "bracket_ok" << "";
    }
    void orderRules()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        OrderRequest r = makeOrderRequest(QStringLiteral("en-1"), QStringLiteral("prp_1"), QStringLiteral("AAPL"), Side::Buy, OrderType::Market,
                                          OrderPurpose::Entry, Decimal::fromInt(10), {});
        AssetFacts asset{true, true, true};
        Decimal ref = Decimal::fromInt(100);
        if (kind == QLatin1String("fractional_gtc")) {
            r.qty = "1.5"_d;
            r.timeInForce = TimeInForce::Gtc;
        } else if (kind == QLatin1String("fractional_bracket")) {
            r.qty = "1.5"_d;
            r.orderClass = OrderClass::Bracket;
            r.takeProfitLimit = "110"_d;
            r.stopLossStop = "95"_d;
        } else if (kind == QLatin1String("not_fractionable")) {
            r.qty = {};
            r.notional = "250"_d;
            asset.fractionable = false;
        } else if (kind == QLatin1String("subpenny")) {
            r.type = OrderType::Limit;
            r.limitPrice = "290.123"_d;
        } else if (kind == QLatin1String("subpenny_ok")) {
            r.type = OrderType::Limit;
            r.limitPrice = "0.5123"_d;
        } else if (kind == QLatin1String("both")) {
            r.notional = "100"_d;
        } else if (kind == QLatin1String("bracket_inverted")) {
            r.orderClass = OrderClass::Bracket;
            r.takeProfitLimit = "90"_d;
            r.stopLossStop = "95"_d;
        } else if (kind == QLatin1String("bracket_close")) {
            r.orderClass = OrderClass::Bracket;
            r.takeProfitLimit = "110"_d;
            r.stopLossStop = "100"_d;
        } else if (kind == QLatin1String("trailing_both")) {
            r.type = OrderType::TrailingStop;
            r.trailPercent = "2"_d;
            r.trailPrice = "1"_d;
        } else if (kind == QLatin1String("bracket_ok")) {
            r.orderClass = OrderClass::Bracket;
            r.timeInForce = TimeInForce::Gtc;
            r.takeProfitLimit = "112"_d;
            r.stopLossStop = "95.5"_d;
        }
        const Status s = checkOrderRules(r, asset, ref);
        if (expected.isEmpty())
            QVERIFY2(s.ok(), qPrintable(s.error()));
        else
            QVERIFY2(!s.ok() && s.error().contains(expected), qPrintable(s.error()));
    }

    void requestBodies()
    {
        OrderRequest r = makeOrderRequest(QStringLiteral("en-abc"), QStringLiteral("prp_abc"), QStringLiteral("AAPL"), Side::Buy, OrderType::Market,
                                          OrderPurpose::Entry, Decimal::fromInt(20), {});
        r.orderClass = OrderClass::Bracket;
        r.timeInForce = TimeInForce::Gtc;
        r.takeProfitLimit = "280"_d;
        r.stopLossStop = "255"_d;
        const QJsonObject o = QJsonDocument::fromJson(orderBody(r)).object();
        QCOMPARE(o.value(QStringLiteral("qty")).toString(), QStringLiteral("20")); // strings, not numbers
        QCOMPARE(o.value(QStringLiteral("order_class")).toString(), QStringLiteral("bracket"));
        QCOMPARE(o.value(QStringLiteral("take_profit")).toObject().value(QStringLiteral("limit_price")).toString(), QStringLiteral("280"));
        QCOMPARE(o.value(QStringLiteral("stop_loss")).toObject().value(QStringLiteral("stop_price")).toString(), QStringLiteral("255"));
        QCOMPARE(o.value(QStringLiteral("client_order_id")).toString(), QStringLiteral("en-abc"));
        QVERIFY(!o.contains(QStringLiteral("notional")));
    }

    void endpointsDeriveTheStream()
    {
        AlpacaEndpoints e;
        e.trading = QUrl(QStringLiteral("https://paper-api.alpaca.markets"));
        QCOMPARE(e.tradeStream().toString(), QStringLiteral("wss://paper-api.alpaca.markets/stream"));
        e.trading = QUrl(QStringLiteral("http://127.0.0.1:5000"));
        QCOMPARE(e.tradeStream().toString(), QStringLiteral("ws://127.0.0.1:5000/stream"));
        e.dataStream = QUrl(QStringLiteral("ws://127.0.0.1:6000"));
        QCOMPARE(e.marketStream().toString(), QStringLiteral("ws://127.0.0.1:6000/v2/iex"));
        QVERIFY(!e.isLiveHost());
        e.trading = QUrl(QStringLiteral("https://api.alpaca.markets"));
        QVERIFY(e.isLiveHost());
    }

    /// The fake answers in the fixtures' shapes: a fake that only agrees with our client proves nothing.
    void fakeMatchesTheContractShapes()
    {
        FakeAlpaca fake;
        fake.generateHistory({QStringLiteral("AAPL"), QStringLiteral("MSFT")}, QDate(2026, 9, 1), QDate(2026, 11, 27));
        fake.setNow(QDateTime(QDate(2026, 11, 30), QTime(15, 0), Qt::UTC));
        QVERIFY(fake.start());
        const QString t = fake.tradingUrl(), d = fake.dataUrl();
        const auto check = [&](const QString &fixtureName, const QByteArray &got) {
            const QJsonDocument want = QJsonDocument::fromJson(fixture(fixtureName));
            const QJsonDocument have = QJsonDocument::fromJson(got);
            const QJsonValue w = want.isArray() ? QJsonValue(want.array()) : QJsonValue(want.object());
            const QJsonValue h = have.isArray() ? QJsonValue(have.array()) : QJsonValue(have.object());
            const QStringList problems = shapeProblems(w, h, fixtureName);
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        };
        check(QStringLiteral("account_without_pdt_fields.json"), fakeGet(fake, t, QStringLiteral("/v2/account")));
        check(QStringLiteral("clock_open.json"), fakeGet(fake, t, QStringLiteral("/v2/clock")));
        check(QStringLiteral("calendar_week.json"), fakeGet(fake, t, QStringLiteral("/v2/calendar?start=2025-11-24&end=2025-11-28")));
        check(QStringLiteral("asset_aapl.json"), fakeGet(fake, t, QStringLiteral("/v2/assets/AAPL")));
        int status = 0;
        const QByteArray posted = fakeGet(fake, t, QStringLiteral("/v2/orders"), &status, "POST",
                                          QByteArrayLiteral("{\"symbol\":\"AAPL\",\"qty\":\"2\",\"side\":\"buy\",\"type\":\"market\","
                                                            "\"time_in_force\":\"day\",\"client_order_id\":\"c-1\"}"));
        QCOMPARE(status, 200);
        check(QStringLiteral("order_new_limit.json"), posted);
        const QByteArray bracket = fakeGet(fake, t, QStringLiteral("/v2/orders"), &status, "POST",
                                           QByteArrayLiteral("{\"symbol\":\"MSFT\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"gtc\","
                                                             "\"order_class\":\"bracket\",\"take_profit\":{\"limit_price\":\"9999\"},"
                                                             "\"stop_loss\":{\"stop_price\":\"1\"},\"client_order_id\":\"c-2\"}"));
        QCOMPARE(status, 200);
        check(QStringLiteral("order_bracket_with_legs.json"), bracket);
        QCOMPARE(QJsonDocument::fromJson(bracket).object().value(QStringLiteral("legs")).toArray().size(), 2);
        QTest::qWait(50); // fills
        check(QStringLiteral("positions_list.json"), fakeGet(fake, t, QStringLiteral("/v2/positions")));
        check(QStringLiteral("orders_list_open.json"), fakeGet(fake, t, QStringLiteral("/v2/orders?status=all")));
        // Errors carry the contract's bodies and statuses.
        const QByteArray dup = fakeGet(fake, t, QStringLiteral("/v2/orders"), &status, "POST",
                                       QByteArrayLiteral("{\"symbol\":\"AAPL\",\"qty\":\"2\",\"side\":\"buy\",\"type\":\"market\","
                                                         "\"time_in_force\":\"day\",\"client_order_id\":\"c-1\"}"));
        QCOMPARE(status, 422);
        QCOMPARE(QJsonDocument::fromJson(dup).object(), QJsonDocument::fromJson(fixture(QStringLiteral("error_422_duplicate_client_order_id.json"))).object());
        const QByteArray frac = fakeGet(fake, t, QStringLiteral("/v2/orders"), &status, "POST",
                                        QByteArrayLiteral("{\"symbol\":\"AAPL\",\"qty\":\"0.5\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"gtc\"}"));
        QCOMPARE(status, 422);
        QCOMPARE(QJsonDocument::fromJson(frac).object(), QJsonDocument::fromJson(fixture(QStringLiteral("error_422_fractional_not_day.json"))).object());
        fakeGet(fake, t, QStringLiteral("/v2/orders"), &status, "POST",
                QByteArrayLiteral("{\"symbol\":\"AAPL\",\"qty\":\"100000\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}"));
        QCOMPARE(status, 403);
        QNetworkAccessManager nam;
        QNetworkReply *unauth = nam.get(QNetworkRequest(QUrl(t + QStringLiteral("/v2/account"))));
        QTRY_VERIFY(unauth->isFinished());
        QCOMPARE(unauth->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
        QCOMPARE(QJsonDocument::fromJson(unauth->readAll()).object(), QJsonDocument::fromJson(fixture(QStringLiteral("error_401_unauthorized.json"))).object());
        QVERIFY(!unauth->rawHeader("X-RateLimit-Limit").isEmpty());
        delete unauth;
        // Market data: pages by total limit with a token, and the single page shape.
        const QByteArray page = fakeGet(fake, d, QStringLiteral("/v2/stocks/bars?symbols=AAPL,MSFT&timeframe=1Day&start=2026-11-16&end=2026-11-20&limit=6&feed=iex"));
        check(QStringLiteral("bars_multi_page1.json"), page);
        const auto parsed = parseBarsPage(page);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
        QCOMPARE(parsed->bars.size(), 6);
        QVERIFY(!parsed->nextPageToken.isEmpty());
        check(QStringLiteral("latest_trades_multi.json"), fakeGet(fake, d, QStringLiteral("/v2/stocks/trades/latest?symbols=AAPL,MSFT&feed=iex")));
        check(QStringLiteral("snapshots_multi.json"), fakeGet(fake, d, QStringLiteral("/v2/stocks/snapshots?symbols=AAPL,MSFT&feed=iex")));
        fakeGet(fake, d, QStringLiteral("/v2/stocks/bars?symbols=AAPL&timeframe=1Day"), &status);
        QCOMPARE(status, 403); // no feed: treated as SIP, as the contract warns
    }
};

QTEST_MAIN(TestAlpacaContract)
#include "tst_alpacacontract.moc"
