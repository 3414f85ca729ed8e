// SPDX-License-Identifier: GPL-3.0-or-later
// The bar cache: a second load takes every file from it and equals a parse, row
// errors included; an edited file is parsed again even with its size and time kept;
// the run's clock is respected; a damaged or unwritable cache never fails a load;
// files that are gone leave it; big and fine-grained values stay exact.
#include "backtest/bartable.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

void write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

QByteArray bars(int n, int start = 100)
{
    QByteArray out = "date,open,high,low,close,volume\n";
    QDate d(2024, 1, 2);
    for (int i = 0; i < n; ++i) {
        const int c = start + (i * 7) % 13;
        out += d.toString(Qt::ISODate).toLatin1() + ',' + QByteArray::number(c) + ".25," + QByteArray::number(c + 2) + ".5," + QByteArray::number(c - 2)
               + ".75," + QByteArray::number(c) + ".5," + QByteArray::number(1000 + i) + '\n';
        d = d.addDays(1);
    }
    return out;
}

// Everything a load gives: every series' values and every error.
QString dump(const BarTable &t)
{
    QString out;
    for (const BarTable::Series &s : t.series()) {
        out += s.symbol + QLatin1Char(':');
        for (std::size_t i = 0; i < s.size(); ++i)
            out += QStringLiteral("%1/%2/%3/%4/%5/%6;").arg(s.day[i]).arg(s.open[i]).arg(s.high[i]).arg(s.low[i]).arg(s.close[i]).arg(s.volume[i]);
        out += QLatin1Char('\n');
    }
    for (const BarTable::RowError &e : t.errors())
        out += QStringLiteral("%1:%2: %3\n").arg(e.file).arg(e.line).arg(e.reason);
    return out;
}

} // namespace

class TestBarCache : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_data, m_cache;
    int m_test = 0;

    BarTable load(const QString &cache, std::int32_t latest = std::numeric_limits<std::int32_t>::max())
    {
        BarTable t;
        t.setLatestDay(latest);
        t.loadDirectory(m_data, cache);
        return t;
    }

