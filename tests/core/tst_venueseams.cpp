// SPDX-License-Identifier: GPL-3.0-or-later
// The engine over the venue seams with broker reports held in flight, and a
// submit whose reply is lost: nothing is sent twice, nothing is lost.
#include "pipeline/tradingengine.h"
#include "sqlprobe.h"
#include "venue/simulatedbrokerservice.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
EngineOptions optionsFor(const QString &path, int latencyMs)
{
    EngineOptions o;
    o.dbPath = path;
    o.connectionName = QStringLiteral("seams");
    o.brokerLatencyMs = latencyMs;
    return o;
}

std::optional<OrderIntent> intentOf(const TradingEngine &e, const QString &proposalId, OrderPurpose purpose)
{
    for (const OrderIntent &i : e.orders().open())
        if (i.request.proposalId == proposalId && i.request.purpose == purpose)
            return i;
    return std::nullopt;
}

Proposal firstEntry(TradingEngine &e)
{
    for (int i = 0; i < 300; ++i) {
        for (const Proposal &p : e.pending())
            if (!p.reducing)
                return p;
        e.runSession();
    }
    return {};
}
} // namespace

class TestVenueSeams : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void ordersInFlightAcrossApprovalAndKillSwitch()
    {
        const QString path = m_dir.filePath(QStringLiteral("flight.db"));
        TradingEngine e(optionsFor(path, 150));
        QVERIFY(e.open());
        QVERIFY(!e.isReady()); // the broker's snapshot is still in flight
        QTRY_VERIFY_WITH_TIMEOUT(e.isReady(), 5000);
        auto &broker = static_cast<SimulatedBrokerService &>(e.broker());
        const Proposal p = firstEntry(e);
        QVERIFY(!p.id.isEmpty());
        QCOMPARE(e.approve(p.id).kind, ApprovalOutcome::Held);
        e.tick(); // the open: the held entry is sent, and its reports are in flight
        QVERIFY(e.clock().open);
        std::optional<OrderIntent> entry = intentOf(e, p.id, OrderPurpose::Entry);
        QVERIFY(entry.has_value());
        QCOMPARE(entry->state, OrderIntent::State::Submitted);
        QVERIFY(broker.inFlight() > 0);
        QVERIFY(!e.book().position(p.symbol).has_value()); // the engine knows only what was reported
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders WHERE proposal_id = '%1'").arg(p.id)), 0);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM reservations WHERE proposal_id = '%1'").arg(p.id)), 1);
        // The reports arrive: the fill, the position, the order, then the protective stop's own.
        QTRY_VERIFY_WITH_TIMEOUT(e.book().protectiveStop(p.symbol).has_value(), 5000);
        QCOMPARE(e.book().position(p.symbol)->qty, p.qty);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM reservations")), 0);

        // Flatten with the kill switch while the stop still rests: the exit is
        // journaled first, the stop's cancel goes out, and the exit only after it is confirmed.
        QVERIFY(e.killSwitch(true, QStringLiteral("tester")));
        std::optional<OrderIntent> exit;
        for (const OrderIntent &i : e.orders().open())
            if (i.request.purpose == OrderPurpose::Exit && i.request.symbol == p.symbol)
                exit = i;
        QVERIFY(exit.has_value());
        QCOMPARE(exit->state, OrderIntent::State::Ready);
        QVERIFY(e.book().protectiveStop(p.symbol).has_value());
        QTRY_VERIFY_WITH_TIMEOUT(!e.book().position(p.symbol).has_value() && broker.inFlight() == 0, 5000);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders WHERE purpose = 'protective_stop' AND status = 'canceled'"
                                            " AND reason LIKE 'replaced by the approved exit%'")),
                 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders WHERE purpose = 'exit' AND status = 'filled'")), 1);
        QVERIFY(e.orders().open().isEmpty());
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders GROUP BY client_order_id HAVING count(DISTINCT id) > 1")), -1);
    }
    void aLostReplyIsLookedUpNotResent()
    {
        const QString path = m_dir.filePath(QStringLiteral("lost.db"));
        TradingEngine e(optionsFor(path, 0));
        QVERIFY(e.open());
        auto &broker = static_cast<SimulatedBrokerService &>(e.broker());
        const Proposal p = firstEntry(e);
        QCOMPARE(e.approve(p.id).kind, ApprovalOutcome::Held);
        broker.loseNextSubmitReply();
        e.tick(); // the open: the broker executes the entry, but its reply never arrives
        const QString coid = clientOrderIdFor(p.id, OrderPurpose::Entry);
        QCOMPARE(e.orders().sentThisProcess().count(coid), 1); // looked up, never sent again
        QVERIFY(e.book().position(p.symbol).has_value());
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders WHERE client_order_id = '%1' AND status = 'filled'").arg(coid)), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM order_intents WHERE client_order_id = '%1' AND state = 'filled'").arg(coid)), 1);
        QVERIFY(e.book().protectiveStop(p.symbol).has_value());
    }
};

QTEST_GUILESS_MAIN(TestVenueSeams)
#include "tst_venueseams.moc"
