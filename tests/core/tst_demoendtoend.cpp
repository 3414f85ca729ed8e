// SPDX-License-Identifier: GPL-3.0-or-later
// 250 demo sessions headless with --approve all, then the database is checked:
// every order and fill traces to an approval, and the equity curve equals
// cash plus positions at every point, recomputed from the fills and the bars.
#include "domain/decimal.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestDemoEndToEnd : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_db;
    QJsonObject m_summary;

    QSqlDatabase db() { return QSqlDatabase::database(QStringLiteral("e2e")); }
    int scalar(const QString &sql)
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            qFatal("query failed: %s", qPrintable(sql));
        return q.value(0).toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = m_dir.filePath(QStringLiteral("e2e.db"));
        QProcess cli;
        cli.start(QStringLiteral(SENTINEL_CLI), {QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("250"),
                                                 QStringLiteral("--approve"), QStringLiteral("all"), QStringLiteral("--db"), m_db});
        QVERIFY(cli.waitForFinished(300000));
        QCOMPARE(cli.exitCode(), 0);
        const QByteArray out = cli.readAllStandardOutput();
        QJsonParseError err;
        m_summary = QJsonDocument::fromJson(out, &err).object();
        QVERIFY2(err.error == QJsonParseError::NoError, out.constData());
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("e2e"));
        d.setDatabaseName(m_db);
        QVERIFY(d.open());
    }
    void summaryHasEveryField()
    {
        for (const char *k : {"sessions", "proposals", "approved", "vetoed", "orders", "fills", "final_equity",
                              "iteration_ms_median", "iteration_ms_p99"})
            QVERIFY2(m_summary.contains(QLatin1String(k)), k);
        QCOMPARE(m_summary[QStringLiteral("sessions")].toInt(), 250);
        QVERIFY(m_summary[QStringLiteral("proposals")].toInt() > 0);
        QCOMPARE(m_summary[QStringLiteral("approved")].toInt(), m_summary[QStringLiteral("proposals")].toInt());
        QCOMPARE(m_summary[QStringLiteral("vetoed")].toInt(), 0);
        QVERIFY(m_summary[QStringLiteral("fills")].toInt() > 0);
        QCOMPARE(m_summary[QStringLiteral("orders")].toInt(), scalar(QStringLiteral("SELECT count(*) FROM orders")));
        QCOMPARE(m_summary[QStringLiteral("fills")].toInt(), scalar(QStringLiteral("SELECT count(*) FROM fills")));
    }
    void noOrderWithoutAnApproval()
    {
        QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM orders")) > 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM decisions d"
                                       " WHERE d.proposal_id = o.proposal_id AND d.decision = 'approve')")),
                 0);
    }
    void everyFillBelongsToAnApprovedProposal()
    {
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM fills f JOIN orders o ON o.id = f.order_id"
                                       " JOIN proposals p ON p.id = o.proposal_id WHERE p.status = 'approved'")),
                 scalar(QStringLiteral("SELECT count(*) FROM fills")));
    }
    void everyProposalHasAVerdictWithRules()
    {
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM proposals p WHERE NOT EXISTS (SELECT 1 FROM verdicts v"
                                       " WHERE v.proposal_id = p.id AND v.stage = 'proposal')")),
                 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM verdicts v WHERE NOT EXISTS (SELECT 1 FROM verdict_rules r"
                                       " WHERE r.verdict_id = v.id)")),
                 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM iterations")), 250);
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT id) FROM iterations")), 250);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM runs WHERE status <> 'ok'")), 0);
    }
    void equityCurveMatchesCashPlusPositionsAtEveryPoint()
    {
        struct F
        {
            QString symbol;
            bool buy;
            Decimal qty, price;
        };
        QList<F> fills;
        QSqlQuery q(db());
        QVERIFY(q.exec(QStringLiteral("SELECT symbol, side, qty, price FROM fills ORDER BY seq")));
        while (q.next())
            fills.append({q.value(0).toString(), q.value(1).toString() == QLatin1String("buy"),
                          Decimal::parse(q.value(2).toString()).value(), Decimal::parse(q.value(3).toString()).value()});
        const Decimal start = Decimal::parse(QStringLiteral("100000")).value();
        QSqlQuery e(db());
        QVERIFY(e.exec(QStringLiteral("SELECT session, cash, positions_value, equity, fill_count FROM equity_curve ORDER BY id")));
        int points = 0;
        while (e.next()) {
            ++points;
            const QString session = e.value(0).toString();
            const Decimal cash = Decimal::parse(e.value(1).toString()).value();
            const Decimal posValue = Decimal::parse(e.value(2).toString()).value();
            const Decimal equity = Decimal::parse(e.value(3).toString()).value();
            const int n = e.value(4).toInt();
            QCOMPARE(equity, cash + posValue);
            Decimal replayCash = start;
            QHash<QString, Decimal> held;
            for (int i = 0; i < n; ++i) {
                const Decimal v = fills[i].qty * fills[i].price;
                replayCash += fills[i].buy ? -v : v;
                held[fills[i].symbol] += fills[i].buy ? fills[i].qty : -fills[i].qty;
            }
            QCOMPARE(cash, replayCash);
            Decimal marked;
            for (auto it = held.cbegin(); it != held.cend(); ++it) {
                if (it.value().isZero())
                    continue;
                QSqlQuery b(db());
                b.prepare(QStringLiteral("SELECT close FROM bars WHERE symbol = ? AND session = ?"));
                b.addBindValue(it.key());
                b.addBindValue(session);
                QVERIFY(b.exec() && b.next());
                marked += it.value() * Decimal::parse(b.value(0).toString()).value();
            }
            QCOMPARE(posValue.rounded(2), marked.rounded(2));
            QCOMPARE(equity.rounded(2), (replayCash + marked).rounded(2));
        }
        QCOMPARE(points, 251); // the opening point plus one per session
    }
};

QTEST_GUILESS_MAIN(TestDemoEndToEnd)
#include "tst_demoendtoend.moc"
