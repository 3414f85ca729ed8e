// SPDX-License-Identifier: GPL-3.0-or-later
// The proposal ticket: an edit above what the rules allow is refused as it is typed
// and the ticket names the rule; every keystroke re-checks on the GUI thread; an edit
// below the cap goes through the real window and engine and is recorded beside the
// original order; the headroom and chart follow the proposal.
#include "approvalpanel.h"
#include "mainwindow.h"
#include "models/approvalqueuemodel.h"
#include "models/ordersmodel.h"
#include "persistence/database.h"
#include "pipeline/enginecontroller.h"
#include "pipeline/tradingengine.h"
#include "runningdemo.h"
#include "screenshots.h"
#include "testsettings.h"
#include "ticketwidget.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A pending entry with room to shrink, and its snapshot, from an engine on this thread.
struct Pending
{
    Proposal proposal;
    ProposalTicket ticket;
    RiskConfig config;
};

Pending pendingEntry(const QString &db)
{
    EngineOptions o;
    o.dbPath = db;
    o.connectionName = QStringLiteral("ticket-engine");
    o = RunningDemo::calmDesk(o);
    TradingEngine e(o);
    Pending out;
    if (!e.open())
        return out;
    for (int i = 0; i < 300 && out.proposal.id.isEmpty(); ++i) {
        e.runSession();
        const EngineSnapshot s = e.snapshot();
        for (qsizetype k = 0; k < s.pending.size(); ++k)
            if (!s.pending[k].reducing && s.pending[k].qty >= Decimal::fromInt(3) && s.pending[k].stopPrice.isPositive()) {
                out.proposal = s.pending[k];
                out.ticket = s.tickets[k];
                out.config = s.riskConfig;
            }
    }
    return out;
}

// Types into a spin box as the trader would: select all, erase, then key by key.
void typeInto(QDoubleSpinBox *box, const QString &text)
{
    QLineEdit *edit = box->findChild<QLineEdit *>();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

} // namespace

