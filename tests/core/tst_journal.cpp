// SPDX-License-Identifier: GPL-3.0-or-later
// The hash-chained journal: a demo's record verifies intact across a restart;
// editing, deleting or inserting a journal row or a covered record by hand is
// found and named; `sentinel-cli journal verify` exits 0, 1 or 2.
#include "clirun.h"
#include "sqlprobe.h"
#include "testrecord.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Out = CliOut;

Out cli(const QStringList &args)
{
    return runSentinelCli(args);
}

} // namespace

class TestJournal : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_record;

    QString copy(const QString &name)
    {
        return testrecord::copy(m_dir, m_record, name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_record = testrecord::fresh(m_dir, QStringLiteral("record"));
        // Two runs on one record: the chain goes on across a restart.
        for (const char *sessions : {"15", "10"}) {
            const Out o = cli({QStringLiteral("demo"), QStringLiteral("--sessions"), QLatin1String(sessions), QStringLiteral("--approve"),
                               QStringLiteral("all"), QStringLiteral("--db"), m_record});
            QVERIFY2(o.code == 0, qPrintable(o.err));
        }
        // A checkpoint folds the WAL into the file, so copies are whole.
        if (!testrecord::onPostgres())
            QVERIFY(execSql(m_record, {QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")}));
    }

    void anUntouchedRecordIsIntact()
    {
        const Out o = cli({QStringLiteral("journal"), QStringLiteral("verify"), QStringLiteral("--db"), m_record, QStringLiteral("--json")});
        QCOMPARE(o.code, 0);
        const QJsonObject j = QJsonDocument::fromJson(o.out.toUtf8()).object();
        QCOMPARE(j.value(QStringLiteral("intact")).toBool(), true);
        QVERIFY(j.value(QStringLiteral("entries")).toInt() > 100);
        QVERIFY(j.value(QStringLiteral("records")).toInt() > 50);
    }

    void anApprovalIsRecordedBeforeItsOrderOnOneClock()
    {
        // Decisions carry the simulated time beside the wall time, so the order of
        // events can be checked in SQL on the clock the orders carry.
        QCOMPARE(count(m_record, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'approve' AND sim_at IS NULL")), 0);
        const QStringList r = rows(m_record, QStringLiteral("SELECT count(*), sum(CASE WHEN d.sim_at <= o.created_at THEN 1 ELSE 0 END) FROM orders o"
                                                           " JOIN decisions d ON d.proposal_id = o.proposal_id AND d.decision = 'approve'"
                                                           " WHERE o.purpose = 'entry'"));
        QCOMPARE(r.size(), 1);
        QVERIFY(r.first().section(QLatin1Char('|'), 0, 0).toInt() > 0);
        QCOMPARE(r.first().section(QLatin1Char('|'), 1, 1), r.first().section(QLatin1Char('|'), 0, 0));
    }

    void tamperingIsFoundAndNamed_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("expect");
        QTest::newRow("decision edited") << QStringLiteral("UPDATE decisions SET reason = 'nothing to see' WHERE rowid = 2")
                                         << QStringLiteral("differs from journal entry");
        QTest::newRow("decision inserted") << QStringLiteral("INSERT INTO decisions (id, proposal_id, decision, reason, operator, created_at, sim_at)"
                                                             " VALUES ('dec_x', 'prp_x', 'approve', 'by hand', 'mallory', '2026-01-01T00:00:00Z', NULL)")
                                           << QStringLiteral("decisions dec_x has no journal entry (inserted by hand?)");
        QTest::newRow("decision deleted") << QStringLiteral("DELETE FROM decisions WHERE rowid = 3") << QStringLiteral("which is gone (deleted?)");
        QTest::newRow("intent edited") << QStringLiteral("UPDATE order_intents SET qty = '5000' WHERE rowid = 1")
                                       << QStringLiteral("order_intents");
        QTest::newRow("breaker event deleted") << QStringLiteral("DELETE FROM breaker_events") << QStringLiteral("breaker_events");
        QTest::newRow("journal entry edited") << QStringLiteral("UPDATE journal SET payload = payload || ' ' WHERE seq = 12")
                                              << QStringLiteral("entry 12");
        QTest::newRow("journal entry deleted") << QStringLiteral("DELETE FROM journal WHERE seq = 7") << QStringLiteral("entry 7 is missing");
        QTest::newRow("journal entry inserted")
            << QStringLiteral("INSERT INTO journal SELECT seq + 1000000, at, kind, ref, payload, prev_hash, hash FROM journal WHERE seq = 3")
            << QStringLiteral("entry 1000003");
        QTest::newRow("settings edited") << QStringLiteral("UPDATE settings_changes SET settings = '{\"risk\":{\"per_position_cap_pct\":50}}'")
                                         << QStringLiteral("settings_changes");
        QTest::newRow("journal rehashed by hand") << QStringLiteral("UPDATE journal SET hash = 'beef' WHERE seq = 20") << QStringLiteral("entry 20");
    }
    void tamperingIsFoundAndNamed()
    {
        QFETCH(QString, sql);
        QFETCH(QString, expect);
        const QString path = copy(QStringLiteral("tampered"));
        QVERIFY(execSql(path, {sql}));
        const Out o = cli({QStringLiteral("journal"), QStringLiteral("verify"), QStringLiteral("--db"), path});
        QCOMPARE(o.code, 1);
        QVERIFY2(o.out.startsWith(QLatin1String("BROKEN at")) && o.out.contains(expect), qPrintable(o.out));
    }

    void settingsChangesAreRecordedAndJournaled()
    {
        const QString record = testrecord::fresh(m_dir, QStringLiteral("settings"));
        const QString file = m_dir.filePath(QStringLiteral("settings.json"));
        const auto runWith = [&](const QByteArray &json) {
            QFile f(file);
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            f.write(json);
            f.close();
            const Out o = cli({QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("2"), QStringLiteral("--settings"), file,
                               QStringLiteral("--db"), record});
            QVERIFY2(o.code == 0, qPrintable(o.err));
        };
        runWith(R"({"risk": {"per_position_cap_pct": 4}})");
        runWith(R"({"risk": {"per_position_cap_pct": 4}})"); // unchanged: nothing new
        QCOMPARE(count(record, QStringLiteral("SELECT count(*) FROM settings_changes")), 1);
        runWith(R"({"risk": {"per_position_cap_pct": 3}})");
        QCOMPARE(count(record, QStringLiteral("SELECT count(*) FROM settings_changes")), 2);
        const QStringList last = rows(record, QStringLiteral("SELECT settings, CASE WHEN previous IS NULL THEN 0 ELSE 1 END FROM settings_changes ORDER BY at DESC LIMIT 1"));
        QCOMPARE(last, QStringList{QStringLiteral("{\"risk\":{\"per_position_cap_pct\":3}}|1")});
        QCOMPARE(count(record, QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'settings'")), 2);
        const Out v = cli({QStringLiteral("journal"), QStringLiteral("verify"), QStringLiteral("--db"), record});
        QVERIFY2(v.code == 0, qPrintable(v.out + v.err));
    }

    void anOnlineBackupIsWholeAndVerifies()
    {
        // A demo is writing while the copy is taken.
        const QString live = testrecord::fresh(m_dir, QStringLiteral("live"));
        QProcess demo;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.info=false"));
        demo.setProcessEnvironment(env);
        demo.start(QStringLiteral(SENTINEL_CLI), {QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("400"), QStringLiteral("--approve"),
                                                  QStringLiteral("all"), QStringLiteral("--db"), live});
        QTRY_VERIFY_WITH_TIMEOUT(count(live, QStringLiteral("SELECT count(*) FROM journal")) > 300, 30000);
        const QString copy = m_dir.filePath(QStringLiteral("copy.db"));
        const Out b = cli({QStringLiteral("backup"), QStringLiteral("--db"), live, QStringLiteral("--to"), copy});
        const bool running = demo.state() != QProcess::NotRunning;
        demo.waitForFinished(120000);
        QCOMPARE(demo.exitCode(), 0);
        QVERIFY2(b.code == 0, qPrintable(b.err));
        QVERIFY(b.out.contains(QLatin1String("quick_check ok")));
        qInfo() << "backup taken while the demo was" << (running ? "running" : "already finished");
        const Out v = cli({QStringLiteral("journal"), QStringLiteral("verify"), QStringLiteral("--db"), copy});
        QVERIFY2(v.code == 0, qPrintable(v.out + v.err));
        // Never over a file, never from a foreign one.
        QCOMPARE(cli({QStringLiteral("backup"), QStringLiteral("--db"), live, QStringLiteral("--to"), copy}).code, 1);
        const QString foreign = testrecord::fresh(m_dir, QStringLiteral("foreign"));
        QVERIFY(execSql(foreign, {QStringLiteral("CREATE TABLE notes (a TEXT)")}));
        const Out f = cli({QStringLiteral("backup"), QStringLiteral("--db"), foreign, QStringLiteral("--to"), m_dir.filePath(QStringLiteral("f2.db"))});
        QCOMPARE(f.code, 1);
        QVERIFY2(f.err.contains(QLatin1String("not a Sentinel record")), qPrintable(f.err));
        QCOMPARE(cli({QStringLiteral("backup"), QStringLiteral("--db"), live}).code, 2);
    }

    void badArgumentsExitTwo()
    {
        QCOMPARE(cli({QStringLiteral("journal"), QStringLiteral("verify")}).code, 2);
        QCOMPARE(cli({QStringLiteral("journal"), QStringLiteral("check"), QStringLiteral("--db"), m_record}).code, 2);
        QCOMPARE(cli({QStringLiteral("journal"), QStringLiteral("verify"), QStringLiteral("--db"), m_dir.filePath(QStringLiteral("none.db"))}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
