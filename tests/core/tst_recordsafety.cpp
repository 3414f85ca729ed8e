// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a record safely: a damaged file, a foreign SQLite file, a Sentinel
// file with a table or column missing, and a file that cannot be written are
// each refused with a clear reason and never written to; an earlier Sentinel
// file without the application id is recognised and marked.
#include "persistence/database.h"
#include "sqlprobe.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QStringList g_messages;
void capture(QtMsgType, const QMessageLogContext &, const QString &m)
{
    g_messages.append(m);
}

QByteArray digest(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

/// A Sentinel record at the latest schema, closed.
bool makeRecord(const QString &path)
{
    Database db(QStringLiteral("make"));
    return db.open(path).ok() && db.migrate().ok();
}

} // namespace

class TestRecordSafety : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    Status openOnce(const QString &path)
    {
        g_messages.clear();
        const QtMessageHandler previous = qInstallMessageHandler(capture);
        Status s;
        {
            Database db(QStringLiteral("probe"));
            s = db.open(path);
            if (s)
                s = db.migrate();
        }
        qInstallMessageHandler(previous);
        for (const QString &m : std::as_const(g_messages))
            if (m.contains(QLatin1String("still in use")))
                return Status::failure(QStringLiteral("connection left in use: ") + m);
        return s;
    }

private Q_SLOTS:
    void aNewFileBecomesSentinels()
    {
        const QString path = m_dir.filePath(QStringLiteral("new.db"));
        QVERIFY(openOnce(path));
        QCOMPARE(count(path, QStringLiteral("PRAGMA application_id")), Database::kApplicationId);
    }

    void aForeignFileIsLeftUntouched()
    {
        const QString path = m_dir.filePath(QStringLiteral("foreign.db"));
        QVERIFY(execSql(path, {QStringLiteral("CREATE TABLE notes (a TEXT)"), QStringLiteral("INSERT INTO notes VALUES ('mine')")}));
        const QByteArray before = digest(path);
        const Status s = openOnce(path);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QLatin1String("is not a Sentinel database")) && s.error().contains(QLatin1String("notes")), qPrintable(s.error()));
        QCOMPARE(digest(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) || QFile(path + QStringLiteral("-wal")).size() == 0);
        // Another program's application id is refused even with our tables.
        const QString other = m_dir.filePath(QStringLiteral("other.db"));
        QVERIFY(makeRecord(other));
        QVERIFY(execSql(other, {QStringLiteral("PRAGMA application_id = 42")}));
        const Status o = openOnce(other);
        QVERIFY(!o);
        QVERIFY2(o.error().contains(QLatin1String("application id 42")), qPrintable(o.error()));
    }

    void aDamagedFileIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged.db"));
        QVERIFY(makeRecord(path));
        QVERIFY(execSql(path, {QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), QStringLiteral("PRAGMA journal_mode=DELETE")}));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.size() > 4096 * 4);
            f.seek(4096 * 3); // one page overwritten
            f.write(QByteArray(4096, '\xde'));
        }
        const QByteArray before = digest(path);
        const Status s = openOnce(path);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QLatin1String("is damaged (quick_check")), qPrintable(s.error()));
        QCOMPARE(digest(path), before);
    }

    void aRecordWithATableOrColumnMissingIsRefused_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("missing");
        QTest::newRow("fills dropped") << QStringLiteral("DROP TABLE fills") << QStringLiteral("table fills");
        QTest::newRow("a column gone") << QStringLiteral("ALTER TABLE orders DROP COLUMN terms") << QStringLiteral("orders.terms");
    }
    void aRecordWithATableOrColumnMissingIsRefused()
    {
        QFETCH(QString, sql);
        QFETCH(QString, missing);
        const QString path = m_dir.filePath(QStringLiteral("missing-%1.db").arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))));
        QVERIFY(makeRecord(path));
        QVERIFY(execSql(path, {sql, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")}));
        const QByteArray before = digest(path);
        const Status s = openOnce(path);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("lacks %1").arg(missing)), qPrintable(s.error()));
        QCOMPARE(digest(path), before);
    }

    void anEarlierSentinelFileIsRecognisedAndMarked()
    {
        const QString path = m_dir.filePath(QStringLiteral("earlier.db"));
        QVERIFY(makeRecord(path));
        QVERIFY(execSql(path, {QStringLiteral("PRAGMA application_id = 0")}));
        QVERIFY(openOnce(path));
        QCOMPARE(count(path, QStringLiteral("PRAGMA application_id")), Database::kApplicationId);
    }

    void aFileThatCannotBeWrittenIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("immutable.db"));
        QVERIFY(makeRecord(path));
        // Root ignores permissions; the immutable attribute stops root too.
        if (QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), path}) != 0)
            QSKIP("chattr +i is not available on this file system");
        const Status s = openOnce(path);
        QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), path});
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QLatin1String("cannot be written")), qPrintable(s.error()));
    }

    void theDemoRefusesWithExitCodeAndReason()
    {
        const QString path = m_dir.filePath(QStringLiteral("cli-foreign.db"));
        QVERIFY(execSql(path, {QStringLiteral("CREATE TABLE notes (a TEXT)")}));
        QProcess p;
        p.start(QStringLiteral(SENTINEL_CLI), {QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("2"), QStringLiteral("--db"), path});
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.contains(QLatin1String("is not a Sentinel database")), qPrintable(err));
        QVERIFY2(!err.contains(QLatin1String("still in use")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestRecordSafety)
#include "tst_recordsafety.moc"
