// SPDX-License-Identifier: GPL-3.0-or-later
// The trader's path through the real window and a real engine on its thread:
// proposals arrive, one is approved (through the confirmation), one is vetoed
// with a reason, the position and the reason appear.
#include "approvalpanel.h"
#include "breakerspanel.h"
#include "models/breakersmodel.h"
#include "charts/equitychart.h"
#include "loghub.h"
#include "mainwindow.h"
#include "runningdemo.h"
#include "models/approvalqueuemodel.h"
#include "models/decisionsmodel.h"
#include "models/positionsmodel.h"
#include "pipeline/enginecontroller.h"
#include "vetodialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {
// Saves a picture of `w` when SENTINEL_SCREENSHOT_DIR is set (for looking at the screens).
void shoot(QWidget *w, const char *name)
{
    if (qEnvironmentVariableIsSet("SENTINEL_SCREENSHOT_DIR"))
        w->grab().save(qEnvironmentVariable("SENTINEL_SCREENSHOT_DIR") + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    // Dialogs open asynchronously (open(), never exec()): wait for the child to appear.
    template<typename T>
    static T *waitForChild(QWidget *parent, const QString &name)
    {
        QDeadlineTimer deadline(5000);
        T *found = nullptr;
        while (!(found = parent->findChild<T *>(name)) && !deadline.hasExpired())
            QTest::qWait(20);
        if (!found)
            qFatal("%s did not appear", qPrintable(name));
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sentinel-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void approveAndVetoFromTheQueue()
    {
        LogHub hub;
        RunningDemo demo(m_dir.filePath(QStringLiteral("gui.db")), &hub);
        EngineController &controller = demo.controller;
        MainWindow &w = demo.window;

        auto *queue = w.findChild<QTableView *>(QStringLiteral("approvalQueueView"));
        QVERIFY(queue);
        QVERIFY(w.findChild<QDockWidget *>(QStringLiteral("approvalDock")));
        ApprovalQueueModel *model = w.approvalPanel()->queueModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 2, 60000);
        controller.setPaused(true);

        // Approve: the confirmation's default is Cancel; sending needs the explicit button.
        queue->selectRow(0);
        const QString symbol = model->index(0, ApprovalQueueModel::Symbol).data().toString();
        const QString approvedId = model->index(0, 0).data(ApprovalQueueModel::ProposalIdRole).toString();
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("approveButton")), Qt::LeftButton);
        auto *confirm = waitForChild<QMessageBox>(&w, QStringLiteral("approveConfirmDialog"));
        QCOMPARE(confirm->defaultButton(), confirm->button(QMessageBox::Cancel));
        QVERIFY(confirm->text().contains(symbol));
        shoot(confirm, "approve-confirm");
        QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("approveConfirmButton")), Qt::LeftButton);
        // An approval at the close waits for the open, so let the clock run; if the
        // re-check changed the order, the trader is told and approves the new one.
        controller.setPaused(false);
        QSignalSpy rechecked(&controller, &EngineController::proposalRechecked);
        QSignalSpy succeeded(&controller, &EngineController::actionSucceeded);
        QTRY_VERIFY_WITH_TIMEOUT(rechecked.count() + succeeded.count() > 0, 10000);
        if (rechecked.count() > 0) {
            auto *notice = waitForChild<QMessageBox>(&w, QStringLiteral("recheckDialog"));
            QVERIFY(notice->text().contains(QStringLiteral("Nothing was sent")));
            notice->accept();
            queue->selectRow(model->rowOf(approvedId));
            QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("approveButton")), Qt::LeftButton);
            auto *again = waitForChild<QMessageBox>(&w, QStringLiteral("approveConfirmDialog"));
            QTest::mouseClick(again->findChild<QPushButton *>(QStringLiteral("approveConfirmButton")), Qt::LeftButton);
        }
        PositionsModel *positions = w.positionsModel();
        QTRY_VERIFY_WITH_TIMEOUT(positions->rowCount() >= 1, 10000);
        bool found = false;
        for (int r = 0; r < positions->rowCount(); ++r)
            found |= positions->index(r, PositionsModel::Symbol).data().toString() == symbol;
        QVERIFY(found);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowOf(approvedId), -1, 5000);
        shoot(&w, "positions");
        for (const char *dock : {"budgetStressDock", "strategyHealthDock"}) {
            w.findChild<QDockWidget *>(QLatin1String(dock))->raise();
            QApplication::processEvents();
            shoot(&w, dock);
        }
        w.findChild<QDockWidget *>(QStringLiteral("positionsDock"))->raise();

        // Veto: a reason is required and is shown with the decision.
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 1, 60000);
        controller.setPaused(true);
        queue->selectRow(0);
        const QString vetoedId = model->index(0, 0).data(ApprovalQueueModel::ProposalIdRole).toString();
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("vetoButton")), Qt::LeftButton);
        auto *dialog = waitForChild<VetoDialog>(&w, QStringLiteral("vetoDialog"));
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("vetoConfirmButton"));
        QVERIFY(!ok->isEnabled());
        dialog->setReason(QStringLiteral("other"));
        QVERIFY(!ok->isEnabled()); // "other" needs a note
        dialog->setReason(QStringLiteral("other"), QStringLiteral("sector already heavy"));
        QVERIFY(ok->isEnabled());
        shoot(dialog, "veto");
        QTest::mouseClick(ok, Qt::LeftButton);
        DecisionsModel *decisions = w.approvalPanel()->decisionsModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(vetoedId) == -1, 5000);
        // The next proposal is selected, ready for the next decision.
        if (model->rowCount() > 0)
            QTRY_VERIFY_WITH_TIMEOUT(queue->selectionModel()->hasSelection(), 5000);
        bool reasonShown = false;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (int r = 0; r < decisions->rowCount(); ++r)
                                         reasonShown |= decisions->index(r, DecisionsModel::Reason).data().toString()
                                                        == QLatin1String("Other: sector already heavy");
                                     return reasonShown;
                                 }()),
                                 5000);
        QVERIFY(w.equityChart()->pointCount() >= 1);
    }

    void cancelSendsNothing()
    {
        RunningDemo demo(m_dir.filePath(QStringLiteral("cancel.db")));
        EngineController &controller = demo.controller;
        MainWindow &w = demo.window;
        ApprovalQueueModel *model = w.approvalPanel()->queueModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 1, 60000);
        controller.setPaused(true);
        auto *queue = w.findChild<QTableView *>(QStringLiteral("approvalQueueView"));
        queue->selectRow(0);
        const QString id = model->index(0, 0).data(ApprovalQueueModel::ProposalIdRole).toString();
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("approveButton")), Qt::LeftButton);
        auto *confirm = waitForChild<QMessageBox>(&w, QStringLiteral("approveConfirmDialog"));
        QTest::mouseClick(confirm->button(QMessageBox::Cancel), Qt::LeftButton);
        // Calls reach the engine thread in order: once this round trip is back,
        // any approval sent by the Cancel would have been processed.
        QSignalSpy published(&controller, &EngineController::snapshotPublished);
        controller.setPaused(true);
        QVERIFY(published.wait(5000));
        QVERIFY(model->rowOf(id) >= 0);
        QCOMPARE(w.positionsModel()->rowCount(), 0);
    }

    void viewMenuAndLayout()
    {
        EngineOptions options;
        options.dbPath = m_dir.filePath(QStringLiteral("layout.db"));
        EngineController controller(options, 2000);
        MainWindow w(&controller, nullptr);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QStringList docks{QStringLiteral("approvalDock"), QStringLiteral("positionsDock"), QStringLiteral("ordersDock"),
                                QStringLiteral("pipelineDock"), QStringLiteral("logDock")};
        auto *menu = w.findChild<QMenu *>(QStringLiteral("viewMenu"));
        QVERIFY(menu);
        for (const QString &name : docks) {
            auto *dock = w.findChild<QDockWidget *>(name);
            QVERIFY2(dock, qPrintable(name));
            QVERIFY(menu->actions().contains(dock->toggleViewAction()));
        }
        auto *log = w.findChild<QDockWidget *>(QStringLiteral("logDock"));
        log->toggleViewAction()->trigger();
        QVERIFY(log->isHidden());
        w.findChild<QAction *>(QStringLiteral("resetLayoutAction"))->trigger();
        QVERIFY(!log->isHidden());
        // Closing saves the layout; a new window restores it.
        log->hide();
        w.close();
        MainWindow again(&controller, nullptr);
        again.show();
        QVERIFY(again.findChild<QDockWidget *>(QStringLiteral("logDock"))->isHidden());
        again.resetLayout();
        QVERIFY(!again.findChild<QDockWidget *>(QStringLiteral("logDock"))->isHidden());
    }

    void killSwitchHaltsAndResetNeedsConfirmation()
    {
        RunningDemo demo(m_dir.filePath(QStringLiteral("kill.db")));
        EngineController &controller = demo.controller;
        MainWindow &w = demo.window;
        ApprovalQueueModel *model = w.approvalPanel()->queueModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 1, 60000);
        controller.setPaused(true);
        // Approve one entry; paused at the close it is held, an open entry order.
        auto *queue = w.findChild<QTableView *>(QStringLiteral("approvalQueueView"));
        queue->selectRow(0);
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("approveButton")), Qt::LeftButton);
        QTest::mouseClick(waitForChild<QMessageBox>(&w, QStringLiteral("approveConfirmDialog"))->findChild<QPushButton *>(QStringLiteral("approveConfirmButton")),
                          Qt::LeftButton);
        QSignalSpy published(&controller, &EngineController::snapshotPublished);
        QVERIFY(published.wait(5000));

        // The kill switch asks first; its default is Cancel.
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("killSwitchButton")), Qt::LeftButton);
        auto *kill = waitForChild<QMessageBox>(&w, QStringLiteral("killSwitchDialog"));
        QCOMPARE(kill->defaultButton(), kill->button(QMessageBox::Cancel));
        kill->findChild<QCheckBox *>(QStringLiteral("flattenAllCheck"))->setChecked(true);
        shoot(kill, "kill-switch");
        QTest::mouseClick(kill->findChild<QPushButton *>(QStringLiteral("killSwitchConfirmButton")), Qt::LeftButton);
        auto *state = w.findChild<QLabel *>(QStringLiteral("tradingStateLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QStringLiteral("HALTED")), 5000);
        QVERIFY(w.findChild<QLabel *>(QStringLiteral("riskTradingState"))->text().contains(QStringLiteral("HALTED")));
        EngineSnapshot last;
        connect(&controller, &EngineController::snapshotPublished, this, [&last](const EngineSnapshot &s) { last = s; });
        controller.setPaused(true);
        QTRY_VERIFY_WITH_TIMEOUT(last.state == TradingState::Halted, 5000);
        shoot(&w, "halted");
        QCOMPARE(last.heldOrders, 0); // the held entry was cancelled; nothing was held to flatten yet
        for (const Order &o : last.orders)
            if (o.purpose == OrderPurpose::Entry)
                QVERIFY(!isOpen(o.status));

        // Resetting needs the operator's confirmation: Cancel keeps the halt.
        auto *breakers = w.findChild<QTableView *>(QStringLiteral("breakersView"));
        BreakersModel *bm = w.breakersPanel()->model();
        int killRow = -1;
        for (int r = 0; r < bm->rowCount(); ++r)
            if (bm->breakerAt(r)->name == QLatin1String("kill_switch"))
                killRow = r;
        QVERIFY(killRow >= 0);
        QCOMPARE(bm->index(killRow, BreakersModel::State).data().toString(), QStringLiteral("OPEN"));
        breakers->selectRow(killRow);
        auto *reset = w.findChild<QPushButton *>(QStringLiteral("resetBreakerButton"));
        QVERIFY(reset->isEnabled());
        QTest::mouseClick(reset, Qt::LeftButton);
        auto *confirm = waitForChild<QMessageBox>(&w, QStringLiteral("resetBreakerDialog"));
        QCOMPARE(confirm->defaultButton(), confirm->button(QMessageBox::Cancel));
        QTest::mouseClick(confirm->button(QMessageBox::Cancel), Qt::LeftButton);
        QSignalSpy again(&controller, &EngineController::snapshotPublished);
        controller.setPaused(true);
        QVERIFY(again.wait(5000));
        QVERIFY(state->text().contains(QStringLiteral("HALTED")));
        breakers->selectRow(killRow);
        QTest::mouseClick(reset, Qt::LeftButton);
        confirm = waitForChild<QMessageBox>(&w, QStringLiteral("resetBreakerDialog"));
        QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("resetBreakerConfirmButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QStringLiteral("ACTIVE")), 5000);
    }

    void corruptDatabaseOffersANewOne()
    {
        const QString path = m_dir.filePath(QStringLiteral("broken.db"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'z'));
        f.close();
        EngineOptions options;
        options.dbPath = path;
        options = RunningDemo::calmDesk(options);
        EngineController controller(options, 200);
        MainWindow w(&controller, nullptr);
        w.show();
        controller.start();
        auto *box = waitForChild<QMessageBox>(&w, QStringLiteral("databaseErrorDialog"));
        QVERIFY(box->informativeText().contains(QStringLiteral("not changed or deleted")));
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("newDatabaseButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.approvalPanel()->queueModel()->rowCount() >= 1, 60000);
        QCOMPARE(QFileInfo(path).size(), 4096);
        QVERIFY(QDir(m_dir.path()).entryList({QStringLiteral("broken-*.db")}).size() == 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
