// SPDX-License-Identifier: GPL-3.0-or-later
// The record's store, on SQLite and (as tst_database_pg) on PostgreSQL: migrations
// from every earlier version, the constraints that make impossible records
// impossible, and two workstations sharing one PostgreSQL record.
#include "persistence/database.h"
#include "persistence/journal.h"
#include "persistence/tradestore.h"
#include "testrecord.h"

#include <QSemaphore>
#include <thread>

#include <QCryptographicHash>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <QThread>
#include <QTimeZone>

namespace {
QByteArray hashOf(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

Order orderOf(const QString &id, const QString &proposalId, bool external = false)
{
    Order o;
    o.id = id;
    o.clientOrderId = QStringLiteral("c_") + id;
    o.proposalId = proposalId;
    o.symbol = QStringLiteral("AAPL");
    o.qty = "10"_d;
    o.external = external;
    o.createdAt = o.updatedAt = QDateTime(QDate(2026, 1, 5), QTime(15, 0), QTimeZone::utc());
    return o;
}

Proposal proposalOf(const QString &id)
{
    Proposal p;
    p.id = id;
    p.symbol = QStringLiteral("AAPL");
    p.qty = "10"_d;
    p.price = "190"_d;
    p.createdAt = QDateTime(QDate(2026, 1, 5), QTime(15, 0), QTimeZone::utc());
    return p;
}
} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void reenabledStrategyHealthIsSaved()
    {
        // A re-enabled strategy has no judged signals: an empty record, not a missing one.
        Database db(QStringLiteral("health"));
        QVERIFY(db.open(testrecord::fresh(m_dir, QStringLiteral("health"))));
        QVERIFY(db.migrate());
        TradeStore store(db);
        StrategyHealth h;
        for (int i = 0; i < 20; ++i)
            h.record(QStringLiteral("MeanReversion"), false);
        QVERIFY(h.isSuspended(QStringLiteral("MeanReversion")));
        QVERIFY(store.saveHealth(h, QStringLiteral("MeanReversion")));
        h.reenable(QStringLiteral("MeanReversion"));
        const Status s = store.saveHealth(h, QStringLiteral("MeanReversion"));
        QVERIFY2(s, qPrintable(s.error()));
        StrategyHealth restored;
        store.loadHealth(restored);
        QVERIFY(!restored.isSuspended(QStringLiteral("MeanReversion")));
    }
    void migratesStepByStepKeepingData()
    {
        const QString path = testrecord::fresh(m_dir, QStringLiteral("steps"));
        {
            Database db(QStringLiteral("steps"));
            QVERIFY(db.open(path));
            QCOMPARE(db.schemaVersion(), 0);
            QVERIFY(db.migrate(1));
            QCOMPARE(db.schemaVersion(), 1);
            // Written as that version's Sentinel wrote it.
            QSqlQuery q(db.handle());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO fills (id, order_id, symbol, side, qty, price, created_at) VALUES"
                                          " ('fil_1', 'ord_1', 'AAPL', 'buy', '2.5', '190.01', '2025-01-02T15:00:00.000Z')")));
        }
        Database db(QStringLiteral("steps2"));
        QVERIFY(db.open(path));
        QCOMPARE(db.schemaVersion(), 1);
        QVERIFY(db.migrate());
        QCOMPARE(db.schemaVersion(), Database::latestVersion());
        QVERIFY(Database::latestVersion() >= 2);
        TradeStore store(db);
        const QList<Fill> fills = store.loadFills();
        QCOMPARE(fills.size(), 1);
        QCOMPARE(fills[0].qty, "2.5"_d);
        QCOMPARE(fills[0].price, "190.01"_d);
        QSqlQuery q(db.handle());
        if (!db.isPostgres()) {
            QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'idx_fills_order'")) && q.next());
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        } else {
            QVERIFY(q.exec(QStringLiteral("SELECT 1 FROM pg_indexes WHERE indexname = 'idx_fills_order'")) && q.next());
        }
        QVERIFY(db.migrate()); // idempotent
    }
    void corruptFileIsReportedAndLeftUntouched()
    {
        if (testrecord::onPostgres())
            QSKIP("a damaged file is SQLite's case; PostgreSQL guards its own pages");
        const QString path = m_dir.filePath(QStringLiteral("corrupt.db"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("this is not an sqlite database at all, just text that fills the header").repeated(80));
        }
        const QByteArray before = hashOf(path);
        Database db(QStringLiteral("corrupt"));
        const Status s = db.open(path);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("not a readable Sentinel database")), qPrintable(s.error()));
        QVERIFY(s.error().contains(QStringLiteral("left untouched")));
        QVERIFY(QFile::exists(path));
        QCOMPARE(hashOf(path), before);
    }
    void newerSchemaIsRefused()
    {
        const QString path = testrecord::fresh(m_dir, QStringLiteral("future"));
        {
            Database db(QStringLiteral("future"));
            QVERIFY(db.open(path));
            QSqlQuery q(db.handle());
            QVERIFY(q.exec(db.isPostgres() ? QStringLiteral("UPDATE sentinel_meta SET value = '99' WHERE key = 'user_version'")
                                           : QStringLiteral("PRAGMA user_version = 99")));
        }
        Database db(QStringLiteral("future2"));
        const Status s = db.open(path);
        QVERIFY(!s);
        QVERIFY(s.error().contains(QStringLiteral("newer than this build")));
    }
    void failedRunAlwaysRecordsWhy()
    {
        Database db(QStringLiteral("runs"));
        QVERIFY(db.open(testrecord::fresh(m_dir, QStringLiteral("runs"))));
        QVERIFY(db.migrate());
        TradeStore store(db);
        QVERIFY(store.beginRun(QStringLiteral("run_1"), QStringLiteral("demo"), {}));
        QVERIFY(store.finishRun(QStringLiteral("run_1"), QStringLiteral("failed"), {}));
        QSqlQuery q(db.handle());
        QVERIFY(q.exec(QStringLiteral("SELECT error FROM runs WHERE id = 'run_1'")) && q.next());
        QVERIFY(!q.value(0).toString().isEmpty());
    }
    void verdictRoundTrips()
    {
        Database db(QStringLiteral("verdicts"));
        QVERIFY(db.open(testrecord::fresh(m_dir, QStringLiteral("verdicts"))));
        QVERIFY(db.migrate());
        TradeStore store(db);
        RiskVerdict v;
        v.kind = VerdictKind::Resize;
        v.requestedQty = "100"_d;
        v.finalQty = "21"_d;
        v.bindingRule = QStringLiteral("per_position_cap");
        v.rules.append({QStringLiteral("per_position_cap"), RuleOutcome::Resize, RuleUnit::Money, "4994.96"_d, "5000"_d, "21.7"_d, {}});
        v.rules.append({QStringLiteral("market_regime"), RuleOutcome::Skipped, RuleUnit::None, Decimal::invalid(), Decimal::invalid(), "21.7"_d, QStringLiteral("off")});
        QVERIFY(store.recordVerdict(QStringLiteral("prp_1"), QStringLiteral("proposal"), v));
        const QList<RiskVerdict> back = store.loadVerdicts(QStringLiteral("prp_1"));
        QCOMPARE(back.size(), 1);
        QCOMPARE(back[0].kind, VerdictKind::Resize);
        QCOMPARE(back[0].rules.size(), 2);
        QCOMPARE(back[0].rules[0].allowedQty, "21.7"_d);
        QCOMPARE(back[0].rules[0].value, "4994.96"_d);
        QCOMPARE(back[0].rules[0].unit, RuleUnit::Money);
        QCOMPARE(back[0].rules[0].limitText(), QStringLiteral("$5,000.00"));
        QVERIFY(!back[0].rules[1].value.isValid());
        QCOMPARE(back[0].rules[1].note, QStringLiteral("off"));
        QCOMPARE(back[0].bindingRule, QStringLiteral("per_position_cap"));
    }
    void migratesFromEveryEarlierVersion_data()
    {
        QTest::addColumn<int>("from");
        for (int v = 0; v < Database::latestVersion(); ++v)
            QTest::addRow("from %d", v) << v;
    }
    void migratesFromEveryEarlierVersion()
    {
        // A record left at each earlier version, with rows in it, steps up to the latest,
        // keeps its rows and has every table and column of the latest schema.
        QFETCH(int, from);
        const QString path = testrecord::fresh(m_dir, QStringLiteral("from%1").arg(from));
        {
            Database db(QStringLiteral("old"));
            QVERIFY(db.open(path));
            QVERIFY(db.migrate(from));
            QCOMPARE(db.schemaVersion(), from);
            if (from >= 1) {
                QSqlQuery q(db.handle());
                QVERIFY(q.exec(QStringLiteral("INSERT INTO decisions (id, proposal_id, decision, reason, operator, created_at) VALUES"
                                              " ('dec_1', 'prp_1', 'approve', '', 'alice', '2026-01-05T14:59:00.000Z')")));
                QVERIFY2(q.exec(QStringLiteral("INSERT INTO orders (id, client_order_id, proposal_id, symbol, side, type, purpose, qty, status,"
                                               " created_at, updated_at) VALUES ('ord_1', 'c_1', 'prp_1', 'AAPL', 'buy', 'market', 'entry', '10',"
                                               " 'filled', '2026-01-05T15:00:00.000Z', '2026-01-05T15:00:00.000Z')")),
                         qPrintable(q.lastError().text()));
                QVERIFY(q.exec(QStringLiteral("INSERT INTO fills (id, order_id, symbol, side, qty, price, created_at) VALUES"
                                              " ('fil_1', 'ord_1', 'AAPL', 'buy', '10', '190.01', '2026-01-05T15:00:00.000Z')")));
            }
        }
        Database db(QStringLiteral("new"));
        QVERIFY(db.open(path));
        const Status m = db.migrate();
        QVERIFY2(m, qPrintable(m.error()));
        QCOMPARE(db.schemaVersion(), Database::latestVersion());
        const QHash<QString, QStringList> latest = Database::expectedSchema(Database::latestVersion());
        for (auto it = latest.cbegin(); it != latest.cend(); ++it)
            for (const QString &c : it.value())
                QVERIFY2(db.columns(it.key()).contains(c), qPrintable(it.key() + QLatin1Char('.') + c));
        TradeStore store(db);
        if (from >= 1) {
            QCOMPARE(store.loadFills().size(), 1);
            QCOMPARE(store.loadFills().first().price, "190.01"_d);
            QCOMPARE(store.loadOrders().size(), 1);
        }
        // The migrated record takes the engine's writes, journal included.
        QVERIFY(store.startJournal());
        QVERIFY(store.beginRun(QStringLiteral("run_after"), QStringLiteral("demo"), {}));
        const Result<journal::Verdict> v = journal::verify(db.handle());
        QVERIFY(v && v.value().intact);
    }

    void impossibleRecordsAreRefused()
    {
        Database db(QStringLiteral("rules"));
        QVERIFY(db.open(testrecord::fresh(m_dir, QStringLiteral("rules"))));
        QVERIFY(db.migrate());
        TradeStore store(db);
        QVERIFY(store.startJournal());
        // A fill must name a recorded order.
        Fill stray{QStringLiteral("fil_x"), QStringLiteral("ord_none"), QStringLiteral("AAPL"), Side::Buy, "1"_d, "190"_d,
                   QDateTime(QDate(2026, 1, 5), QTime(15, 0), QTimeZone::utc())};
        Status s = store.recordFill(stray);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("a fill must name a recorded order")), qPrintable(s.error()));
        // An order of Sentinel's must follow an approval of its proposal.
        QVERIFY(store.recordProposal(proposalOf(QStringLiteral("prp_1"))));
        s = store.recordOrder(orderOf(QStringLiteral("ord_1"), QStringLiteral("prp_1")));
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("an order must follow a recorded approval")), qPrintable(s.error()));
        // ... an order the broker holds that Sentinel did not place is recorded as it is.
        QVERIFY(store.recordOrder(orderOf(QStringLiteral("ord_ext"), QString(), true)));
        QVERIFY(store.recordDecision(QStringLiteral("prp_1"), QStringLiteral("approve"), {}, QStringLiteral("alice")));
        QVERIFY(store.recordOrder(orderOf(QStringLiteral("ord_1"), QStringLiteral("prp_1"))));
        stray.orderId = QStringLiteral("ord_1");
        QVERIFY(store.recordFill(stray));
        // A risk-reducing automatic step is recorded as the system's, beside the approval.
        QVERIFY(store.recordDecision(QStringLiteral("prp_1"), QStringLiteral("auto_tighten"), QStringLiteral("stop raised"), QStringLiteral("system")));
        // A proposal is approved or vetoed once; the second hears whose decision stands.
        s = store.recordDecision(QStringLiteral("prp_1"), QStringLiteral("veto"), QStringLiteral("size"), QStringLiteral("bob"));
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("already decided: approved by alice at 20")), qPrintable(s.error()));
        // Even written by hand, the database itself refuses the second.
        QSqlQuery q(db.handle());
        QVERIFY(!q.exec(QStringLiteral("INSERT INTO decisions (id, proposal_id, decision, operator, created_at) VALUES"
                                       " ('dec_hand', 'prp_1', 'approve', 'mallory', '2026-01-05T15:00:00.000Z')")));
        QCOMPARE(store.loadFills().size(), 1);
    }

    void twoWorkstationsDecideAProposalOnce()
    {
        if (!testrecord::onPostgres())
            QSKIP("one process holds a SQLite record; workstations share a PostgreSQL one (tst_database_pg)");
        const QString url = testrecord::fresh(m_dir, QStringLiteral("desk"));
        Database a(QStringLiteral("desk-a"));
        QVERIFY(a.open(url));
        QVERIFY(a.migrate());
        TradeStore alice(a);
        QVERIFY(alice.startJournal());
        QVERIFY(alice.recordProposal(proposalOf(QStringLiteral("prp_race"))));

        // Bob's workstation decides at the same moment: his insert waits on Alice's
        // uncommitted approval, and is refused when hers commits.
        QSemaphore bobReady;
        QSemaphore aliceInserted;
        QString bobError;
        QString bobSees;
        std::thread bob([&] {
            Database b(QStringLiteral("desk-b"));
            if (Status s = b.open(url); !s) {
                bobError = s.error();
                bobReady.release();
                return;
            }
            TradeStore store(b);
            bobReady.release();
            aliceInserted.acquire();
            const Status s = store.recordDecision(QStringLiteral("prp_race"), QStringLiteral("veto"), QStringLiteral("price"), QStringLiteral("bob"));
            bobError = s ? QStringLiteral("bob's veto was recorded") : s.error();
            bobSees = store.decidedBy(QStringLiteral("prp_race"));
        });
        bobReady.acquire();
        const Status mine = alice.transaction([&]() -> Status {
            if (Status s = alice.recordDecision(QStringLiteral("prp_race"), QStringLiteral("approve"), {}, QStringLiteral("alice")); !s)
                return s;
            aliceInserted.release();
            QThread::msleep(300); // Bob's insert is waiting now
            return {};
        });
        QVERIFY2(mine, qPrintable(mine.error()));
        bob.join();
        QVERIFY2(bobError.contains(QStringLiteral("another decision of it was recorded at the same moment")), qPrintable(bobError));
        QVERIFY2(bobSees.contains(QStringLiteral("approved by alice")), qPrintable(bobSees));
        QCOMPARE(alice.decidedBy(QStringLiteral("prp_race")).contains(QStringLiteral("approved by alice")), true);

        // Both desks write decisions at once; the journal stays one chain.
        const auto desk = [&](const QString &name, int from) {
            Database d(QStringLiteral("desk-") + name);
            if (!d.open(url))
                return;
            TradeStore store(d);
            for (int i = from; i < from + 40; ++i) {
                const QString id = QStringLiteral("prp_%1").arg(i);
                store.transaction([&]() -> Status {
                    if (Status s = store.recordProposal(proposalOf(id)); !s)
                        return s;
                    return store.recordDecision(id, QStringLiteral("approve"), {}, name);
                });
            }
        };
        std::thread t1(desk, QStringLiteral("carol"), 0);
        std::thread t2(desk, QStringLiteral("dave"), 1000);
        t1.join();
        t2.join();
        QSqlQuery q(a.handle());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM decisions")) && q.next());
        QCOMPARE(q.value(0).toInt(), 81);
        const Result<journal::Verdict> v = journal::verify(a.handle());
        QVERIFY(v);
        QVERIFY2(v.value().intact, qPrintable(v.value().firstBroken));
        QCOMPARE(v.value().records, 81); // the decisions
    }

    void oneEngineActsOnARecord()
    {
        const QString url = testrecord::fresh(m_dir, QStringLiteral("engine"));
        Database a(QStringLiteral("engine-a"));
        QVERIFY(a.open(url));
        QVERIFY(a.claimForEngine());
        if (!testrecord::onPostgres())
            return; // the lock file refuses a second process (tst_crashdrill)
        Database b(QStringLiteral("engine-b"));
        QVERIFY(b.open(url)); // a second workstation may read and decide ...
        const Status s = b.claimForEngine(); // ... but not run a second engine on it
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("another Sentinel engine is acting on")), qPrintable(s.error()));
        a.close();
        // The server frees a closed (or killed) connection's lock as it ends the session.
        QTRY_VERIFY_WITH_TIMEOUT(b.claimForEngine(), 10000);
    }

    void aForeignDatabaseIsLeftUntouched()
    {
        const QString url = testrecord::fresh(m_dir, QStringLiteral("foreign"));
        {
            Result<QSqlDatabase> c = Database::addConnection(url, QStringLiteral("foreign-setup"), false);
            QSqlDatabase d = c.value();
            QVERIFY(d.open());
            QSqlQuery q(d);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE notes (a TEXT)")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign-setup"));
        Database db(QStringLiteral("foreign"));
        const Status s = db.open(url);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("is not a Sentinel database")) && s.error().contains(QStringLiteral("notes")), qPrintable(s.error()));
        QVERIFY(!db.tables().contains(QStringLiteral("orders")));
    }

    void aBadLocationSaysWhy()
    {
        Database db(QStringLiteral("bad"));
        Status s = db.open(QStringLiteral("postgresql://nobody@/"));
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("is not a PostgreSQL URL")), qPrintable(s.error()));
        s = db.open(QStringLiteral("postgresql://nobody@/db?host=/nonexistent-socket-dir"));
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("cannot connect to")), qPrintable(s.error()));
        s = db.open(QStringLiteral("postgresql://nobody@/db?sslmode=disable"));
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("unknown setting 'sslmode'")), qPrintable(s.error()));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
