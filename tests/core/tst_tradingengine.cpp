// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipeline/tradingengine.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
EngineOptions optionsFor(const QString &path, const QString &connection)
{
    EngineOptions o;
    o.dbPath = path;
    o.connectionName = connection;
    return o;
}

int count(const QString &path, const QString &sql)
{
    int n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        db.setDatabaseName(path);
        db.open();
        QSqlQuery q(db);
        if (q.exec(sql) && q.next())
            n = q.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return n;
}

void runUntilProposals(TradingEngine &e, int wanted)
{
    for (int i = 0; i < 200 && e.pending().size() < wanted; ++i)
        e.runSession();
    QVERIFY(e.pending().size() >= wanted);
}
} // namespace

class TestTradingEngine : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void approveRecordsThenSendsAndPlacesAStop()
    {
        const QString path = m_dir.filePath(QStringLiteral("approve.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("approve")));
        QVERIFY(e.open());
        runUntilProposals(e, 1);
        const Proposal p = e.pending().front();
        // Proposals are made at the close; an approval then waits for the open.
        QVERIFY(!e.market().isOpen());
        const ApprovalOutcome o = e.approve(p.id);
        QCOMPARE(o.kind, ApprovalOutcome::Held);
        QVERIFY(!e.broker().position(p.symbol).has_value());
        QCOMPARE(e.heldOrders().size(), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM held_orders")), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM reservations WHERE proposal_id = '%1'").arg(p.id)), 1);
        e.tick(); // the open
        QVERIFY(e.market().isOpen());
        QVERIFY(e.heldOrders().isEmpty());
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM held_orders")), 0);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM reservations")), 0); // released on the fill
        QVERIFY(e.broker().position(p.symbol).has_value());
        QCOMPARE(e.broker().position(p.symbol)->qty, p.qty);
        QCOMPARE(e.broker().openOrders().size(), 1);
        QCOMPARE(e.broker().openOrders().front().purpose, OrderPurpose::ProtectiveStop);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'approve' AND proposal_id = '%1'").arg(p.id)), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM verdicts WHERE stage = 'approval' AND proposal_id = '%1'").arg(p.id)), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders WHERE proposal_id = '%1'").arg(p.id)), 2);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM fills")), 1);
        // A second approval of the same proposal does nothing.
        QCOMPARE(e.approve(p.id).kind, ApprovalOutcome::Failed);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM fills")), 1);
    }
    void vetoNeedsAReasonAndRecordsIt()
    {
        const QString path = m_dir.filePath(QStringLiteral("veto.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("veto")));
        QVERIFY(e.open());
        runUntilProposals(e, 1);
        const Proposal p = e.pending().front();
        const Status empty = e.veto(p.id, QStringLiteral("   "));
        QVERIFY(!empty);
        QCOMPARE(empty.error(), QStringLiteral("a veto needs a reason"));
        QCOMPARE(e.pending().front().id, p.id);
        QVERIFY(e.veto(p.id, QStringLiteral("earnings tomorrow")));
        QVERIFY(std::none_of(e.pending().cbegin(), e.pending().cend(), [&](const Proposal &x) { return x.id == p.id; }));
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'veto' AND reason = 'earnings tomorrow'")), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM proposals WHERE status = 'vetoed' AND decision_reason = 'earnings tomorrow'")), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders")), 0);
        QVERIFY(!e.veto(QStringLiteral("prp_unknown"), QStringLiteral("x")));
    }
    void approvalThatCannotBeRecordedSendsNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("norecord.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("norecord")));
        QVERIFY(e.open());
        runUntilProposals(e, 1);
        const Proposal p = e.pending().front();
        // Another connection breaks the decisions table under the engine.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("saboteur"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TABLE decisions")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("saboteur"));
        const ApprovalOutcome s = e.approve(p.id);
        QCOMPARE(s.kind, ApprovalOutcome::Failed);
        QVERIFY2(s.message.contains(QStringLiteral("nothing sent")), qPrintable(s.message));
        QVERIFY(e.broker().positions().isEmpty());
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders")), 0);
        QCOMPARE(e.pending().front().id, p.id); // still waiting, nothing lost
    }
    void restartRestoresEverything()
    {
        const QString path = m_dir.filePath(QStringLiteral("restart.db"));
        Account before;
        QList<Position> positions;
        QStringList pendingIds;
        int sessions = 0;
        qsizetype equityPoints = 0;
        {
            TradingEngine e(optionsFor(path, QStringLiteral("restart1")));
            QVERIFY(e.open());
            runUntilProposals(e, 2);
            QVERIFY(e.approve(e.pending().front().id).ok());
            for (int i = 0; i < 3; ++i)
                e.runSession();
            while (e.pending().size() > 1)
                QVERIFY(e.veto(e.pending().front().id, QStringLiteral("test")));
            before = e.broker().account();
            positions = e.broker().positions();
            for (const Proposal &p : e.pending())
                pendingIds.append(p.id);
            sessions = e.market().completedSessions();
            equityPoints = e.equityCurve().size();
        }
        TradingEngine e(optionsFor(path, QStringLiteral("restart2")));
        QVERIFY(e.open());
        QCOMPARE(e.market().completedSessions(), sessions);
        QCOMPARE(e.broker().account().cash, before.cash);
        QCOMPARE(e.broker().account().equity, before.equity);
        QCOMPARE(e.broker().positions().size(), positions.size());
        for (int i = 0; i < positions.size(); ++i) {
            QCOMPARE(e.broker().positions()[i].symbol, positions[i].symbol);
            QCOMPARE(e.broker().positions()[i].qty, positions[i].qty);
            QCOMPARE(e.broker().positions()[i].stopPrice, positions[i].stopPrice);
        }
        QStringList after;
        for (const Proposal &p : e.pending())
            after.append(p.id);
        QCOMPARE(after, pendingIds);
        QCOMPARE(e.equityCurve().size(), equityPoints);
        QVERIFY(!e.snapshot().decided.isEmpty());
        QVERIFY(!e.snapshot().orders.isEmpty());
        // The market continues where it was.
        e.runSession();
        QCOMPARE(e.market().completedSessions(), sessions + 1);
    }
    void aRunThatDiedIsRecordedAsFailedWithWhy()
    {
        const QString path = m_dir.filePath(QStringLiteral("died.db"));
        {
            TradingEngine e(optionsFor(path, QStringLiteral("died1")));
            QVERIFY(e.open());
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("killer"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO runs (id, kind, started_at, status) VALUES ('run_dead', 'demo', '2026-01-01', 'running')")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("killer"));
        TradingEngine e(optionsFor(path, QStringLiteral("died2")));
        QVERIFY(e.open());
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM runs WHERE id = 'run_dead' AND status = 'failed' AND error <> ''")), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM runs WHERE status = 'ok'")), 1);
    }
    void unreadableDatabaseIsNotTouched()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.db"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        TradingEngine e(optionsFor(path, QStringLiteral("garbage")));
        const Status s = e.open();
        QVERIFY(!s);
        QVERIFY(s.error().contains(path));
        QCOMPARE(QFileInfo(path).size(), 8192);
    }
};

QTEST_GUILESS_MAIN(TestTradingEngine)
#include "tst_tradingengine.moc"
