// SPDX-License-Identifier: GPL-3.0-or-later
// Bad input: NaN, negative prices, high < low, duplicates, bad CSV rows.
#include "data/barvalidator.h"
#include "data/csvbarloader.h"

#include <QTemporaryDir>
#include <QTest>

namespace {
Bar bar(const char *date, const char *o, const char *h, const char *l, const char *c, qint64 v = 100)
{
    return {QStringLiteral("AAPL"), QDate::fromString(QLatin1String(date), Qt::ISODate), Decimal::parse(o).value_or(Decimal::invalid()),
            Decimal::parse(h).value_or(Decimal::invalid()), Decimal::parse(l).value_or(Decimal::invalid()),
            Decimal::parse(c).value_or(Decimal::invalid()), v};
}
void write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}
} // namespace

class TestBarValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acceptsAGoodBar() { QVERIFY(BarValidator::validate(bar("2025-01-02", "10", "11", "9", "10.5"))); }
    void rejectsEachDefectWithItsReason()
    {
        struct Case
        {
            Bar b;
            const char *expect;
        } cases[] = {
            {bar("2025-01-02", "NaN", "11", "9", "10"), "open is not a finite number"},
            {bar("2025-01-02", "10", "11", "-9", "10"), "low -9 is not positive"},
            {bar("2025-01-02", "10", "9", "11", "10"), "high 9 is below low 11"},
            {bar("2025-01-02", "10", "10.5", "9", "11"), "below open/close"},
            {bar("2025-01-02", "10", "11", "10.2", "10.1"), "above open/close"},
            {bar("2025-01-02", "10", "11", "9", "10", -1), "negative volume"},
            {bar("bad-date", "10", "11", "9", "10"), "invalid date"},
            {bar("2025-01-02", "0", "11", "9", "10"), "open 0 is not positive"},
        };
        for (const Case &c : cases) {
            const Status s = BarValidator::validate(c.b);
            QVERIFY(!s);
            QVERIFY2(s.error().contains(QLatin1String(c.expect)), qPrintable(s.error()));
        }
    }
    void rejectsDuplicatesAndDisorder()
    {
        QList<Bar> bars{bar("2025-01-02", "10", "11", "9", "10"), bar("2025-01-03", "10", "11", "9", "10")};
        QVERIFY(BarValidator::validateSeries(bars));
        bars.append(bar("2025-01-03", "10", "11", "9", "10"));
        QVERIFY(BarValidator::validateSeries(bars).error().contains(QStringLiteral("duplicate")));
        bars.back().session = QDate(2025, 1, 1);
        QVERIFY(BarValidator::validateSeries(bars).error().contains(QStringLiteral("out of order")));
    }
    void symbols()
    {
        for (const char *ok : {"AAPL", "BRK.B", "BF-B", "SPY", "X"})
            QVERIFY2(BarValidator::isValidSymbol(QLatin1String(ok)), ok);
        for (const char *bad : {"", "aapl", "AA PL", "1ABC", "A/B", "ÄPPLE", "WAYTOOLONGSYMBOL"})
            QVERIFY2(!BarValidator::isValidSymbol(QString::fromUtf8(bad)), bad);
    }
    void csvReportsBadRowsWithFileAndLine()
    {
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral("AAPL.csv")),
              "date,open,high,low,close,volume\n"
              "2025-01-02,10,11,9,10.5,100\n"
              "2025-01-03,10,11,9\n"             // too few fields
              "not-a-date,10,11,9,10,100\n"      // bad date
              "2025-01-06,10,11,9,10,lots\n"     // bad volume
              "2025-01-07,nan,11,9,10,100\n"     // kept, rejected by validation
              "\n");
        CsvBarLoader loader;
        QVERIFY(loader.loadDirectory(dir.path()));
        QCOMPARE(loader.symbols(), QStringList{QStringLiteral("AAPL")});
        QCOMPARE(loader.errors().size(), 3);
        QCOMPARE(loader.errors()[0].line, 3);
        QVERIFY(loader.errors()[0].file.endsWith(QStringLiteral("AAPL.csv")));
        QCOMPARE(loader.errors()[1].line, 4);
        QCOMPARE(loader.errors()[2].line, 5);
        const QList<Bar> bars = loader.recentBars(QStringLiteral("AAPL"), 10);
        QCOMPARE(bars.size(), 2);
        QVERIFY(!bars.back().open.isValid());
        QVERIFY(!BarValidator::validateSeries(bars));
    }
    void missingFolderIsAnError()
    {
        CsvBarLoader loader;
        QVERIFY(!loader.loadDirectory(QStringLiteral("/nonexistent/sentinel")));
        QCOMPARE(loader.errors().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestBarValidator)
#include "tst_barvalidator.moc"
