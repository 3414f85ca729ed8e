// SPDX-License-Identifier: GPL-3.0-or-later
// The review window, offscreen: it opens a record read-only, loads the trades
// lazily, filters through the database, shows a trade's story, exports CSV and a
// PDF report off the GUI thread, and says why when a record cannot be reviewed.
#include "review/reviewtradesmodel.h"
#include "review/reviewwindow.h"
#include "clirun.h"
#include "screenshots.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

class TestReviewUi : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_record;

    static QByteArray hashOf(const QString &path)
    {
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_record = m_dir.filePath(QStringLiteral("record.db"));
        const CliOut o = runSentinelCli({QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("250"), QStringLiteral("--approve"),
                                         QStringLiteral("all"), QStringLiteral("--db"), m_record});
        QVERIFY2(o.code == 0, qPrintable(o.err));
    }

    void reviewsARecordReadOnly()
    {
        const QByteArray before = hashOf(m_record);
        ReviewWindow w(m_record);
        w.resize(1500, 950);
        QSignalSpy answered(&w, &ReviewWindow::queryAnswered);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(answered.count() >= 1, 20000);
        const qint64 total = w.total();
        QVERIFY(total > 50);
        QCOMPARE(w.tradesModel()->rowCount(), static_cast<int>(total));
        QTRY_VERIFY_WITH_TIMEOUT(w.tradesModel()->trade(0) != nullptr, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.summary().trades == total, 10000);

        // A trade's story.
        QSignalSpy story(&w, &ReviewWindow::storyShown);
        w.tradesView()->selectRow(3);
        QTRY_VERIFY_WITH_TIMEOUT(story.count() == 1, 10000);
        const QString text = w.storyView()->toPlainText();
        for (const char *stage : {"proposal", "verdict", "decision", "order", "fill", "pnl"})
            QVERIFY2(text.contains(QLatin1String(stage)), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("standing_approval")));
        shoot(&w, "review");

        // Scrolling far asks the database for the rows it shows, and no more.
        w.tradesView()->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(w.tradesModel()->trade(static_cast<int>(total) - 1) != nullptr, 10000);

        // A filter is the database's: one symbol, the losses.
        TradeFilter f;
        f.outcome = QStringLiteral("loss");
        answered.clear();
        w.setFilter(f);
        QTRY_VERIFY_WITH_TIMEOUT(answered.count() >= 1, 10000);
        const qint64 losses = w.total();
        QVERIFY(losses > 0 && losses < total);
        QTRY_VERIFY_WITH_TIMEOUT(w.tradesModel()->trade(0) != nullptr, 10000);
        for (int r = 0; r < std::min<int>(losses, 50); ++r)
            if (const TradeRow *t = w.tradesModel()->trade(r))
                QCOMPARE(t->outcome, QStringLiteral("loss"));
        story.clear();
        w.tradesView()->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(story.count() == 1, 10000);
        QVERIFY(w.storyView()->toPlainText().contains(QStringLiteral("P&L -")));
        shoot(&w, "review-story");

        // Sorting by P&L (ascending): the worst loss first.
        answered.clear();
        w.tradesView()->sortByColumn(ReviewTradesModel::Pnl, Qt::AscendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(answered.count() >= 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.tradesModel()->trade(1) != nullptr, 10000);
        QVERIFY(w.tradesModel()->trade(0)->pnl <= w.tradesModel()->trade(1)->pnl);

        // Export and report, off the GUI thread.
        QSignalSpy done(&w, &ReviewWindow::exportFinished);
        const QString csv = m_dir.filePath(QStringLiteral("losses.csv"));
        w.exportCsvTo(csv);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 20000);
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        QCOMPARE(c.readAll().count('\n'), losses + 1);
        const QString pdf = m_dir.filePath(QStringLiteral("losses.pdf"));
        w.writeReportTo(pdf);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 2, 20000);
        QVERIFY(done.last().at(0).toBool());
        QVERIFY(QFile(pdf).size() > 5000);
        w.setFilter({});
        QTRY_VERIFY_WITH_TIMEOUT(w.total() == total, 10000);
        w.close();
        QCOMPARE(hashOf(m_record), before); // read-only: not one byte written
    }

    void aRecordThatCannotBeReviewedSaysWhy()
    {
        const QString bad = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a record");
        f.close();
        ReviewWindow w(bad);
        QSignalSpy opened(&w, &ReviewWindow::opened);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1, 10000);
        QCOMPARE(opened.first().at(0).toBool(), false);
        QVERIFY(w.storyView()->toPlainText().contains(QStringLiteral("cannot be reviewed")));
        QCOMPARE(w.tradesModel()->rowCount(), 0);
    }
};

QTEST_MAIN(TestReviewUi)
#include "tst_reviewui.moc"