class TestTicket : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        isolateSettings("tst_ticket");
    }
    void anEditAboveTheCapIsRefusedAsItIsTyped()
    {
        const Pending pe = pendingEntry(m_dir.filePath(QStringLiteral("cap.db")));
        QVERIFY(!pe.proposal.id.isEmpty());
        QCOMPARE(pe.ticket.proposalId, pe.proposal.id);
        QVERIFY(pe.ticket.lastPrice.isPositive());
        QVERIFY(pe.ticket.bars.size() >= 30);
        // A share cap one below the proposal: the order-size rule now binds.
        RiskConfig cfg = pe.config;
        cfg.maxSharesPerOrder = pe.proposal.qty - Decimal::fromInt(1);
        TicketWidget ticket;
        ticket.resize(900, 260);
        ticket.show();
        QSignalSpy rechecks(&ticket, &TicketWidget::verdictChanged);
        ticket.setProposal(&pe.proposal, &pe.ticket, cfg);
        QCOMPARE(ticket.maxQuantity(), cfg.maxSharesPerOrder);
        QCOMPARE(ticket.maxQuantityRule(), QStringLiteral("order_size"));
        auto *qty = ticket.findChild<QDoubleSpinBox *>(QStringLiteral("ticketQty"));
        QCOMPARE(qty->value(), cfg.maxSharesPerOrder.toDouble()); // brought down to the ceiling
        QVERIFY(ticket.findChild<QLabel *>(QStringLiteral("ticketQtyLimit"))->text().contains(QLatin1String("order_size")));
        // Typed above the cap: the box takes no such value.
        rechecks.clear();
        typeInto(qty, QStringLiteral("9999"));
        QVERIFY(qty->value() <= cfg.maxSharesPerOrder.toDouble());
        QVERIFY(ticket.edit().qty <= cfg.maxSharesPerOrder);
        // Below the cap: accepted, and every keystroke re-checked the order.
        // ("9999" leaves the first 9 when nine fits: the next value must differ from what stands.)
        const Decimal smaller = Decimal::fromInt(qty->value() == 1.0 ? 2 : 1);
        rechecks.clear();
        typeInto(qty, smaller.toString());
        QVERIFY2(rechecks.count() >= 1, qPrintable(QStringLiteral("value %1, text '%2', max %3, smaller %4").arg(qty->value()).arg(qty->text()).arg(qty->maximum()).arg(smaller.toString())));
        QCOMPARE(ticket.edit().qty, smaller);
        QCOMPARE(ticket.verdict().finalQty, smaller);
        QCOMPARE(ticket.verdict().kind, VerdictKind::Approve);
        QVERIFY(ticket.findChild<QLabel *>(QStringLiteral("ticketVerdict"))->text().contains(QLatin1String("Edited: qty")));
        QVERIFY(ticket.lastRecheckNs() < 1'000'000); // well inside a millisecond
        // A stop below the proposal's cannot be set; a tighter one re-checks with the new distance.
        auto *stop = ticket.findChild<QDoubleSpinBox *>(QStringLiteral("ticketStop"));
        QCOMPARE(stop->minimum(), pe.proposal.stopPrice.toDouble());
        stop->setValue(pe.proposal.stopPrice.toDouble() - 1.0);
        QCOMPARE(stop->value(), pe.proposal.stopPrice.toDouble());
        const Decimal tighter = pe.proposal.stopPrice + "0.5"_d;
        stop->setValue(tighter.toDouble());
        QCOMPARE(ticket.edit().stopPrice, tighter);
        // The headroom after the trade and the chart follow the proposal.
        const QString headroom = ticket.findChild<QLabel *>(QStringLiteral("ticketHeadroom"))->text();
        for (const char *part : {"gross exposure", "daily-loss room", "budget stress", "positions", "orders left today"})
            QVERIFY2(headroom.contains(QLatin1String(part)), part);
        QCOMPARE(ticket.findChild<TicketChart *>(QStringLiteral("ticketChart"))->barCount(), static_cast<int>(pe.ticket.bars.size()));
        // The same proposal again (the next snapshot) keeps the edits being typed.
        ticket.setProposal(&pe.proposal, &pe.ticket, cfg);
        QCOMPARE(ticket.edit().qty, smaller);
        // "As proposed" restores the proposal, as far as the rules allow now: the share cap still holds.
        ticket.findChild<QPushButton *>(QStringLiteral("ticketReset"))->click();
        QCOMPARE(ticket.edit().qty, cfg.maxSharesPerOrder);
        QVERIFY(!ticket.edit().stopPrice.isPositive() && !ticket.edit().limitPrice.isPositive());
        ticket.setProposal(&pe.proposal, &pe.ticket, pe.config); // the engine's own limits: nothing edited
        ticket.findChild<QPushButton *>(QStringLiteral("ticketReset"))->click();
        QVERIFY(!ticket.edit().any());
        shoot(&ticket, "ticket-widget");
    }
    void anEditBelowTheCapIsSentAndRecordedWithBothOrders()
    {
        const QString db = m_dir.filePath(QStringLiteral("window.db"));
        RunningDemo desk(db);
        EngineController &controller = desk.controller;
        MainWindow &w = desk.window;
        auto *panel = w.findChild<ApprovalPanel *>(QStringLiteral("approvalPanel"));
        QVERIFY(panel);
        auto *view = panel->findChild<QTableView *>(QStringLiteral("approvalQueueView"));
        // An entry that can shrink by one.
        QString id;
        Decimal qty;
        QDeadlineTimer deadline(90000);
        while (id.isEmpty() && !deadline.hasExpired()) {
            QTest::qWait(50);
            for (int r = 0; r < panel->queueModel()->rowCount(); ++r) {
                const Proposal *p = panel->queueModel()->proposalAt(r);
                if (p && !p->reducing && p->qty >= Decimal::fromInt(2)) {
                    id = p->id;
                    qty = p->qty;
                    view->selectRow(r);
                    break;
                }
            }
        }
        QVERIFY(!id.isEmpty());
        controller.setPaused(true); // the queue holds still while the trader edits
        QTRY_COMPARE_WITH_TIMEOUT(panel->ticket()->proposalId(), id, 5000);
        auto *box = panel->ticket()->findChild<QDoubleSpinBox *>(QStringLiteral("ticketQty"));
        const Decimal edited = qty - Decimal::fromInt(1);
        typeInto(box, edited.toString());
        QCOMPARE(panel->ticket()->edit().qty, edited);
        shoot(&w, "ticket");
        QSignalSpy succeeded(&controller, &EngineController::actionSucceeded);
        QSignalSpy failed(&controller, &EngineController::actionFailed);
        QSignalSpy rechecked(&controller, &EngineController::proposalRechecked);
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("approveButton")), Qt::LeftButton);
        QMessageBox *confirm = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((confirm = w.findChild<QMessageBox *>(QStringLiteral("approveConfirmDialog"))) != nullptr, 5000);
        QVERIFY2(confirm->text().contains(QLatin1String(") at market? Edited: qty")), qPrintable(confirm->text()));
        QVERIFY2(confirm->text().startsWith(QStringLiteral("Send BUY %1 ").arg(edited.toString())), qPrintable(confirm->text()));
        QCOMPARE(confirm->defaultButton(), confirm->button(QMessageBox::Cancel));
        QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("approveConfirmButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(succeeded.count() + failed.count() + rechecked.count() > 0, 10000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
        QVERIFY2(rechecked.isEmpty(), rechecked.isEmpty() ? "" : qPrintable(rechecked.front().at(1).toString()));

        // Both orders are in the record: as proposed, and as edited.
        {
            QSqlDatabase probe = Database::addConnection(db, QStringLiteral("probe"), false).value();
            QVERIFY(probe.open());
            QSqlQuery q(probe);
            QVERIFY(q.exec(QStringLiteral("SELECT original_qty, edited_qty FROM approval_edits WHERE proposal_id = '%1'").arg(id)));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), qty.toString());
            QCOMPARE(q.value(1).toString(), edited.toString());
            QVERIFY(q.exec(QStringLiteral("SELECT qty FROM order_intents WHERE proposal_id = '%1'").arg(id)) && q.next());
            QCOMPARE(q.value(0).toString(), edited.toString());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    }
    void theDeskRunsFromTheKeyboard()
    {
        RunningDemo desk(m_dir.filePath(QStringLiteral("keys.db")));
        MainWindow &w = desk.window;
        auto *panel = w.findChild<ApprovalPanel *>(QStringLiteral("approvalPanel"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->queueModel()->rowCount() >= 2, 90000);
        desk.controller.setPaused(true);
        QTest::qWait(300); // the last snapshot is in
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w)); // window shortcuts fire only in the active window
        QTRY_VERIFY_WITH_TIMEOUT(!panel->ticket()->proposalId().isEmpty(), 5000);
        const auto rowOfTicket = [&] { return panel->queueModel()->rowOf(panel->ticket()->proposalId()); };
        QTest::keyClick(&w, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier); // to the first
        QTest::keyClick(&w, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(rowOfTicket(), 0);
        QTest::keyClick(&w, Qt::Key_J, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(rowOfTicket(), 1);
        QTest::keyClick(&w, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(rowOfTicket(), 0);
        // Edit the quantity: the focus lands in the ticket's box with its text selected, and typing replaces it.
        const Proposal *p = panel->queueModel()->proposalAt(0);
        QVERIFY(p);
        QTest::keyClick(&w, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        auto *qty = panel->ticket()->findChild<QDoubleSpinBox *>(QStringLiteral("ticketQty"));
        QTRY_VERIFY_WITH_TIMEOUT(qty->hasFocus(), 2000);
        if (p->qty > Decimal::fromInt(1) && !p->reducing) {
            QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("1"));
            QCOMPARE(panel->ticket()->edit().qty, Decimal::fromInt(1));
        }
        // Approve from the keyboard: the confirmation opens, its default still Cancel.
        QTest::keyClick(&w, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QMessageBox *confirm = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((confirm = w.findChild<QMessageBox *>(QStringLiteral("approveConfirmDialog"))) != nullptr, 5000);
        QCOMPARE(confirm->defaultButton(), confirm->button(QMessageBox::Cancel));
        if (p->qty > Decimal::fromInt(1) && !p->reducing)
            QVERIFY(confirm->text().contains(QLatin1String("Edited: qty")));
        shoot(confirm, "approve-edited-confirm");
        confirm->reject();
        // The shortcut list names the desk's keys.
        QTRY_VERIFY_WITH_TIMEOUT(!w.findChild<QMessageBox *>(QStringLiteral("approveConfirmDialog")), 5000);
        w.findChild<QAction *>(QStringLiteral("shortcutsAction"))->trigger(); // (F1 where the platform maps Help to it)
        QMessageBox *keys = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((keys = w.findChild<QMessageBox *>(QStringLiteral("shortcutsDialog"))) != nullptr, 5000);
        QVERIFY(keys->informativeText().contains(QLatin1String("Ctrl+Shift+J / Ctrl+Shift+K")));
        shoot(keys, "shortcuts");
        keys->reject();
    }
    void theBlotterCancelsAnOrderAndAllEntries()
    {
        const QString db = m_dir.filePath(QStringLiteral("blotter.db"));
        RunningDemo desk(db);
        EngineController &controller = desk.controller;
        MainWindow &w = desk.window;
        auto *panel = w.findChild<ApprovalPanel *>(QStringLiteral("approvalPanel"));
        auto *queue = panel->findChild<QTableView *>(QStringLiteral("approvalQueueView"));
        QSignalSpy succeeded(&controller, &EngineController::actionSucceeded);
        QSignalSpy failed(&controller, &EngineController::actionFailed);
        // (void: the QTRY macros return on failure.)
        const auto approveFirstEntry = [&](bool withLimit, QString &id) {
            id.clear();
            QDeadlineTimer deadline(90000);
            while (id.isEmpty() && !deadline.hasExpired()) {
                QTest::qWait(50);
                for (int r = 0; r < panel->queueModel()->rowCount(); ++r)
                    if (const Proposal *p = panel->queueModel()->proposalAt(r); p && !p->reducing) {
                        id = p->id;
                        queue->selectRow(r);
                        break;
                    }
            }
            if (id.isEmpty())
                return;
            controller.setPaused(true);
            QTRY_COMPARE_WITH_TIMEOUT(panel->ticket()->proposalId(), id, 5000);
            if (withLimit) { // far below the price: the order rests at the broker
                panel->ticket()->findChild<QCheckBox *>(QStringLiteral("ticketUseLimit"))->setChecked(true);
                auto *limit = panel->ticket()->findChild<QDoubleSpinBox *>(QStringLiteral("ticketLimit"));
                limit->setValue(limit->value() * 0.5);
            }
            QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("approveButton")), Qt::LeftButton);
            QMessageBox *confirm = nullptr;
            QTRY_VERIFY_WITH_TIMEOUT((confirm = w.findChild<QMessageBox *>(QStringLiteral("approveConfirmDialog"))) != nullptr, 5000);
            QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("approveConfirmButton")), Qt::LeftButton);
        };
        // A limit entry far below the price rests at the broker after the open; Cancel ends it.
        QString limited;
        approveFirstEntry(true, limited);
        QVERIFY(!limited.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(succeeded.count() + failed.count() > 0, 10000);
        QVERIFY(failed.isEmpty());
        controller.setPaused(false);
        auto *orders = w.findChild<QTableView *>(QStringLiteral("ordersView"));
        auto *ordersModel = qobject_cast<OrdersModel *>(orders->model());
        int row = -1;
        QDeadlineTimer open(60000);
        while (row < 0 && !open.hasExpired()) {
            QTest::qWait(50);
            for (int r = 0; r < ordersModel->rowCount(); ++r)
                if (const Order *x = ordersModel->orderAt(r); x && x->proposalId == limited && x->type == OrderType::Limit && isOpen(x->status))
                    row = r;
        }
        QVERIFY2(row >= 0, "the limit entry never rested at the broker");
        controller.setPaused(true);
        const QString orderId = ordersModel->orderAt(row)->id;
        // The blotter shows the limit it rests at.
        QCOMPARE(ordersModel->index(row, OrdersModel::LimitPrice).data().toString().isEmpty(), false);
        orders->selectRow(row);
        if (auto *dock = w.findChild<QDockWidget *>(QStringLiteral("ordersDock")))
            dock->raise();
        QTest::qWait(100);
        shoot(orders->window(), "blotter-limit");
        auto *cancel = w.findChild<QPushButton *>(QStringLiteral("cancelOrderButton"));
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QMessageBox *ask = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((ask = w.findChild<QMessageBox *>(QStringLiteral("cancelOrderDialog"))) != nullptr, 5000);
        QCOMPARE(ask->defaultButton()->text(), tr("Keep order"));
        shoot(ask, "cancel-order-dialog");
        QTest::mouseClick(ask->findChild<QPushButton *>(QStringLiteral("cancelOrderConfirmButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int r = 0; r < ordersModel->rowCount(); ++r)
                    if (const Order *x = ordersModel->orderAt(r); x && x->id == orderId)
                        return x->status == OrderStatus::Canceled;
                return false;
            }(),
            10000);
        QVERIFY(failed.isEmpty());
        // Cancel all: another limit entry rests at the broker; Cancel all entries ends it.
        controller.setPaused(false);
        succeeded.clear();
        QString second;
        approveFirstEntry(true, second);
        QVERIFY(!second.isEmpty() && second != limited);
        QTRY_VERIFY_WITH_TIMEOUT(succeeded.count() + failed.count() > 0, 10000);
        controller.setPaused(false);
        QString secondOrder;
        QDeadlineTimer resting(60000);
        while (secondOrder.isEmpty() && !resting.hasExpired()) {
            QTest::qWait(50);
            for (int r = 0; r < ordersModel->rowCount(); ++r)
                if (const Order *x = ordersModel->orderAt(r); x && x->proposalId == second && x->type == OrderType::Limit && isOpen(x->status))
                    secondOrder = x->id;
        }
        QVERIFY2(!secondOrder.isEmpty(), "the second limit entry never rested at the broker");
        controller.setPaused(true);
        succeeded.clear();
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("cancelAllOrdersButton")), Qt::LeftButton);
        QMessageBox *all = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((all = w.findChild<QMessageBox *>(QStringLiteral("cancelAllDialog"))) != nullptr, 5000);
        QVERIFY(all->informativeText().contains(QLatin1String("Protective stops stay")));
        QCOMPARE(all->defaultButton()->text(), tr("Keep orders"));
        shoot(all, "cancel-all-dialog");
        QTest::mouseClick(all->findChild<QPushButton *>(QStringLiteral("cancelAllConfirmButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!succeeded.isEmpty(), 10000);
        QCOMPARE(succeeded.back().front().toString(), QStringLiteral("1 entry order(s) cancelled"));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int r = 0; r < ordersModel->rowCount(); ++r)
                    if (const Order *x = ordersModel->orderAt(r); x && x->id == secondOrder)
                        return x->status == OrderStatus::Canceled;
                return false;
            }(),
            10000);
        QVERIFY(failed.isEmpty());
    }
};

QTEST_MAIN(TestTicket)
#include "tst_ticket.moc"
