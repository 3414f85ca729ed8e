// SPDX-License-Identifier: GPL-3.0-or-later
// Every model under QAbstractItemModelTester, through appends, updates and resets.
#include "models/approvalqueuemodel.h"
#include "models/decisionsmodel.h"
#include "models/fillsmodel.h"
#include "models/logmodel.h"
#include "models/ordersmodel.h"
#include "models/pipelinestatusmodel.h"
#include "models/positionsmodel.h"
#include "models/ruletablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

namespace {
Proposal proposal(const QString &id, const char *sym)
{
    Proposal p;
    p.id = id;
    p.symbol = QLatin1String(sym);
    p.qty = "21"_d;
    p.price = "230.17"_d;
    p.stopPrice = "225.5"_d;
    p.confidence = 0.61;
    p.strategy = QStringLiteral("MeanReversion");
    p.verdict.kind = VerdictKind::Resize;
    p.verdict.finalNotional = "4833.57"_d;
    p.verdict.bindingRule = QStringLiteral("per_position_cap");
    p.verdict.rules = {{QStringLiteral("minimum_confidence"), RuleOutcome::Pass, RuleUnit::Number, "0.61"_d, "0.3"_d, "666"_d, {}},
                       {QStringLiteral("per_position_cap"), RuleOutcome::Resize, RuleUnit::Money, "4994.96"_d, "5000"_d, "21.7"_d, {}}};
    return p;
}
} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void approvalQueue()
    {
        ApprovalQueueModel m;
        QAbstractItemModelTester t(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setProposals({proposal(QStringLiteral("a"), "AAPL")});
        QCOMPARE(m.rowCount(), 1);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        m.setProposals({proposal(QStringLiteral("a"), "AAPL"), proposal(QStringLiteral("b"), "MSFT")});
        QCOMPARE(inserted.count(), 1); // an append is a ranged insert, not a reset
        QCOMPARE(reset.count(), 0);
        QCOMPARE(m.index(1, ApprovalQueueModel::Symbol).data().toString(), QStringLiteral("MSFT"));
        QCOMPARE(m.index(0, ApprovalQueueModel::Notional).data().toString(), QStringLiteral("$4,833.57"));
        QCOMPARE(m.index(0, ApprovalQueueModel::Verdict).data().toString(), QStringLiteral("RESIZE"));
        QCOMPARE(m.index(0, 0).data(ApprovalQueueModel::ProposalIdRole).toString(), QStringLiteral("a"));
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.setProposals({proposal(QStringLiteral("a"), "AAPL"), proposal(QStringLiteral("b"), "MSFT")});
        QCOMPARE(changed.count(), 1);
        m.setProposals({proposal(QStringLiteral("b"), "MSFT")});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m.rowOf(QStringLiteral("b")), 0);
        m.setProposals({});
        QCOMPARE(m.rowCount(), 0);
        QVERIFY(!m.proposalAt(0));
    }
    void decisionsShowTheReason()
    {
        DecisionsModel m;
        QAbstractItemModelTester t(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Proposal p = proposal(QStringLiteral("v"), "TSLA");
        p.status = ProposalStatus::Vetoed;
        p.decisionReason = QStringLiteral("earnings tomorrow");
        m.setProposals({p});
        QCOMPARE(m.index(0, DecisionsModel::Status).data().toString(), QStringLiteral("Vetoed"));
        QCOMPARE(m.index(0, DecisionsModel::Reason).data().toString(), QStringLiteral("earnings tomorrow"));
    }
    void ruleTableMarksTheBindingRule()
    {
        RuleTableModel m;
        QAbstractItemModelTester t(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setVerdict(proposal(QStringLiteral("a"), "AAPL").verdict);
        QCOMPARE(m.rowCount(), 2);
        QVERIFY(m.index(1, RuleTableModel::Rule).data().toString().contains(QStringLiteral("binding")));
        QCOMPARE(m.index(1, RuleTableModel::Allows).data().toString(), QStringLiteral("21.7"));
        QCOMPARE(m.index(1, RuleTableModel::Value).data().toString(), QStringLiteral("$4,994.96"));
        QCOMPARE(m.index(0, RuleTableModel::Limit).data().toString(), QStringLiteral("0.3"));
        m.clear();
        QCOMPARE(m.rowCount(), 0);
    }
    void positionsShowLivePnl()
    {
        PositionsModel m;
        QAbstractItemModelTester t(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Position p{QStringLiteral("AAPL"), "10"_d, "255.4"_d, "267.1"_d, "250"_d};
        m.setPositions({p});
        QCOMPARE(m.index(0, PositionsModel::UnrealizedPnl).data().toString(), QStringLiteral("$117.00"));
        QCOMPARE(m.index(0, PositionsModel::MarketValue).data().toString(), QStringLiteral("$2,671.00"));
        QCOMPARE(m.index(0, PositionsModel::Stop).data().toString(), QStringLiteral("250.00"));
        p.lastPrice = "250"_d;
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.setPositions({p});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.index(0, PositionsModel::UnrealizedPnl).data().toString(), QStringLiteral("-$54.00"));
        m.setPositions({p, Position{QStringLiteral("SPY"), "3.512345678"_d, "648.2"_d, "650"_d, {}}});
        QCOMPARE(m.index(1, PositionsModel::Qty).data().toString(), QStringLiteral("3.512345678"));
        QCOMPARE(m.index(1, PositionsModel::Stop).data().toString(), QStringLiteral("none"));
        // Exit levels and excursions beside each position.
        PositionExit e{QStringLiteral("AAPL"), "250"_d, QStringLiteral("trailing"), "280"_d, "250"_d, "12.6"_d, "3.4"_d, 7, QStringLiteral("take_profit")};
        m.setPositions({p}, {e});
        QCOMPARE(m.index(0, PositionsModel::Target).data().toString(), QStringLiteral("280.00"));
        QCOMPARE(m.index(0, PositionsModel::Trailing).data().toString(), QStringLiteral("250.00"));
        QCOMPARE(m.index(0, PositionsModel::Mfe).data().toString(), QStringLiteral("12.60"));
        QCOMPARE(m.index(0, PositionsModel::Bars).data().toString(), QStringLiteral("7"));
        QCOMPARE(m.index(0, PositionsModel::NextExit).data().toString(), QStringLiteral("take profit"));
    }
    void ordersAndFills()
    {
        OrdersModel o;
        QAbstractItemModelTester t1(&o, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Order order;
        order.id = QStringLiteral("o1");
        order.symbol = QStringLiteral("XLE");
        order.qty = "48"_d;
        order.status = OrderStatus::Rejected;
        order.reason = QStringLiteral("insufficient buying power");
        o.setOrders({order});
        QCOMPARE(o.index(0, OrdersModel::Reason).data().toString(), QStringLiteral("insufficient buying power"));
        QCOMPARE(o.index(0, OrdersModel::Status).data().toString(), QStringLiteral("rejected"));
        QCOMPARE(o.index(0, OrdersModel::LimitPrice).data().toString(), QString()); // a market order has none
        order.type = OrderType::Limit;
        order.limitPrice = "101.5"_d;
        o.setOrders({order});
        QCOMPARE(o.index(0, OrdersModel::LimitPrice).data().toString(), QStringLiteral("101.50"));
        FillsModel f;
        QAbstractItemModelTester t2(&f, QAbstractItemModelTester::FailureReportingMode::QtTest);
        f.setFills({{QStringLiteral("f1"), QStringLiteral("o1"), QStringLiteral("XLE"), Side::Buy, "48"_d, "100.26"_d, {}}});
        QCOMPARE(f.index(0, FillsModel::Value).data().toString(), QStringLiteral("$4,812.48"));
    }
    void pipelineStatus()
    {
        PipelineStatusModel m;
        QAbstractItemModelTester t(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        EngineSnapshot s;
        m.setSnapshot(s);
        QCOMPARE(m.rowCount(), 7); // data, strategy, quant, risk, record, approval, execution
        QCOMPARE(m.index(0, PipelineStatusModel::LastRun).data().toString(), QStringLiteral("not yet"));
        s.lastIteration.startedAt = QDateTime(QDate(2025, 3, 3), QTime(21, 0), QTimeZone::utc());
        s.lastIteration.dataMs = 0.25;
        s.lastIteration.symbolsValid = 29;
        s.lastIteration.symbolsRequested = 31;
        s.pending = {proposal(QStringLiteral("a"), "AAPL")};
        m.setSnapshot(s);
        QCOMPARE(m.index(0, PipelineStatusModel::Duration).data().toString(), QStringLiteral("0.250 ms"));
        QCOMPARE(m.index(0, PipelineStatusModel::Outcome).data().toString(), QStringLiteral("29/31 symbols valid"));
        QCOMPARE(m.index(5, PipelineStatusModel::Outcome).data().toString(), QStringLiteral("1 proposal(s) waiting"));
    }
    void logDropsTheOldest()
    {
        LogModel m(10);
        QAbstractItemModelTester t(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 25; ++i)
            m.append({QDateTime::currentDateTimeUtc(), i % 3 ? QtInfoMsg : QtWarningMsg, QStringLiteral("pipeline"), QString::number(i)});
        QCOMPARE(m.rowCount(), 10);
        QCOMPARE(m.index(0, LogModel::Message).data().toString(), QStringLiteral("15"));
        QCOMPARE(m.index(9, LogModel::Message).data().toString(), QStringLiteral("24"));
    }
    void logFoldsRepeatedLines()
    {
        // The same line over and over is one row with a count, not hundreds of rows.
        LogModel m(100);
        QAbstractItemModelTester t(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString line = QStringLiteral("buy QQQ rejected by risk: rejected by strategy_health");
        for (int i = 0; i < 300; ++i)
            m.append({QDateTime::currentDateTimeUtc(), QtInfoMsg, QStringLiteral("risk"), line});
        m.append({QDateTime::currentDateTimeUtc(), QtInfoMsg, QStringLiteral("risk"), QStringLiteral("something else")});
        m.append({QDateTime::currentDateTimeUtc(), QtInfoMsg, QStringLiteral("risk"), line});
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.index(0, LogModel::Message).data().toString(), line + QStringLiteral(" (×300)"));
        QCOMPARE(m.index(2, LogModel::Message).data().toString(), line);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
