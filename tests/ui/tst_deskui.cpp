// SPDX-License-Identifier: GPL-3.0-or-later
// The operator's desk through the real window and engine, offscreen: the rubber-stamp
// guard's second look and deliberate confirm; a veto's reason and its shadow in the
// Decisions view; a standing approval set in the Decisions view fires and is recorded
// as automatic; a ticket's countdown and its re-pricing on drift; notifications for new
// proposals and breaker trips; the dark and light themes; a layout per screen setup.
#include "approvalpanel.h"
#include "charts/pricechart.h"
#include "decisionspanel.h"
#include "mainwindow.h"
#include "models/approvalqueuemodel.h"
#include "models/decisionsmodel.h"
#include "models/deskmodels.h"
#include "notifier.h"
#include "persistence/database.h"
#include "pipeline/enginecontroller.h"
#include "runningdemo.h"
#include "screenshots.h"
#include "testsettings.h"
#include "theme.h"
#include "ticketwidget.h"
#include "vetodialog.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

int countIn(const QString &db, const QString &sql)
{
    int n = -1;
    {
        QSqlDatabase probe = Database::addConnection(db, QStringLiteral("probe"), false).value();
        probe.open();
        QSqlQuery q(probe);
        if (q.exec(sql) && q.next())
            n = q.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return n;
}

/// Waits for an entry in the queue, selects it and pauses the market; returns its id.
QString selectEntry(RunningDemo &desk, int timeoutMs = 90000)
{
    ApprovalPanel *panel = desk.window.approvalPanel();
    auto *view = panel->findChild<QTableView *>(QStringLiteral("approvalQueueView"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QTest::qWait(50);
        for (int r = 0; r < panel->queueModel()->rowCount(); ++r) {
            const Proposal *p = panel->queueModel()->proposalAt(r);
            if (p && !p->reducing) {
                const QString id = p->id;
                desk.controller.setPaused(true);
                view->selectRow(r);
                return id;
            }
        }
    }
    return {};
}

template<typename T>
T *waitFor(QWidget *root, const QString &name, int ms = 5000)
{
    T *found = nullptr;
    QDeadlineTimer deadline(ms);
    while (!found && !deadline.hasExpired()) {
        QTest::qWait(20);
        found = root->findChild<T *>(name);
    }
    return found;
}

} // namespace

class TestDeskUi : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { isolateSettings("tst_deskui"); }

    void theRubberStampGuardAsksForASecondLookAndADeliberateConfirm()
    {
        const QString db = m_dir.filePath(QStringLiteral("guard.db"));
        EngineOptions o = RunningDemo::calmDesk(RunningDemo::optionsAt(db));
        o.desk.minLookSeconds = 2;
        o.desk.blindStreak = 3;
        o.desk.countdownSeconds = 1;
        o.desk.deliberateFirstInSymbol = true; // every symbol is new in a fresh record
        RunningDemo desk(o);
        MainWindow &w = desk.window;
        ApprovalPanel *panel = w.approvalPanel();
        const QString id = selectEntry(desk);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(panel->ticket()->proposalId(), id, 5000);
        // At once: faster than the pace. A second look, whose default shows the ticket.
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("approveButton")), Qt::LeftButton);
        auto *look = waitFor<QMessageBox>(&w, QStringLiteral("secondLookDialog"));
        QVERIFY(look);
        QVERIFY2(look->text().startsWith(QLatin1String("You are approving ")), qPrintable(look->text()));
        QVERIFY(!w.findChild<QMessageBox *>(QStringLiteral("approveConfirmDialog")));
        auto *showTicket = look->findChild<QPushButton *>(QStringLiteral("secondLookTicketButton"));
        QCOMPARE(look->defaultButton(), showTicket);
        shoot(look, "second-look");
        QTest::mouseClick(showTicket, Qt::LeftButton);
        QTRY_VERIFY(panel->ticket()->findChild<QDoubleSpinBox *>(QStringLiteral("ticketQty"))->hasFocus()
                    || !QApplication::focusWidget()); // offscreen windows may have no focus at all
        QVERIFY(panel->guard().wasOpened(id));
        // Now: the first order in its symbol needs a deliberate confirm, default Veto, Send counting down.
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("approveButton")), Qt::LeftButton);
        auto *confirm = waitFor<QMessageBox>(&w, QStringLiteral("deliberateConfirmDialog"));
        QVERIFY(confirm);
        QVERIFY2(confirm->informativeText().contains(QLatin1String("it is the first order in this symbol")), qPrintable(confirm->informativeText()));
        auto *send = confirm->findChild<QPushButton *>(QStringLiteral("approveConfirmButton"));
        QCOMPARE(confirm->defaultButton(), confirm->findChild<QPushButton *>(QStringLiteral("deliberateVetoButton")));
        QVERIFY(!send->isEnabled());
        QCOMPARE(send->text(), QStringLiteral("Send order (1)"));
        shoot(confirm, "deliberate-confirm");
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), 3000);
        QSignalSpy done(&desk.controller, &EngineController::actionSucceeded);
        QSignalSpy failed(&desk.controller, &EngineController::actionFailed);
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() + failed.count() > 0, 10000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
        // The trader's approval, with its time to decide (at least the countdown's second).
        QCOMPARE(countIn(db, QStringLiteral("SELECT count(*) FROM decisions d JOIN decision_details x ON x.decision_id = d.id WHERE"
                                            " d.proposal_id = '%1' AND d.decision = 'approve' AND x.rule_id IS NULL AND x.wait_ms >= 1000")
                                 .arg(id)),
                 1);
    }

    void aVetoTakesItsReasonAndTheDecisionsViewShowsItsShadow()
    {
        const QString db = m_dir.filePath(QStringLiteral("veto.db"));
        RunningDemo desk(db);
        MainWindow &w = desk.window;
        ApprovalPanel *panel = w.approvalPanel();
        const QString id = selectEntry(desk);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(panel->ticket()->proposalId(), id, 5000);
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("vetoButton")), Qt::LeftButton);
        auto *dialog = waitFor<VetoDialog>(&w, QStringLiteral("vetoDialog"));
        QVERIFY(dialog);
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("vetoConfirmButton"));
        QVERIFY(!ok->isEnabled()); // no reason yet
        auto *code = dialog->findChild<QComboBox *>(QStringLiteral("vetoReason"));
        QCOMPARE(code->count(), 6); // the prompt and the five reasons
        code->setCurrentIndex(code->findData(QStringLiteral("news")));
        QVERIFY(ok->isEnabled()); // a note is optional
        dialog->setReason(QStringLiteral("news"), QStringLiteral("earnings after the close"));
        shoot(dialog, "veto");
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel->queueModel()->rowOf(id) == -1, 5000);
        QCOMPARE(countIn(db, QStringLiteral("SELECT count(*) FROM decision_details WHERE proposal_id = '%1' AND reason_code = 'news'"
                                            " AND note = 'earnings after the close'")
                                 .arg(id)),
                 1);
        // The Decisions view: the veto under its reason, and its shadow position.
        DecisionsPanel *decisions = w.decisionsPanel();
        QTRY_VERIFY_WITH_TIMEOUT(decisions->shadowModel()->rowCount() >= 1, 5000);
        bool news = false;
        for (int r = 0; r < decisions->reasonModel()->rowCount(); ++r) {
            const DecisionStatsRow *row = decisions->reasonModel()->rowAt(r);
            news |= row->group == QLatin1String("News") && row->vetoed == 1 && row->shadows == 1;
        }
        QVERIFY(news);
        QVERIFY2(decisions->summaryText().contains(QLatin1String("vetoed")), qPrintable(decisions->summaryText()));
        // The market moves on: the shadow follows its exit rules and the figures follow it.
        desk.controller.setPaused(false);
        QTest::qWait(2500);
        desk.controller.setPaused(true);
        QTest::qWait(300);
        bool found = false;
        for (int r = 0; r < decisions->shadowModel()->rowCount(); ++r)
            found |= decisions->shadowModel()->index(r, ShadowModel::Cause).data().toString() == QLatin1String("vetoed: News");
        QVERIFY(found);
        // More decisions for the picture: vetoes with other reasons, and a few sessions on.
        const QStringList codes{QStringLiteral("size"), QStringLiteral("strategy"), QStringLiteral("price"), QStringLiteral("news")};
        for (const QString &c : codes) {
            const QString next = selectEntry(desk, 20000);
            if (next.isEmpty())
                break;
            desk.controller.veto(next, c, c == QLatin1String("strategy") ? QStringLiteral("three losers in a row") : QString());
            QTRY_VERIFY_WITH_TIMEOUT(panel->queueModel()->rowOf(next) == -1, 5000);
            desk.controller.setPaused(false);
        }
        QTest::qWait(3000);
        desk.controller.setPaused(true);
        QTest::qWait(300);
        QVERIFY(decisions->shadowModel()->rowCount() >= 2);
        if (QDockWidget *dock = w.findChild<QDockWidget *>(QStringLiteral("decisionsDock"))) {
            dock->setFloating(true);
            dock->resize(1150, 460);
            dock->raise();
        }
        QTest::qWait(300);
        shoot(decisions, "decisions");
        w.findChild<QTabWidget *>(QStringLiteral("decisionsTabs"))->setCurrentIndex(1);
        QTest::qWait(100);
        shoot(decisions, "shadows");
    }

    void aStandingApprovalSetInTheDecisionsViewFiresAndIsRecordedAsAutomatic()
    {
        const QString db = m_dir.filePath(QStringLiteral("standing.db"));
        RunningDemo desk(db);
        MainWindow &w = desk.window;
        DecisionsPanel *decisions = w.decisionsPanel();
        const QString id = selectEntry(desk);
        QVERIFY(!id.isEmpty());
        auto *kind = decisions->findChild<QComboBox *>(QStringLiteral("standingKind"));
        kind->setCurrentIndex(kind->findData(int(StandingApproval::Kind::EntriesUnder)));
        decisions->findChild<QDoubleSpinBox *>(QStringLiteral("standingAmount"))->setValue(1'000'000);
        auto *duration = decisions->findChild<QComboBox *>(QStringLiteral("standingDuration"));
        duration->setCurrentIndex(duration->findData(3600));
        const StandingApproval rule = decisions->formRule();
        QCOMPARE(rule.kind, StandingApproval::Kind::EntriesUnder);
        QCOMPARE(rule.maxNotional, Decimal::fromInt(1'000'000));
        QVERIFY(rule.expiresAt > QDateTime::currentDateTimeUtc().addSecs(3500));
        QTest::mouseClick(decisions->findChild<QPushButton *>(QStringLiteral("standingSetButton")), Qt::LeftButton);
        // The waiting entry is approved without asking, and recorded as automatic with the rule.
        QTRY_VERIFY_WITH_TIMEOUT(w.approvalPanel()->queueModel()->rowOf(id) == -1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(decisions->standingModel()->rowCount(), 1, 5000);
        const QString ruleId = decisions->standingModel()->index(0, 0).data(StandingModel::IdRole).toString();
        QCOMPARE(countIn(db, QStringLiteral("SELECT count(*) FROM decisions d JOIN decision_details x ON x.decision_id = d.id"
                                            " WHERE d.proposal_id = '%1' AND d.operator = 'standing_approval' AND x.rule_id = '%2'")
                                 .arg(id, ruleId)),
                 1);
        // The queue's history says so.
        DecisionsModel *history = w.approvalPanel()->decisionsModel();
        bool automatic = false;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (int r = 0; r < history->rowCount(); ++r)
                                         automatic |= history->index(r, DecisionsModel::Reason).data().toString().startsWith(
                                             QStringLiteral("approved automatically by standing approval %1").arg(ruleId));
                                     return automatic;
                                 }()),
                                 5000);
        // Ended from the view: the next entry waits for the trader.
        auto *view = decisions->findChild<QTableView *>(QStringLiteral("standingView"));
        view->selectRow(0);
        auto *end = decisions->findChild<QPushButton *>(QStringLiteral("standingEndButton"));
        QVERIFY(end->isEnabled());
        QTest::mouseClick(end, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!decisions->standingModel()->index(0, 0).data(StandingModel::ActiveRole).toBool(), 5000);
        QCOMPARE(countIn(db, QStringLiteral("SELECT count(*) FROM standing_approvals WHERE id = '%1' AND ended_at IS NOT NULL").arg(ruleId)), 1);
        w.findChild<QTabWidget *>(QStringLiteral("decisionsTabs"))->setCurrentIndex(2);
        if (QDockWidget *dock = w.findChild<QDockWidget *>(QStringLiteral("decisionsDock")))
            dock->raise();
        QTest::qWait(100);
        shoot(decisions, "standing-approvals");
    }

    void aTicketCountsDownAndIsRepricedOnDrift()
    {
        const QString db = m_dir.filePath(QStringLiteral("drift.db"));
        EngineOptions o = RunningDemo::calmDesk(RunningDemo::optionsAt(db));
        o.desk.driftPct = "0.0001"_d;
        RunningDemo desk(o);
        ApprovalPanel *panel = desk.window.approvalPanel();
        const QString id = selectEntry(desk);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(panel->ticket()->proposalId(), id, 5000);
        auto *expiry = panel->ticket()->findChild<QLabel *>(QStringLiteral("ticketExpiry"));
        // (A drift this small may already have re-priced it: the countdown follows the re-price.)
        QTRY_VERIFY_WITH_TIMEOUT(expiry->text().contains(QLatin1String("Expires ")) || expiry->text().contains(QLatin1String("Past its expiry")), 5000);
        QVERIFY2(expiry->text().contains(QLatin1String("of market time")) || expiry->text().contains(QLatin1String("it is withdrawn in")),
                 qPrintable(expiry->text()));
        QVERIFY2(expiry->text().contains(QLatin1String("You have at least")) || expiry->text().contains(QLatin1String("unless you decide")),
                 qPrintable(expiry->text()));
        // The market moves: the ticket is re-priced, and says so.
        desk.controller.setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(expiry->text().startsWith(QLatin1String("Re-priced: ")) || panel->queueModel()->rowOf(id) == -1, 20000);
        desk.controller.setPaused(true);
        if (panel->queueModel()->rowOf(id) >= 0) {
            QVERIFY2(expiry->text().contains(QLatin1String("the price moved")), qPrintable(expiry->text()));
            // The re-priced ticket starts as proposed: its new stop is not read as an edit.
            QTRY_VERIFY_WITH_TIMEOUT(!panel->ticket()->edit().any(), 2000);
        }
        else // withdrawn when its re-check rejected it: the history says why
            QVERIFY(countIn(db, QStringLiteral("SELECT count(*) FROM proposals WHERE id = '%1' AND decision_reason LIKE 'withdrawn: the price moved%'").arg(id)) == 1);
        QVERIFY(countIn(db, QStringLiteral("SELECT count(*) FROM decisions WHERE proposal_id = '%1' AND decision IN ('reprice', 'expire')").arg(id)) >= 1);
    }

    void notificationsForNewProposalsAndBreakerTrips()
    {
        const QString db = m_dir.filePath(QStringLiteral("notify.db"));
        RunningDemo desk(db);
        Notifier *n = desk.window.notifier();
        QVERIFY(n->isEnabled());
        QVERIFY(!n->sound()); // sound is off by default
        QSignalSpy spy(n, &Notifier::notified);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), 60000);
        QVERIFY2(spy.front().front().toString().contains(QLatin1String("proposal")), qPrintable(spy.front().front().toString()));
        spy.clear();
        desk.controller.killSwitch(false);
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (const QList<QVariant> &args : spy)
                                         if (args.front().toString() == QLatin1String("Sentinel: circuit breaker"))
                                             return args.at(1).toString().startsWith(QLatin1String("kill_switch breaker tripped"));
                                     return false;
                                 }()),
                                 10000);
        // Off in the View menu: nothing more goes out.
        desk.window.findChild<QAction *>(QStringLiteral("notificationsAction"))->setChecked(false);
        const int before = n->sentCount();
        desk.controller.resetBreaker(QStringLiteral("kill_switch"));
        desk.controller.killSwitch(false);
        QTest::qWait(1000);
        QCOMPARE(n->sentCount(), before);
    }

    void thePriceChartFollowsTheSelection()
    {
        const QString db = m_dir.filePath(QStringLiteral("chart.db"));
        EngineOptions o = RunningDemo::calmDesk(RunningDemo::optionsAt(db));
        o.fixedStrategy = QStringLiteral("sma_cross"); // a strategy with lines on the price scale
        RunningDemo desk(o);
        MainWindow &w = desk.window;
        QDockWidget *dock = w.findChild<QDockWidget *>(QStringLiteral("priceChartDock"));
        QVERIFY(dock);
        dock->raise();
        const QString id = selectEntry(desk);
        QVERIFY(!id.isEmpty());
        const QString symbol = w.approvalPanel()->queueModel()->proposalAt(w.approvalPanel()->queueModel()->rowOf(id))->symbol;
        PriceChart *chart = w.priceChart();
        QTRY_COMPARE_WITH_TIMEOUT(chart->data().symbol, symbol, 5000);
        QVERIFY(chart->data().bars.size() > 20);
        QCOMPARE(chart->data().lines.size(), 2); // sma_cross: SMA 10 and SMA 30
        QVERIFY2(chart->caption().startsWith(symbol), qPrintable(chart->caption()));
        // A veto marks the chart.
        desk.controller.veto(id, QStringLiteral("price"), QStringLiteral("too far from the average"));
        QTRY_VERIFY_WITH_TIMEOUT(w.approvalPanel()->queueModel()->rowOf(id) == -1, 5000);
        w.chartSymbol(symbol); // the queue's selection moved on to the next proposal
        desk.controller.setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(chart->data().marks.cbegin(), chart->data().marks.cend(),
                                             [](const ChartMark &m) { return m.kind == ChartMark::Vetoed; }),
                                 10000);
        // Another selection, in the blotter or the positions, moves it.
        w.chartSymbol(QStringLiteral("SPY"));
        QTRY_COMPARE_WITH_TIMEOUT(chart->data().symbol, QStringLiteral("SPY"), 5000);
        desk.controller.setPaused(true);
        w.chartSymbol(symbol);
        QTRY_COMPARE_WITH_TIMEOUT(chart->data().symbol, symbol, 5000);
        dock->setFloating(true);
        dock->resize(1000, 420);
        QTest::qWait(300);
        shoot(dock, "price-chart");
    }

    void theDeskInBothThemesAndALayoutPerScreenSetup()
    {
        const QString db = m_dir.filePath(QStringLiteral("themes.db"));
        RunningDemo desk(db);
        MainWindow &w = desk.window;
        QVERIFY(!selectEntry(desk).isEmpty());
        QTest::qWait(300);
        w.setTheme(QStringLiteral("dark"));
        QVERIFY(Theme::isDark());
        QVERIFY(w.findChild<QAction *>(QStringLiteral("theme_dark"))->isChecked());
        QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("dark"));
        QTest::qWait(200);
        shoot(&w, "desk-dark");
        w.setTheme(QStringLiteral("light"));
        QVERIFY(!Theme::isDark());
        QTest::qWait(200);
        shoot(&w, "desk-light");
        w.setTheme(QStringLiteral("dark"));
        w.setTheme(QStringLiteral("system")); // back to the platform's own (light, offscreen) look
        QCOMPARE(Theme::current(), Theme::Choice::System);
        QVERIFY(!Theme::isDark());
        // The layout's key names the screens: each setup keeps its own.
        const QString key = w.screenSetupKey();
        const QRect g = QGuiApplication::primaryScreen()->geometry();
        QVERIFY2(key.contains(QStringLiteral("%1x%2+%3+%4").arg(g.width()).arg(g.height()).arg(g.x()).arg(g.y())), qPrintable(key));
        w.close();
        QVERIFY(QSettings().contains(key + QStringLiteral("/state")));
    }
};

QTEST_MAIN(TestDeskUi)
#include "tst_deskui.moc"
