// SPDX-License-Identifier: GPL-3.0-or-later
// The backtest screen runs on its own thread: the GUI keeps processing events,
// progress arrives, the metrics, chart and trade list fill in, and cancel works.
#include "backtestpanel.h"
#include "charts/backtestchart.h"
#include "charts/sweepheatmap.h"
#include "sweeppanel.h"
#include "models/tradesmodel.h"
#include "pipeline/tradingengine.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
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
    void sweepsAGridWithWalkForward()
    {
        BacktestPanel panel;
        panel.setRecord(m_record);
        panel.resize(1500, 760);
        panel.show();
        panel.tabs()->setCurrentWidget(panel.sweep());
        SweepPanel *sweep = panel.sweep();
        // fast 5, 10, 15 × slow 20, 30, 40, 50 on two threads, the last 30 % of the sessions out of sample.
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis1From"))->setValue(5);
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis1To"))->setValue(15);
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis1Step"))->setValue(5);
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis2From"))->setValue(20);
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis2To"))->setValue(50);
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis2Step"))->setValue(10);
        sweep->findChild<QSpinBox *>(QStringLiteral("sweepJobs"))->setValue(2);
        sweep->findChild<QCheckBox *>(QStringLiteral("sweepWalkForward"))->setChecked(true);
        QAbstractItemModelTester tester(sweep->resultsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        int ticks = 0;
        QTimer heartbeat;
        connect(&heartbeat, &QTimer::timeout, [&ticks] { ++ticks; });
        heartbeat.start(5);
        QSignalSpy done(sweep->runner(), &SweepRunner::finished);
        QSignalSpy progress(sweep->runner(), &SweepRunner::progressed);
        QTest::mouseClick(sweep->findChild<QPushButton *>(QStringLiteral("runSweepButton")), Qt::LeftButton);
        QVERIFY(!sweep->findChild<QPushButton *>(QStringLiteral("runSweepButton"))->isEnabled());
        QVERIFY(sweep->findChild<QPushButton *>(QStringLiteral("cancelSweepButton"))->isEnabled());
        QVERIFY(done.wait(120000));
        QVERIFY(ticks > 0);
        QCOMPARE(progress.count(), 12);
        const auto r = done.front().front().value<SweepResult>();
        QVERIFY(!r.cancelled);
        QCOMPARE(r.combinations, 12);
        QCOMPARE(r.run, 24); // each combination in and out of sample
        QVERIFY(r.outOfSampleFrom.isValid() && r.inSampleTo < r.outOfSampleFrom);
        QCOMPARE(r.outOfSampleTo, m_lastSession);
        QCOMPARE(sweep->resultsModel()->rowCount(), 12);
        QCOMPARE(sweep->resultsModel()->columnCount(), 15); // rank, 2 parameters, 8 in sample, 4 out of sample
        QCOMPARE(sweep->findChild<QProgressBar *>(QStringLiteral("sweepProgress"))->value(), 12);
        // The table starts ranked and sorts by any column, numerically.
        auto *view = sweep->findChild<QTableView *>(QStringLiteral("sweepResultsView"));
        QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("1"));
        view->sortByColumn(3, Qt::DescendingOrder); // trades
        for (int i = 1; i < view->model()->rowCount(); ++i)
            QVERIFY(view->model()->index(i - 1, 3).data(Qt::UserRole + 1).toDouble() >= view->model()->index(i, 3).data(Qt::UserRole + 1).toDouble());
        // The heat map holds each combination's in-sample Sharpe, and its out-of-sample one on request.
        SweepHeatmap *map = sweep->heatmap();
        QCOMPARE(map->columns(), 3);
        QCOMPARE(map->rows(), 4);
        for (const SweepRow &row : r.rows) {
            const int c = static_cast<int>(row.values[0].raw() / Decimal::kOne / 5 - 1), k = static_cast<int>(row.values[1].raw() / Decimal::kOne / 10 - 2);
            QCOMPARE(map->cellValue(c, k), row.inSample.sharpe);
        }
        sweep->findChild<QCheckBox *>(QStringLiteral("sweepHeatmapOos"))->setChecked(true);
        QCOMPARE(map->cellValue(0, 0), r.rows[0].outOfSample->sharpe);
        sweep->findChild<QCheckBox *>(QStringLiteral("sweepHeatmapOos"))->setChecked(false);
        view->sortByColumn(0, Qt::AscendingOrder);
        QVERIFY(sweep->findChild<QLabel *>(QStringLiteral("sweepStatus"))->text().contains(QLatin1String("out of sample")));
        if (qEnvironmentVariableIsSet("SENTINEL_SCREENSHOT_DIR"))
            panel.grab().save(qEnvironmentVariable("SENTINEL_SCREENSHOT_DIR") + QStringLiteral("/sweep.png"));
    }
    void aBadGridSaysWhyAndACancelledSweepRanksNothing()
    {
        BacktestPanel panel;
        panel.setRecord(m_record);
        panel.show();
        SweepPanel *sweep = panel.sweep();
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis1From"))->setValue(30);
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis1To"))->setValue(10);
        QTest::mouseClick(sweep->findChild<QPushButton *>(QStringLiteral("runSweepButton")), Qt::LeftButton);
        QVERIFY(sweep->findChild<QLabel *>(QStringLiteral("sweepStatus"))->text().contains(QLatin1String("ends (10) before it starts (30)")));
        QVERIFY(!sweep->runner()->isRunning());
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis1From"))->setValue(2);
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis1To"))->setValue(19);
        sweep->findChild<QDoubleSpinBox *>(QStringLiteral("sweepAxis1Step"))->setValue(1);
        QSignalSpy done(sweep->runner(), &SweepRunner::finished);
        QTest::mouseClick(sweep->findChild<QPushButton *>(QStringLiteral("runSweepButton")), Qt::LeftButton);
        QTest::mouseClick(sweep->findChild<QPushButton *>(QStringLiteral("cancelSweepButton")), Qt::LeftButton);
        QVERIFY(done.wait(120000));
        const auto r = done.front().front().value<SweepResult>();
        QVERIFY(r.cancelled);
        for (const SweepRow &row : r.rows)
            QCOMPARE(row.rank, 0);
        QVERIFY(sweep->findChild<QLabel *>(QStringLiteral("sweepStatus"))->text().startsWith(QLatin1String("Cancelled")));
        QVERIFY(sweep->findChild<QPushButton *>(QStringLiteral("runSweepButton"))->isEnabled());
    }
};

QTEST_MAIN(TestBacktestPanel)
#include "tst_backtestpanel.moc"
