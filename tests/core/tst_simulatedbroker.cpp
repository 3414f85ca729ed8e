// SPDX-License-Identifier: GPL-3.0-or-later
#include "execution/simulatedbroker.h"

#include <QTest>
#include <QTimeZone>

namespace {
const QDateTime kNow = QDateTime(QDate(2025, 3, 3), QTime(15, 0), QTimeZone::utc());

OrderRequest market(const QString &id, const QString &sym, Side side, const char *qty)
{
    return makeOrderRequest(id, QStringLiteral("prp_") + id, sym, side, OrderType::Market,
                            side == Side::Buy ? OrderPurpose::Entry : OrderPurpose::Exit, Decimal::parse(qty).value(), {});
}
} // namespace

class TestSimulatedBroker : public QObject
{
    Q_OBJECT

    // Independent of the broker's own bookkeeping: equity from the fills alone.
    static void checkInvariant(const SimulatedBroker &b, const QList<Fill> &fills, const QHash<QString, Decimal> &marks)
    {
        Decimal cash = b.startingCash();
        QHash<QString, Decimal> qty;
        for (const Fill &f : fills) {
            const Decimal v = f.qty * f.price;
            cash += f.side == Side::Buy ? -v : v;
            qty[f.symbol] += f.side == Side::Buy ? f.qty : -f.qty;
        }
        Decimal positions;
        for (auto it = qty.cbegin(); it != qty.cend(); ++it)
            positions += it.value() * marks.value(it.key());
        const Account a = b.account();
        QCOMPARE(a.cash, cash);
        QCOMPARE(a.equity.rounded(2), (cash + positions).rounded(2));
        Decimal sum;
        for (const Position &p : b.positions())
            sum += p.marketValue();
        QCOMPARE(a.equity, a.cash + sum);
    }

private Q_SLOTS:
    void marketOrdersFillAndKeepCashExact()
    {
        SimulatedBroker b(Decimal::fromInt(100000));
        QList<Fill> fills;
        QHash<QString, Decimal> marks;
        const struct
        {
            const char *sym, *qty, *price;
            Side side;
        } steps[] = {{"AAPL", "10", "190.13", Side::Buy}, {"SPY", "3.512345678", "648.2", Side::Buy},
                     {"AAPL", "4", "191.07", Side::Sell}, {"MSFT", "7", "415.55", Side::Buy},
                     {"SPY", "3.512345678", "650.01", Side::Sell}, {"AAPL", "6", "188.5", Side::Sell}};
        int n = 0;
        for (const auto &s : steps) {
            const QString sym = QLatin1String(s.sym);
            const Decimal price = Decimal::parse(s.price).value();
            const BrokerUpdate u = b.submit(market(QString::number(++n), sym, s.side, s.qty), price, kNow);
            QCOMPARE(u.fills.size(), 1);
            QCOMPARE(u.orders.back().status, OrderStatus::Filled);
            fills.append(u.fills);
            marks[sym] = price;
            b.onPrice(sym, price, kNow);
            checkInvariant(b, fills, marks); // after every fill
        }
        QCOMPARE(b.positions().size(), 1);
        QCOMPARE(b.position(QStringLiteral("MSFT"))->qty, Decimal::fromInt(7));
    }
    void rejectsWhatAlpacaRejects()
    {
        SimulatedBroker b(Decimal::fromInt(1000));
        BrokerUpdate u = b.submit(market(QStringLiteral("a"), QStringLiteral("AAPL"), Side::Buy, "10"), "190"_d, kNow);
        QCOMPARE(u.orders.back().status, OrderStatus::Rejected);
        QCOMPARE(u.orders.back().reason, QStringLiteral("insufficient buying power"));
        u = b.submit(market(QStringLiteral("b"), QStringLiteral("AAPL"), Side::Sell, "1"), "190"_d, kNow);
        QVERIFY(u.orders.back().reason.startsWith(QStringLiteral("insufficient qty available")));
        u = b.submit(market(QStringLiteral("c"), QStringLiteral("AAPL"), Side::Buy, "1"), "190"_d, kNow);
        QCOMPARE(u.orders.back().status, OrderStatus::Filled);
        u = b.submit(market(QStringLiteral("c"), QStringLiteral("AAPL"), Side::Buy, "1"), "190"_d, kNow);
        QCOMPARE(u.orders.back().reason, QStringLiteral("client_order_id must be unique"));
        QCOMPARE(b.cash(), "810"_d); // the duplicate did not execute
        u = b.submit(market(QStringLiteral("d"), QStringLiteral("AAPL"), Side::Buy, "0"), "190"_d, kNow);
        QCOMPARE(u.orders.back().reason, QStringLiteral("qty must be positive"));
        u = b.submit(market(QStringLiteral("e"), QStringLiteral("AAPL"), Side::Buy, "1"), Decimal::invalid(), kNow);
        QCOMPARE(u.orders.back().status, OrderStatus::Rejected);
        u = b.submit(market(QString(50, QLatin1Char('x')), QStringLiteral("AAPL"), Side::Buy, "1"), "190"_d, kNow);
        QCOMPARE(u.orders.back().status, OrderStatus::Rejected);
    }
    void stopRestsThenFillsAtThePriceThatCrossedIt()
    {
        SimulatedBroker b(Decimal::fromInt(10000));
        b.submit(market(QStringLiteral("buy"), QStringLiteral("XLE"), Side::Buy, "10"), "100"_d, kNow);
        BrokerUpdate u = b.submit(makeOrderRequest(QStringLiteral("stop"), QStringLiteral("prp_stop"), QStringLiteral("XLE"), Side::Sell,
                                                    OrderType::Stop, OrderPurpose::ProtectiveStop, "10"_d, "95"_d),
                                  "100"_d, kNow);
        QCOMPARE(u.orders.back().status, OrderStatus::Accepted);
        QCOMPARE(b.openOrders().size(), 1);
        QCOMPARE(b.position(QStringLiteral("XLE"))->stopPrice, "95"_d);
        QVERIFY(b.onPrice(QStringLiteral("XLE"), "96"_d, kNow).isEmpty());
        // A gap through the stop fills at the gapped price, not at the stop.
        u = b.onPrice(QStringLiteral("XLE"), "90"_d, kNow);
        QCOMPARE(u.fills.size(), 1);
        QCOMPARE(u.fills[0].price, "90"_d);
        QCOMPARE(u.fills[0].qty, "10"_d);
        QVERIFY(!b.position(QStringLiteral("XLE")));
        QCOMPARE(b.cash(), "9900"_d);
        QVERIFY(b.openOrders().isEmpty());
    }
    void stopNeverSellsMoreThanHeld()
    {
        SimulatedBroker b(Decimal::fromInt(10000));
        b.submit(market(QStringLiteral("buy"), QStringLiteral("XLE"), Side::Buy, "10"), "100"_d, kNow);
        b.submit(makeOrderRequest(QStringLiteral("stop"), QStringLiteral("p"), QStringLiteral("XLE"), Side::Sell, OrderType::Stop,
                                  OrderPurpose::ProtectiveStop, "10"_d, "95"_d),
                 "100"_d, kNow);
        // The stop reserves the shares: a second sell of them is refused.
        const BrokerUpdate u = b.submit(market(QStringLiteral("sell"), QStringLiteral("XLE"), Side::Sell, "4"), "99"_d, kNow);
        QCOMPARE(u.orders.back().status, OrderStatus::Rejected);
        const BrokerUpdate c = b.cancel(b.openOrders().front().id, QStringLiteral("test"), kNow);
        QCOMPARE(c.orders.front().status, OrderStatus::Canceled);
        QVERIFY(b.position(QStringLiteral("XLE"))->stopPrice.isZero());
    }
    void restoresFromRecordedFills()
    {
        SimulatedBroker a(Decimal::fromInt(50000));
        QList<Fill> fills;
        QList<Order> orders;
        for (const BrokerUpdate &u : {a.submit(market(QStringLiteral("1"), QStringLiteral("KO"), Side::Buy, "12.5"), "62.17"_d, kNow),
                                      a.submit(market(QStringLiteral("2"), QStringLiteral("KO"), Side::Sell, "2.5"), "63"_d, kNow)}) {
            fills.append(u.fills);
            orders.append(u.orders.back());
        }
        SimulatedBroker b(Decimal::fromInt(50000));
        QVERIFY(b.restore(fills, orders));
        // A look-up by client order id finds the order in its final state.
        QCOMPARE(b.orderByClientId(QStringLiteral("1"))->status, OrderStatus::Filled);
        QVERIFY(!b.orderByClientId(QStringLiteral("3")).has_value());
        QCOMPARE(b.cash(), a.cash());
        QCOMPARE(b.position(QStringLiteral("KO"))->qty, "10"_d);
        // A restored client order id is still taken.
        QCOMPARE(b.submit(market(QStringLiteral("1"), QStringLiteral("KO"), Side::Buy, "1"), "62"_d, kNow).orders.back().status,
                 OrderStatus::Rejected);
        // A history that sells what it never bought is refused.
        QList<Fill> bad{fills[1]};
        QVERIFY(!b.restore(bad, {}));
    }
    void clientOrderIdsFitAlpacasLimit()
    {
        const QString id = clientOrderIdFor(QStringLiteral("prp_123e4567-e89b-12d3-a456-426614174000"), OrderPurpose::ProtectiveStop);
        QVERIFY(id.size() <= 48);
        QCOMPARE(id, QStringLiteral("st-123e4567-e89b-12d3-a456-426614174000"));
        QVERIFY(clientOrderIdFor(QStringLiteral("prp_x"), OrderPurpose::Entry) != clientOrderIdFor(QStringLiteral("prp_x"), OrderPurpose::Exit));
        // Every replacement of a stop has an id of its own, none equal to the entry's, the exit's or the first stop's.
        const QString prp = QStringLiteral("prp_123e4567-e89b-12d3-a456-426614174000");
        QSet<QString> seen{clientOrderIdFor(prp, OrderPurpose::Entry), clientOrderIdFor(prp, OrderPurpose::Exit), id};
        for (int g = 1; g < 36 * 36; ++g) {
            const QString r = clientOrderIdFor(prp, OrderPurpose::ProtectiveStop, g);
            QVERIFY(r.size() <= 48);
            QVERIFY2(!seen.contains(r), qPrintable(r));
            seen.insert(r);
        }
    }
};

QTEST_GUILESS_MAIN(TestSimulatedBroker)
#include "tst_simulatedbroker.moc"