private Q_SLOTS:
    void init()
    {
        ++m_test; // each test its own folders
        m_data = m_dir.filePath(QStringLiteral("data-%1").arg(m_test));
        m_cache = m_dir.filePath(QStringLiteral("cache-%1").arg(m_test));
        QDir().mkpath(m_data);
        write(m_data + QStringLiteral("/AAA.csv"), bars(300));
        // Bad rows: their errors must come back from the cache word for word.
        write(m_data + QStringLiteral("/BBB.csv"), bars(50) + "2024-12-01,nan,1,1,1,5\n2024-12-02,10,9,11,10,5\n");
        write(m_data + QStringLiteral("/CCC.csv"), "date,open\n"); // not used at all
        // Six decimals and a volume beyond 32 bits: stored wide, still exact.
        write(m_data + QStringLiteral("/DDD.csv"), "date,open,high,low,close,volume\n2024-01-02,1.123456,2,1,1.5,9000000000\n2024-01-03,300000.5,300001,299999,300000,1\n");
    }
    void aSecondLoadIsTheSameFromTheCache()
    {
        const BarTable plain = load(QString());
        const BarTable first = load(m_cache);
        QCOMPARE(first.cacheUse().parsed, 4);
        QCOMPARE(first.cacheUse().hits, 0);
        QVERIFY(first.cacheUse().written);
        const BarTable second = load(m_cache);
        QCOMPARE(second.cacheUse().hits, 4);
        QCOMPARE(second.cacheUse().parsed, 0);
        QVERIFY(!second.cacheUse().written); // nothing changed: not rewritten
        QCOMPARE(dump(first), dump(plain));
        QCOMPARE(dump(second), dump(plain));
        QVERIFY(dump(second).contains(QLatin1String("BBB.csv:52: open \"nan\" is not a positive number")));
        const BarTable::Series &ddd = second.series().back();
        QCOMPARE(ddd.symbol, QStringLiteral("DDD"));
        QVERIFY(!ddd.open.isNarrow() && !ddd.volume.isNarrow());
        QCOMPARE(ddd.open[0], Decimal::parse("1.123456")->raw());
        QCOMPARE(ddd.volume[0], 9'000'000'000LL);
        QVERIFY(second.series().front().open.isNarrow()); // four decimals or fewer: 32 bits
    }
    void anEditedFileIsParsedAgainEvenWithItsSizeAndTimeKept()
    {
        load(m_cache);
        const QString path = m_data + QStringLiteral("/AAA.csv");
        const QDateTime time = QFileInfo(path).lastModified();
        QByteArray text = bars(300);
        text.replace("2024-01-02,100.25", "2024-01-02,100.35"); // same size
        write(path, text);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(time, QFileDevice::FileModificationTime)); // and the same time
        f.close();
        const BarTable again = load(m_cache);
        QCOMPARE(again.cacheUse().parsed, 1); // the hash tells
        QCOMPARE(again.cacheUse().hits, 3);
        QCOMPARE(again.series().front().open[0], Decimal::parse("100.35")->raw());
        QCOMPARE(dump(again), dump(load(QString())));
    }
    void theRunsClockIsRespected()
    {
        const std::int32_t jan10 = BarTable::dayNumber(QDate(2024, 1, 10));
        load(m_cache); // cached without a clock
        const BarTable clocked = load(m_cache, jan10);
        QCOMPARE(dump(clocked), dump(load(QString(), jan10))); // later rows refused, as a parse refuses them
        QVERIFY(dump(clocked).contains(QLatin1String("after the run's clock")));
        QVERIFY(clocked.cacheUse().parsed >= 2); // AAA and BBB run past the clock: parsed again
        const BarTable again = load(m_cache, jan10);
        QCOMPARE(again.cacheUse().parsed, 0); // made with this very clock: taken from the cache
        QCOMPARE(dump(again), dump(clocked));
        QCOMPARE(dump(load(m_cache)), dump(load(QString()))); // a later clock: parsed again, nothing refused
    }
    void aDamagedOrUnwritableCacheNeverFailsALoad()
    {
        load(m_cache);
        const QStringList files = QDir(m_cache).entryList(QDir::Files);
        QCOMPARE(files.size(), 1);
        const QString path = QDir(m_cache).filePath(files.front());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2)); // truncated mid-column
        f.close();
        const BarTable t = load(m_cache);
        QCOMPARE(t.cacheUse().hits, 0);
        QVERIFY(t.cacheUse().problem.contains(QLatin1String("damaged")));
        QCOMPARE(dump(t), dump(load(QString())));
        QCOMPARE(load(m_cache).cacheUse().hits, 4); // rebuilt
        write(path, "garbage that is not a cache");
        QCOMPARE(load(m_cache).cacheUse().hits, 0);
        // A cache folder that cannot be made: the load goes on, and says why.
        write(m_dir.filePath(QStringLiteral("plainfile")), "x");
        BarTable u;
        QVERIFY(u.loadDirectory(m_data, m_dir.filePath(QStringLiteral("plainfile/cache"))));
        QVERIFY(!u.cacheUse().problem.isEmpty());
        QCOMPARE(dump(u), dump(load(QString())));
    }
    void filesThatAreGoneLeaveTheCache()
    {
        load(m_cache);
        QVERIFY(QFile::remove(m_data + QStringLiteral("/CCC.csv")));
        const BarTable t = load(m_cache);
        QCOMPARE(t.cacheUse().hits, 3);
        QVERIFY(t.cacheUse().written);
        QCOMPARE(load(m_cache).cacheUse().hits, 3);
        QVERIFY(!dump(load(m_cache)).contains(QLatin1String("CCC")));
    }
};

QTEST_GUILESS_MAIN(TestBarCache)
#include "tst_barcache.moc"
