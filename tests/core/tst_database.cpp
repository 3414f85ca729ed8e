// SPDX-License-Identifier: GPL-3.0-or-later
#include "persistence/database.h"
#include "persistence/tradestore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

namespace {
QByteArray hashOf(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
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
        QVERIFY(db.open(m_dir.filePath(QStringLiteral("health.db"))));
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
        const QString path = m_dir.filePath(QStringLiteral("steps.db"));
        {
            Database db(QStringLiteral("steps"));
            QVERIFY(db.open(path));
            QCOMPARE(db.schemaVersion(), 0);
            QVERIFY(db.migrate(1));
            QCOMPARE(db.schemaVersion(), 1);
            TradeStore store(db);
            Fill f{QStringLiteral("fil_1"), QStringLiteral("ord_1"), QStringLiteral("AAPL"), Side::Buy, "2.5"_d, "190.01"_d,
                   QDateTime(QDate(2025, 1, 2), QTime(15, 0), QTimeZone::utc())};
            QVERIFY(store.recordFill(f));
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
        QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'idx_fills_order'")) && q.next());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(db.migrate()); // idempotent
    }
    void corruptFileIsReportedAndLeftUntouched()
    {
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
        const QString path = m_dir.filePath(QStringLiteral("future.db"));
        {
            Database db(QStringLiteral("future"));
            QVERIFY(db.open(path));
            QSqlQuery q(db.handle());
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        Database db(QStringLiteral("future2"));
        const Status s = db.open(path);
        QVERIFY(!s);
        QVERIFY(s.error().contains(QStringLiteral("newer than this build")));
    }
    void failedRunAlwaysRecordsWhy()
    {
        Database db(QStringLiteral("runs"));
        QVERIFY(db.open(m_dir.filePath(QStringLiteral("runs.db"))));
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
        QVERIFY(db.open(m_dir.filePath(QStringLiteral("verdicts.db"))));
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
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
