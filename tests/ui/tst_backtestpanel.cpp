// SPDX-License-Identifier: GPL-3.0-or-later
// The backtest screen runs on its own thread: the GUI keeps processing events,
// progress arrives, the metrics, chart and trade list fill in, and cancel works.
#include "backtestpanel.h"
#include "charts/backtestchart.h"
#include "models/tradesmodel.h"
#include "pipeline/tradingengine.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

class TestBacktestPanel : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_record;
    int m_recordedBars = 0;
    QDate m_lastSession;

private Q_SLOTS:
    void initTestCase()
    {
        // A demo record 120 sessions in: its completed sessions are the history a backtest may use.
        m_record = m_dir.filePath(QStringLiteral("record.db"));
        {
            EngineOptions o;
            o.dbPath = m_record;
            o.connectionName = QStringLiteral("record");
            TradingEngine e(o);
            QVERIFY(e.open());
            for (int i = 0; i < 120; ++i)
                e.runSession();
            m_lastSession = e.clock().lastCompletedSession;
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("count"));
            db.setDatabaseName(m_record);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM bars")) && q.next());
            m_recordedBars = q.value(0).toInt();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("count"));
    }
    void neverLooksPastTheClock()
    {
        BacktestPanel panel;
        panel.setRecord(m_record);
        panel.setLastSession(m_lastSession);
        QSignalSpy done(panel.runner(), &BacktestRunner::finished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("runBacktestButton")), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        const auto r = done.front().front().value<BacktestResult>();
        // Every recorded bar and nothing else: the last equity point is the last completed session.
        QCOMPARE(r.bars, m_recordedBars);
        QVERIFY(!r.equity.isEmpty());
        QCOMPARE(r.equity.back().first, m_lastSession);
        for (const BacktestTrade &t : r.trades)
            QVERIFY(t.exitDate <= m_lastSession);
    }
    void runsOffTheGuiThreadAndShowsTheResult()
    {
        BacktestPanel panel;
        panel.setRecord(m_record);
        panel.resize(1400, 700);
        panel.show();
        QAbstractItemModelTester tester(panel.tradesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.findChild<QComboBox *>(QStringLiteral("backtestStrategy"))->setCurrentText(QStringLiteral("sma_cross"));
        // A GUI-thread timer keeps firing while the run goes on: the screen stays responsive.
        int ticks = 0;
        QTimer heartbeat;
        connect(&heartbeat, &QTimer::timeout, [&ticks] { ++ticks; });
        heartbeat.start(5);
        QSignalSpy done(panel.runner(), &BacktestRunner::finished);
        QSignalSpy progress(panel.runner(), &BacktestRunner::progressed);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("runBacktestButton")), Qt::LeftButton);
        QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("runBacktestButton"))->isEnabled());
        QVERIFY(done.wait(60000));
        QVERIFY(ticks > 0);
        QVERIFY(progress.count() > 0);
        QCOMPARE(panel.findChild<QProgressBar *>(QStringLiteral("backtestProgress"))->value(), 100);
        QCOMPARE(panel.metricsModel()->rowCount(), 12);
        QVERIFY(panel.tradesModel()->rowCount() > 10);
        QVERIFY(panel.chart()->pointCount() > 400); // 320 history sessions and 120 completed since
        QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("runBacktestButton"))->isEnabled());
        if (qEnvironmentVariableIsSet("SENTINEL_SCREENSHOT_DIR"))
            panel.grab().save(qEnvironmentVariable("SENTINEL_SCREENSHOT_DIR") + QStringLiteral("/backtest.png"));
    }
    void cancelStopsARun()
    {
        BacktestPanel panel;
        panel.setRecord(m_record);
        panel.show();
        QSignalSpy done(panel.runner(), &BacktestRunner::finished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("runBacktestButton")), Qt::LeftButton);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("cancelBacktestButton")), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        const auto r = done.front().front().value<BacktestResult>();
        // Either it was stopped part way, or it had finished before the click arrived.
        QVERIFY(r.cancelled || r.bars > 0);
    }
};

QTEST_MAIN(TestBacktestPanel)
#include "tst_backtestpanel.moc"
