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

#include "testrandom.h"

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
    void theOnePassRowReadsAsTheGeneralPath()
    {
        // Plain rows take a one-pass path; anything else the general one. The same rows with
        // a trailing space (which the general path trims) must give the same bars and errors.
        TestRandom next(0xfeedULL);
        const QList<QByteArray> prices{"12", "12.5", "012.50", "0.0001", "7.123456789", "7.1234567891", ".5", "5.", "0", "-3", "9223372036",
                                       "9223372036.9", "9223372037", "1e3", "", "12.3.4", "99999.9999"};
        const QList<QByteArray> volumes{"100", "0", "12.7", "-5", "99999999999999999999", "123456789012345678", "x", ""};
        QByteArray plain = "date,open,high,low,close,volume\n", spaced = plain;
        QDate d(2023, 1, 2);
        for (int i = 0; i < 4000; ++i) {
            QByteArray row;
            const auto kind = next(20);
            const QByteArray date = kind == 0 ? QByteArray("2023-02-29") : kind == 1 ? QByteArray("2023-13-01") : d.toString(Qt::ISODate).toLatin1();
            if (kind > 2)
                d = d.addDays(next(3) == 0 ? 0 : 1); // now and then a duplicate date
            // A consistent bar, written with assorted spellings; now and then one cell is odd.
            const std::uint64_t low = 5000 + next(5000), open = low + next(300), close = low + next(300), high = std::max(open, close) + next(50);
            const auto spell = [&](std::uint64_t cents) {
                if (next(12) == 0)
                    return prices[static_cast<qsizetype>(next(prices.size()))];
                const QByteArray whole = QByteArray::number(cents / 100), frac = QByteArray::number(cents % 100).rightJustified(2, '0');
                switch (next(4)) {
                case 0: return whole + '.' + frac;
                case 1: return whole + '.' + frac + "00";
                case 2: return cents % 100 == 0 ? whole : whole + '.' + frac;
                default: return '0' + whole + '.' + frac;
                }
            };
            row = date + ',' + spell(open) + ',' + spell(high) + ',' + spell(low) + ',' + spell(close) + ','
                  + (next(8) == 0 ? volumes[static_cast<qsizetype>(next(volumes.size()))] : QByteArray::number(next(1000000)));
            if (kind == 3)
                row += ",extra";
            if (kind == 4)
                row.chop(row.size() - row.lastIndexOf(','));
            plain += row + '\n';
            spaced += row + " \n";
        }
        BarTable a, b;
        const BarTable::Series sa = a.parse(plain, QStringLiteral("F.csv"), QStringLiteral("F"));
        const BarTable::Series sb = b.parse(spaced, QStringLiteral("F.csv"), QStringLiteral("F"));
        QVERIFY(sa.size() > 200);
        QVERIFY(a.errors().size() > 200);
        QCOMPARE(sa.size(), sb.size());
        QCOMPARE(sa.day, sb.day);
        QVERIFY(sa.open == sb.open && sa.high == sb.high && sa.low == sb.low && sa.close == sb.close && sa.volume == sb.volume);
        QCOMPARE(a.errors().size(), b.errors().size());
        for (qsizetype i = 0; i < a.errors().size(); ++i) {
            QCOMPARE(a.errors()[i].line, b.errors()[i].line);
            QCOMPARE(a.errors()[i].reason, b.errors()[i].reason);
        }
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
    void theCacheKeepsUnderItsCapByEvictingTheLeastRecentlyUsed()
    {
        // Three other folders' caches, used an hour, a day and a week ago.
        QDir().mkpath(m_cache);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const std::pair<const char *, qint64> others[]{{"week", 7 * 86400}, {"day", 86400}, {"hour", 3600}};
        for (const auto &[name, age] : others) {
            QFile f(m_cache + QStringLiteral("/%1.bars").arg(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(100'000, 'x'));
            QVERIFY(f.setFileTime(now.addSecs(-age), QFileDevice::FileModificationTime));
        }
        QFile other(m_cache + QStringLiteral("/notes.txt")); // not a cache file: never touched
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write(QByteArray(500'000, 'n'));
        other.close();
        // Room for two of them: the week-old one goes first, and `keep` never goes.
        QCOMPARE(BarTable::trimCache(m_cache, 250'000, m_cache + QStringLiteral("/week.bars")), 1);
        QVERIFY(QFile::exists(m_cache + QStringLiteral("/week.bars")));
        QVERIFY(!QFile::exists(m_cache + QStringLiteral("/day.bars")));
        QVERIFY(QFile::exists(m_cache + QStringLiteral("/hour.bars")));
        QVERIFY(QFile::exists(m_cache + QStringLiteral("/notes.txt")));
        QCOMPARE(BarTable::trimCache(m_cache, 250'000, {}), 0); // under the cap: nothing more
        // A load writes its own cache, then trims the others to the cap (here 1 MB: all fit).
        qputenv("SENTINEL_BAR_CACHE_MB", "1");
        BarTable first = load(m_cache);
        QVERIFY(first.cacheUse().written);
        QCOMPARE(first.cacheUse().evicted, 0);
        // A hit refreshes the cache file's time, so the folder in use is the last to go.
        const QString mine = QDir(m_cache).entryList({QStringLiteral("*.bars")}, QDir::Files, QDir::Time).front();
        QFile(m_cache + QLatin1Char('/') + mine).setFileTime(now.addDays(-30), QFileDevice::FileModificationTime);
        QCOMPARE(load(m_cache).cacheUse().hits, 4);
        QVERIFY(QFileInfo(m_cache + QLatin1Char('/') + mine).lastModified() > now.addSecs(-60));
        qunsetenv("SENTINEL_BAR_CACHE_MB");
        QCOMPARE(BarTable::cacheCapBytes(), 1024LL * 1024 * 1024);
    }
};

QTEST_GUILESS_MAIN(TestBarCache)
#include "tst_barcache.moc"
