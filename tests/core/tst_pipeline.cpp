// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/csvbarloader.h"
#include "data/simulatedmarket.h"
#include "pipeline/pipeline.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
void writeCsv(const QString &path, int rows, int badRow, const QByteArray &badLine)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("date,open,high,low,close,volume\n");
    QDate d(2024, 1, 1);
    for (int i = 0; i < rows; ++i) {
        while (d.dayOfWeek() > 5)
            d = d.addDays(1);
        const double c = 100 + (i % 10) - (i / 5);
        if (i == badRow)
            f.write(d.toString(Qt::ISODate).toLatin1() + "," + badLine + "\n");
        else
            f.write(QStringLiteral("%1,%2,%3,%4,%5,1000\n").arg(d.toString(Qt::ISODate)).arg(c).arg(c + 1).arg(c - 1).arg(c).toLatin1());
        d = d.addDays(1);
    }
}

RiskContext cash(const char *amount)
{
    RiskContext c;
    c.account.cash = c.account.equity = c.account.buyingPower = Decimal::parse(amount).value();
    return c;
}
} // namespace

class TestPipeline : public QObject
{
    Q_OBJECT
    RiskEngine risk;
    StrategyRegistry strategies;

private Q_SLOTS:
    void badBarsSkipTheirSymbolWithAReason()
    {
        QTemporaryDir dir;
        writeCsv(dir.filePath(QStringLiteral("GOOD.csv")), 260, -1, {});
        writeCsv(dir.filePath(QStringLiteral("NANS.csv")), 260, 200, "100,101,99,nan,1000");
        writeCsv(dir.filePath(QStringLiteral("NEG.csv")), 260, 250, "100,101,-99,100,1000");
        writeCsv(dir.filePath(QStringLiteral("INVERTED.csv")), 260, 259, "100,90,110,100,1000");
        CsvBarLoader loader;
        QVERIFY(loader.loadDirectory(dir.path()));
        Pipeline pipeline(risk, strategies);
        Pipeline::Input in;
        in.source = &loader;
        in.symbols = loader.symbols() + QStringList{QStringLiteral("lower"), QStringLiteral("MISSING")};
        in.portfolio = cash("100000");
        in.session = QDate(2025, 1, 1);
        const Pipeline::Output out = pipeline.run(in);
        QCOMPARE(out.summary.symbolsRequested, 6);
        QCOMPARE(out.summary.symbolsValid, 1);
        QCOMPARE(out.dataIssues.size(), 5);
        QHash<QString, QString> why;
        for (const auto &d : out.dataIssues)
            why.insert(d.symbol, d.reason);
        QVERIFY2(why[QStringLiteral("NANS")].contains(QStringLiteral("close is not a finite number")), qPrintable(why[QStringLiteral("NANS")]));
        QVERIFY(why[QStringLiteral("NEG")].contains(QStringLiteral("not positive")));
        QVERIFY(why[QStringLiteral("INVERTED")].contains(QStringLiteral("below low")));
        QCOMPARE(why[QStringLiteral("lower")], QStringLiteral("invalid symbol"));
        QCOMPARE(why[QStringLiteral("MISSING")], QStringLiteral("no bars"));
        for (const Signal &s : out.signals)
            QCOMPARE(s.symbol, QStringLiteral("GOOD"));
    }
    void sameInputsSameOutput()
    {
        SimulatedMarket market(DemoUniverse::builtIn(), {});
        Pipeline pipeline(risk, strategies);
        QList<QString> first;
        for (int run = 0; run < 2; ++run) {
            QList<QString> seen;
            SimulatedMarket m(DemoUniverse::builtIn(), {});
            for (int s = 0; s < 40; ++s) {
                m.fastForwardTo(m.completedSessions() + 1);
                Pipeline::Input in;
                in.source = &m;
                in.symbols = m.symbols();
                in.portfolio = cash("100000");
                const Pipeline::Output out = pipeline.run(in);
                for (const Proposal &p : out.proposals)
                    seen.append(QStringLiteral("%1 %2 %3 %4").arg(s).arg(p.symbol, p.qty.toString(), textOf(p.verdict.kind)));
            }
            if (run == 0)
                first = seen;
            else
                QCOMPARE(seen, first);
        }
        QVERIFY(!first.isEmpty());
    }
    void proposalsRespectTheCapAndCarryAStop()
    {
        SimulatedMarket m(DemoUniverse::builtIn(), {});
        Pipeline pipeline(risk, strategies);
        int proposals = 0;
        for (int s = 0; s < 60; ++s) {
            m.fastForwardTo(m.completedSessions() + 1);
            Pipeline::Input in;
            in.source = &m;
            in.symbols = m.symbols();
            in.portfolio = cash("100000");
            for (const Proposal &p : pipeline.run(in).proposals) {
                if (p.status != ProposalStatus::Pending)
                    continue;
                ++proposals;
                QVERIFY(p.qty * p.price <= "5000"_d);
                QVERIFY(p.stopPrice.isPositive() && p.stopPrice < p.price);
                QVERIFY(!p.rationale.isEmpty());
                QVERIFY(!p.correlationId.isEmpty());
            }
        }
        QVERIFY(proposals > 0);
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
