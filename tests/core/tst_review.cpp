// SPDX-License-Identifier: GPL-3.0-or-later
// Offline review (and as tst_review_pg, on PostgreSQL): the kept round-trip trades
// agree with the fills; filters, sorting and paging are the database's; a trade's
// story runs signal → proposal → verdict → decision → orders → fills → P&L; CSV
// export and the printable report; `sentinel-cli review`; an older record is
// refused untouched; a record without kept trades gets them from its fills.
#include "persistence/database.h"
#include "review/review.h"
#include "clirun.h"
#include "sqlprobe.h"
#include "testrecord.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Out = CliOut;

Out cli(const QStringList &args)
{
    return runSentinelCli(args);
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestReview : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_record;

private Q_SLOTS:
    void initTestCase()
    {
        m_record = testrecord::fresh(m_dir, QStringLiteral("review"));
        const Out o = cli({QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("200"), QStringLiteral("--approve"), QStringLiteral("all"),
                           QStringLiteral("--db"), m_record});
        QVERIFY2(o.code == 0, qPrintable(o.err));
    }

    void tradesAgreeWithTheFills()
    {
        QVERIFY(count(m_record, QStringLiteral("SELECT count(*) FROM trades WHERE closed_at IS NOT NULL")) > 50);
        // Every closed round trip sold what it bought, and its P&L is proceeds less cost, exactly.
        Result<Review> r = Review::open(m_record);
        QVERIFY2(r, qPrintable(r.error()));
        const qint64 total = r.value().count({});
        const QList<TradeRow> all = r.value().page({}, Review::Sort::Opened, true, 0, 100000);
        QCOMPARE(all.size(), total);
        for (const QString &row : rows(m_record, QStringLiteral("SELECT id, buy_qty, sell_qty, buy_cost, sell_proceeds, pnl, outcome FROM trades"
                                                                " WHERE closed_at IS NOT NULL"))) {
            const QStringList c = row.split(QLatin1Char('|'));
            QCOMPARE(Decimal::parse(c[1]).value(), Decimal::parse(c[2]).value());
            const Decimal pnl = Decimal::parse(c[4]).value() - Decimal::parse(c[3]).value();
            QCOMPARE(Decimal::parse(c[5]).value(), pnl);
            QCOMPARE(c[6], pnl.isPositive() ? QStringLiteral("win") : pnl.isNegative() ? QStringLiteral("loss") : QStringLiteral("flat"));
        }
        // Every share Sentinel bought is in a trade.
        const QStringList bought = rows(m_record, QStringLiteral("SELECT f.symbol, f.qty FROM fills f JOIN orders o ON o.id = f.order_id"
                                                                " WHERE f.side = 'buy' AND o.external = 0 ORDER BY f.symbol"));
        QHash<QString, Decimal> fills;
        for (const QString &b : bought)
            fills[b.section(QLatin1Char('|'), 0, 0)] = fills.value(b.section(QLatin1Char('|'), 0, 0), Decimal::fromInt(0))
                                                        + Decimal::parse(b.section(QLatin1Char('|'), 1, 1)).value();
        QHash<QString, Decimal> traded;
        for (const TradeRow &t : all)
            traded[t.symbol] = traded.value(t.symbol, Decimal::fromInt(0)) + t.qty;
        QCOMPARE(traded, fills);
    }

    void filtersSortsAndPagesAreTheDatabases()
    {
        Result<Review> r = Review::open(m_record);
        QVERIFY(r);
        const Review &rv = r.value();
        const qint64 total = rv.count({});
        qint64 byOutcome = 0;
        for (const char *o : {"win", "loss", "flat", "open"}) {
            TradeFilter f;
            f.outcome = QLatin1String(o);
            byOutcome += rv.count(f);
        }
        QCOMPARE(byOutcome, total);
        TradeFilter automatic;
        automatic.approval = QStringLiteral("automatic"); // --approve all is a standing approval
        QCOMPARE(rv.count(automatic), total);
        const QString symbol = rv.symbols().first();
        TradeFilter one;
        one.symbol = symbol;
        QCOMPARE(rv.count(one), static_cast<qint64>(count(m_record, QStringLiteral("SELECT count(*) FROM trades WHERE symbol = '%1'").arg(symbol))));
        for (const TradeRow &t : rv.page(one, Review::Sort::Opened, true, 0, 1000))
            QCOMPARE(t.symbol, symbol);
        const auto [first, last] = rv.dateRange();
        QVERIFY(first.isValid() && last >= first);
        TradeFilter window;
        window.from = first.addDays(30);
        window.to = first.addDays(89);
        const QList<TradeRow> inWindow = rv.page(window, Review::Sort::Opened, true, 0, 100000);
        QCOMPARE(inWindow.size(), rv.count(window));
        for (const TradeRow &t : inWindow)
            QVERIFY(t.openedAt.date() >= window.from && t.openedAt.date() <= window.to);
        // Sorted by P&L, pages put together are the whole list.
        const QList<TradeRow> sorted = rv.page({}, Review::Sort::Pnl, false, 0, 100000);
        QList<TradeRow> paged;
        for (qint64 offset = 0; offset < total; offset += 25)
            paged += rv.page({}, Review::Sort::Pnl, false, offset, 25);
        QCOMPARE(paged.size(), sorted.size());
        for (qsizetype i = 0; i < sorted.size(); ++i)
            QCOMPARE(paged[i].id, sorted[i].id);
        double before = std::numeric_limits<double>::max();
        for (const TradeRow &t : sorted)
            if (t.pnl.isValid()) {
                QVERIFY(t.pnl.toDouble() <= before + 1e-9);
                before = t.pnl.toDouble();
            }
        // The summary adds up.
        const ReviewSummary s = rv.summary({});
        QCOMPARE(s.trades, total);
        Decimal sum = Decimal::fromInt(0);
        for (const TradeRow &t : sorted)
            if (t.closedAt.isValid())
                sum = sum + t.pnl;
        QCOMPARE(s.pnl, sum);
        qint64 binned = 0;
        for (const ReviewSummary::Bin &b : s.distribution)
            binned += b.count;
        QCOMPARE(binned, s.closed);
        qint64 perStrategy = 0;
        for (const ReviewSummary::Strategy &st : s.strategies)
            perStrategy += st.trades;
        QCOMPARE(perStrategy, s.closed);
        QVERIFY(s.maxDrawdown <= 0);
        QVERIFY(!s.equity.isEmpty());
    }

    void aTradesStoryIsWholeAndInOrder()
    {
        Result<Review> r = Review::open(m_record);
        QVERIFY(r);
        TradeFilter closed;
        closed.outcome = QStringLiteral("loss");
        const QList<TradeRow> losses = r.value().page(closed, Review::Sort::Opened, true, 0, 5);
        QVERIFY(!losses.isEmpty());
        const Result<TradeStory> s = r.value().story(losses.first().id);
        QVERIFY2(s, qPrintable(s.error()));
        QStringList stages;
        for (const TradeStory::Step &step : s.value().steps)
            stages << step.stage;
        for (const char *stage : {"signal", "proposal", "verdict", "decision", "order", "fill", "pnl"})
            QVERIFY2(stages.contains(QLatin1String(stage)), qPrintable(stages.join(QLatin1Char(','))));
        QVERIFY(stages.indexOf(QStringLiteral("proposal")) < stages.indexOf(QStringLiteral("decision")));
        QVERIFY(stages.indexOf(QStringLiteral("decision")) < stages.indexOf(QStringLiteral("fill")));
        const auto decision = std::find_if(s.value().steps.cbegin(), s.value().steps.cend(),
                                           [](const TradeStory::Step &x) { return x.stage == QLatin1String("decision"); });
        QVERIFY(decision->text.contains(QStringLiteral("approve by standing_approval")));
        QVERIFY(!r.value().story(QStringLiteral("trd_none")));
    }

    void exportAndReportFromTheCommandLine()
    {
        const QString csv = m_dir.filePath(QStringLiteral("trades.csv"));
        const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
        const Out o = cli({QStringLiteral("review"), QStringLiteral("--db"), m_record, QStringLiteral("--trades-out"), csv, QStringLiteral("--report-pdf"), pdf,
                           QStringLiteral("--json")});
        QVERIFY2(o.code == 0, qPrintable(o.err));
        const QJsonObject j = QJsonDocument::fromJson(o.out.toUtf8()).object();
        const int total = count(m_record, QStringLiteral("SELECT count(*) FROM trades"));
        QCOMPARE(j.value(QStringLiteral("trades")).toInt(), total);
        QCOMPARE(j.value(QStringLiteral("rows_written")).toInt(), total);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.size() - 2, total); // a header, and the empty tail after the last CRLF
        QVERIFY(lines.first().startsWith("id,symbol,strategy,approval"));
        QFile p(pdf);
        QVERIFY(p.open(QIODevice::ReadOnly));
        QVERIFY(p.read(5) == "%PDF-");
        QVERIFY(p.size() > 10000);
        // Filters on the command line.
        const Out one = cli({QStringLiteral("review"), QStringLiteral("--db"), m_record, QStringLiteral("--outcome"), QStringLiteral("win"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(one.out.toUtf8()).object().value(QStringLiteral("trades")).toInt(),
                 count(m_record, QStringLiteral("SELECT count(*) FROM trades WHERE outcome = 'win'")));
        // Bad arguments exit 2; a record that is not there, 1.
        QCOMPARE(cli({QStringLiteral("review")}).code, 2);
        QCOMPARE(cli({QStringLiteral("review"), QStringLiteral("--db"), m_record, QStringLiteral("--from"), QStringLiteral("yesterday")}).code, 2);
        QCOMPARE(cli({QStringLiteral("review"), QStringLiteral("--db"), m_record, QStringLiteral("--outcome"), QStringLiteral("great")}).code, 2);
        const Out missing = cli({QStringLiteral("review"), QStringLiteral("--db"), m_dir.filePath(QStringLiteral("none.db"))});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains(QStringLiteral("no such file")));
    }

    void aRecordWithoutKeptTradesGetsThemFromItsFills()
    {
        const QString copy = testrecord::copy(m_dir, m_record, QStringLiteral("rebuilt"));
        const QStringList before = rows(copy, QStringLiteral("SELECT symbol, opened_at, closed_at, buy_qty, pnl, outcome FROM trades ORDER BY opened_at, symbol"));
        QVERIFY(execSql(copy, {QStringLiteral("DELETE FROM trades")}));
        const Out o = cli({QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("0"), QStringLiteral("--db"), copy});
        QVERIFY2(o.code == 0, qPrintable(o.err));
        QCOMPARE(rows(copy, QStringLiteral("SELECT symbol, opened_at, closed_at, buy_qty, pnl, outcome FROM trades ORDER BY opened_at, symbol")), before);
    }

    void anOlderRecordIsRefusedUntouched()
    {
        if (testrecord::onPostgres())
            QSKIP("a PostgreSQL record is migrated by the first workstation that opens it");
        const QString old = m_dir.filePath(QStringLiteral("v12.db"));
        {
            Database db(QStringLiteral("v12"));
            QVERIFY(db.open(old));
            QVERIFY(db.migrate(12));
        }
        const QByteArray hash = fileHash(old);
        Result<Review> r = Review::open(old);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QStringLiteral("earlier Sentinel")), qPrintable(r.error()));
        QCOMPARE(fileHash(old), hash);
        const QString foreign = m_dir.filePath(QStringLiteral("notes.db"));
        QVERIFY(execSql(foreign, {QStringLiteral("CREATE TABLE notes (a TEXT)")}));
        const Result<Review> f = Review::open(foreign);
        QVERIFY(!f);
        QVERIFY2(f.error().contains(QStringLiteral("not a Sentinel record")), qPrintable(f.error()));
    }
};

QTEST_GUILESS_MAIN(TestReview)
#include "tst_review.moc"
