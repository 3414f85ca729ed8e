// SPDX-License-Identifier: GPL-3.0-or-later
#include "persistence/journal.h"
#include "pipeline/tradingengine.h"
#include "sqlprobe.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
EngineOptions optionsFor(const QString &path, const QString &connection)
{
    EngineOptions o;
    o.dbPath = path;
    o.connectionName = connection;
    return o;
}

void runUntilProposals(TradingEngine &e, int wanted)
{
    for (int i = 0; i < 200 && e.pending().size() < wanted; ++i)
        e.runSession();
    QVERIFY(e.pending().size() >= wanted);
}
} // namespace

class TestTradingEngine : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void approveRecordsThenSendsAndPlacesAStop()
    {
        const QString path = m_dir.filePath(QStringLiteral("approve.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("approve")));
        QVERIFY(e.open());
        runUntilProposals(e, 1);
        const Proposal p = e.pending().front();
        // Proposals are made at the close; an approval then waits for the open.
        QVERIFY(!e.clock().open);
        const ApprovalOutcome o = e.approve(p.id);
        QCOMPARE(o.kind, ApprovalOutcome::Held);
        QVERIFY(!e.book().position(p.symbol).has_value());
        QCOMPARE(e.heldOrders().size(), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM order_intents WHERE state = 'held'")), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM reservations WHERE proposal_id = '%1'").arg(p.id)), 1);
        e.tick(); // the open
        QVERIFY(e.clock().open);
        QVERIFY(e.heldOrders().isEmpty());
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM order_intents WHERE state = 'held'")), 0);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM reservations")), 0); // released on the fill
        QVERIFY(e.book().position(p.symbol).has_value());
        QCOMPARE(e.book().position(p.symbol)->qty, p.qty);
        // A bracket: the stop-loss and take-profit legs rest, one cancelling the other.
        QCOMPARE(e.book().openOrders().size(), 2);
        QVERIFY(e.book().protectiveStop(p.symbol).has_value());
        QCOMPARE(e.book().protectiveStop(p.symbol)->stopPrice, p.stopPrice);
        for (const Order &leg : e.book().openOrders()) {
            QCOMPARE(leg.orderClass, OrderClass::Bracket);
            QVERIFY(!leg.parentId.isEmpty());
            QCOMPARE(leg.timeInForce, TimeInForce::Gtc);
        }
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'approve' AND proposal_id = '%1'").arg(p.id)), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM verdicts WHERE stage = 'approval' AND proposal_id = '%1'").arg(p.id)), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders WHERE proposal_id = '%1'").arg(p.id)), 3);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM fills")), 1);
        // A second approval of the same proposal does nothing.
        QCOMPARE(e.approve(p.id).kind, ApprovalOutcome::Failed);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM fills")), 1);
    }
    void anEditCanOnlyLowerTheRiskAndBothOrdersAreRecorded()
    {
        const QString path = m_dir.filePath(QStringLiteral("edit.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("edit")));
        QVERIFY(e.open());
        Proposal p;
        for (int i = 0; i < 300 && p.id.isEmpty(); ++i) {
            e.runSession();
            for (const Proposal &q : e.pending())
                if (!q.reducing && q.qty >= Decimal::fromInt(2) && q.stopPrice.isPositive())
                    p = q;
        }
        QVERIFY(!p.id.isEmpty());
        const auto decisions = [&] { return count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE proposal_id = '%1'").arg(p.id)); };
        // Edits that would raise the risk are refused with why, and nothing is recorded or sent.
        const Decimal price = e.book().lastPrice(p.symbol);
        const struct
        {
            ApprovalEdit edit;
            const char *why;
        } refused[] = {
            {{p.qty + Decimal::fromInt(1), {}, {}}, "only shrink the quantity"},
            {{{}, p.stopPrice - "0.01"_d, {}}, "only be tightened"},
            {{{}, price + Decimal::fromInt(1), {}}, "must be below the price"},
            {{Decimal::invalid(), {}, {}}, "numbers above zero"},
            {{{}, {}, "-5"_d}, "numbers above zero"},
        };
        for (const auto &r : refused) {
            const ApprovalOutcome o = e.approve(p.id, QStringLiteral("approval"), r.edit);
            QCOMPARE(o.kind, ApprovalOutcome::Failed);
            QVERIFY2(o.message.contains(QLatin1String(r.why)), qPrintable(o.message));
        }
        QCOMPARE(decisions(), 0);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM order_intents WHERE proposal_id = '%1'").arg(p.id)), 0);
        // A smaller quantity and a tighter stop: re-checked, recorded beside the original, sent as edited.
        const Decimal qty = p.qty - Decimal::fromInt(1);
        const Decimal stop = (p.stopPrice + "0.01"_d).rounded(2);
        const ApprovalOutcome o = e.approve(p.id, QStringLiteral("approval"), {qty, stop, {}});
        QVERIFY2(o.ok(), qPrintable(o.message));
        QCOMPARE(decisions(), 1);
        const QStringList edits = rows(path, QStringLiteral("SELECT original_qty, original_stop, edited_qty, edited_stop, summary FROM approval_edits"
                                                            " WHERE proposal_id = '%1'").arg(p.id));
        QCOMPARE(edits.size(), 1);
        QCOMPARE(edits.front(), QStringLiteral("%1|%2|%3|%4|qty %1 → %3, stop %2 → %4").arg(p.qty.toString(), p.stopPrice.toString(), qty.toString(), stop.toString()));
        QCOMPARE(rows(path, QStringLiteral("SELECT qty, stop_price FROM order_intents WHERE proposal_id = '%1'").arg(p.id)),
                 QStringList{QStringLiteral("%1|%2").arg(qty.toString(), stop.toString())});
        const auto decided = e.decided();
        const auto it = std::find_if(decided.cbegin(), decided.cend(), [&](const Proposal &d) { return d.id == p.id; });
        QVERIFY(it != decided.cend());
        QVERIFY2(it->decisionReason.startsWith(QLatin1String("approved with an edit: qty")), qPrintable(it->decisionReason));
        QCOMPARE(it->qty, qty);
        QCOMPARE(it->stopPrice, stop);
        if (!e.clock().open)
            e.tick(); // the open: the held order goes out
        QVERIFY(e.book().position(p.symbol).has_value());
        QCOMPARE(e.book().position(p.symbol)->qty, qty);
        QCOMPARE(e.book().protectiveStop(p.symbol)->stopPrice, stop);
        // The edit is in the journal, which still verifies.
        {
            QSqlDatabase db = Database::addConnection(path, QStringLiteral("verify"), false).value();
            QVERIFY(db.open());
            const auto v = journal::verify(db);
            QVERIFY(v.ok() && v->intact);
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'edit'")) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("verify"));
    }
    void aLimitEditSendsALimitOrder()
    {
        const QString path = m_dir.filePath(QStringLiteral("limit.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("limit")));
        QVERIFY(e.open());
        runUntilProposals(e, 1);
        const Proposal p = e.pending().front();
        QVERIFY(!p.reducing);
        const Decimal limit = (e.book().lastPrice(p.symbol) * "0.999"_d).rounded(2);
        const ApprovalOutcome o = e.approve(p.id, QStringLiteral("approval"), {{}, {}, limit});
        QVERIFY2(o.ok(), qPrintable(o.message));
        QCOMPARE(rows(path, QStringLiteral("SELECT type FROM order_intents WHERE proposal_id = '%1'").arg(p.id)), QStringList{QStringLiteral("limit")});
        QVERIFY(rows(path, QStringLiteral("SELECT terms FROM order_intents WHERE proposal_id = '%1'").arg(p.id)).value(0).contains(limit.toString()));
        QCOMPARE(rows(path, QStringLiteral("SELECT limit_price, summary FROM approval_edits WHERE proposal_id = '%1'").arg(p.id)),
                 QStringList{QStringLiteral("%1|limit %1").arg(limit.toString())});
    }
    void vetoNeedsAReasonAndRecordsIt()
    {
        const QString path = m_dir.filePath(QStringLiteral("veto.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("veto")));
        QVERIFY(e.open());
        runUntilProposals(e, 1);
        const Proposal p = e.pending().front();
        const Status empty = e.veto(p.id, QStringLiteral("   "));
        QVERIFY(!empty);
        QVERIFY2(empty.error().startsWith(QLatin1String("a veto needs a reason: one of price, size, news, strategy, other")), qPrintable(empty.error()));
        const Status noNote = e.veto(p.id, QStringLiteral("other"), QStringLiteral("  "));
        QVERIFY(!noNote);
        QCOMPARE(noNote.error(), QStringLiteral("a veto for another reason needs a note saying which"));
        QCOMPARE(e.pending().front().id, p.id);
        QVERIFY(e.veto(p.id, QStringLiteral("news"), QStringLiteral("earnings tomorrow")));
        QVERIFY(std::none_of(e.pending().cbegin(), e.pending().cend(), [&](const Proposal &x) { return x.id == p.id; }));
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'veto' AND reason = 'News: earnings tomorrow'")), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM proposals WHERE status = 'vetoed' AND decision_reason = 'News: earnings tomorrow'")), 1);
        // The code, the note and the time to decide are recorded (and journaled) with the decision.
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decision_details WHERE reason_code = 'news' AND note = 'earnings tomorrow'"
                                            " AND wait_ms >= 0 AND proposal_id = '%1'").arg(p.id)),
                 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders")), 0);
        QVERIFY(!e.veto(QStringLiteral("prp_unknown"), QStringLiteral("price")));
    }
    void approvalThatCannotBeRecordedSendsNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("norecord.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("norecord")));
        QVERIFY(e.open());
        runUntilProposals(e, 1);
        const Proposal p = e.pending().front();
        // Another connection breaks the decisions table under the engine.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("saboteur"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TABLE decisions")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("saboteur"));
        const ApprovalOutcome s = e.approve(p.id);
        QCOMPARE(s.kind, ApprovalOutcome::Failed);
        QVERIFY2(s.message.contains(QStringLiteral("nothing sent")), qPrintable(s.message));
        QVERIFY(e.book().positions().isEmpty());
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders")), 0);
        QCOMPARE(e.pending().front().id, p.id); // still waiting, nothing lost
    }
    void restoredProposalsKeepTheirRuleTable()
    {
        // A rule that allows no particular quantity reads blank after a restart too, not "0".
        const QString path = m_dir.filePath(QStringLiteral("rules.db"));
        QList<RuleResult> before;
        QString id;
        {
            TradingEngine e(optionsFor(path, QStringLiteral("rules1")));
            QVERIFY(e.open());
            runUntilProposals(e, 1);
            id = e.pending().front().id;
            before = e.pending().front().verdict.rules;
        }
        TradingEngine e(optionsFor(path, QStringLiteral("rules2")));
        QVERIFY(e.open());
        const auto it = std::find_if(e.pending().cbegin(), e.pending().cend(), [&](const Proposal &p) { return p.id == id; });
        QVERIFY(it != e.pending().cend());
        QCOMPARE(it->verdict.rules.size(), before.size());
        int blank = 0;
        for (qsizetype i = 0; i < before.size(); ++i) {
            QCOMPARE(it->verdict.rules[i].rule, before[i].rule);
            QCOMPARE(it->verdict.rules[i].allowedQty.isValid(), before[i].allowedQty.isValid());
            if (before[i].allowedQty.isValid())
                QCOMPARE(it->verdict.rules[i].allowedQty, before[i].allowedQty);
            else
                ++blank;
        }
        QVERIFY(blank > 0);
    }
    void proposalsWaitAMinimumWallClockTime()
    {
        // A fast simulated clock never rushes the trader: expiry needs the sessions and the wall-clock wait.
        const QString path = m_dir.filePath(QStringLiteral("wait.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("wait"));
        o.proposalMinWaitMs = 60'000;
        TradingEngine e(o);
        QVERIFY(e.open());
        runUntilProposals(e, 1);
        const QString id = e.pending().front().id;
        for (int i = 0; i < o.proposalTtlSessions + 3; ++i)
            e.runSession();
        QVERIFY(std::any_of(e.pending().cbegin(), e.pending().cend(), [&](const Proposal &p) { return p.id == id; }));
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM proposals WHERE status = 'expired'")), 0);
    }
    void restartRestoresEverything()
    {
        const QString path = m_dir.filePath(QStringLiteral("restart.db"));
        Account before;
        QList<Position> positions;
        QStringList pendingIds;
        int sessions = 0;
        qsizetype equityPoints = 0;
        {
            TradingEngine e(optionsFor(path, QStringLiteral("restart1")));
            QVERIFY(e.open());
            runUntilProposals(e, 2);
            QVERIFY(e.approve(e.pending().front().id).ok());
            for (int i = 0; i < 3; ++i)
                e.runSession();
            while (e.pending().size() > 1)
                QVERIFY(e.veto(e.pending().front().id, QStringLiteral("other"), QStringLiteral("test")));
            before = e.book().account();
            positions = e.book().positions();
            for (const Proposal &p : e.pending())
                pendingIds.append(p.id);
            sessions = e.completedSessions();
            equityPoints = e.equityCurve().size();
        }
        TradingEngine e(optionsFor(path, QStringLiteral("restart2")));
        QVERIFY(e.open());
        QCOMPARE(e.completedSessions(), sessions);
        QCOMPARE(e.book().account().cash, before.cash);
        QCOMPARE(e.book().account().equity, before.equity);
        QCOMPARE(e.book().positions().size(), positions.size());
        for (int i = 0; i < positions.size(); ++i) {
            QCOMPARE(e.book().positions()[i].symbol, positions[i].symbol);
            QCOMPARE(e.book().positions()[i].qty, positions[i].qty);
            QCOMPARE(e.book().positions()[i].stopPrice, positions[i].stopPrice);
        }
        QStringList after;
        for (const Proposal &p : e.pending())
            after.append(p.id);
        QCOMPARE(after, pendingIds);
        QCOMPARE(e.equityCurve().size(), equityPoints);
        QVERIFY(!e.snapshot().decided.isEmpty());
        QVERIFY(!e.snapshot().orders.isEmpty());
        // The market continues where it was.
        e.runSession();
        QCOMPARE(e.completedSessions(), sessions + 1);
    }
    void aRunThatDiedIsRecordedAsFailedWithWhy()
    {
        const QString path = m_dir.filePath(QStringLiteral("died.db"));
        {
            TradingEngine e(optionsFor(path, QStringLiteral("died1")));
            QVERIFY(e.open());
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("killer"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO runs (id, kind, started_at, status) VALUES ('run_dead', 'demo', '2026-01-01', 'running')")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("killer"));
        TradingEngine e(optionsFor(path, QStringLiteral("died2")));
        QVERIFY(e.open());
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM runs WHERE id = 'run_dead' AND status = 'failed' AND error <> ''")), 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM runs WHERE status = 'ok'")), 1);
    }
    void killSwitchHaltsCancelsEntriesAndFlattens()
    {
        const QString path = m_dir.filePath(QStringLiteral("kill.db"));
        {
            TradingEngine e(optionsFor(path, QStringLiteral("kill1")));
            QVERIFY(e.open());
            runUntilProposals(e, 2);
            const Proposal first = e.pending()[0];
            QCOMPARE(e.approve(first.id).kind, ApprovalOutcome::Held);
            e.tick(); // the open: the first entry fills
            QVERIFY(e.book().position(first.symbol).has_value());
            e.runSession();
            // An entry approved at the close waits for the open; the kill switch must cancel it.
            const auto entry = std::find_if(e.pending().cbegin(), e.pending().cend(), [](const Proposal &p) { return !p.reducing; });
            QVERIFY(entry != e.pending().cend());
            const QString heldId = entry->id;
            QCOMPARE(e.approve(heldId).kind, ApprovalOutcome::Held);
            QVERIFY(!e.heldOrders().isEmpty());
            QVERIFY(e.killSwitch(true, QStringLiteral("tester")));
            QCOMPARE(e.guard().state(), TradingState::Halted);
            for (const OrderIntent &i : e.heldOrders())
                QCOMPARE(i.request.purpose, OrderPurpose::Exit); // the held entry is gone, the flattening exits wait for the open
            QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM reservations WHERE proposal_id = '%1'").arg(heldId)), 0);
            e.tick(); // the open: the exits go out
            QVERIFY(e.book().positions().isEmpty());
            // Every flattening order has its own approved proposal.
            QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM decisions d"
                                                " WHERE d.proposal_id = o.proposal_id AND d.decision = 'approve')")),
                     0);
            // Nothing new passes while halted.
            e.runSession();
            e.runSession();
            for (const Proposal &p : e.pending())
                if (!p.reducing)
                    QCOMPARE(e.approve(p.id).kind, ApprovalOutcome::Rejected);
            QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM breaker_events WHERE breaker = 'kill_switch' AND actor = 'tester'")), 1);
        }
        // The halt survives a restart; only the operator lifts it.
        TradingEngine e(optionsFor(path, QStringLiteral("kill2")));
        QVERIFY(e.open());
        QCOMPARE(e.guard().state(), TradingState::Halted);
        QCOMPARE(e.guard().breaker(TradingGuard::KillSwitch).state(), BreakerState::Open);
        for (int i = 0; i < 3; ++i)
            e.runSession();
        QCOMPARE(e.guard().state(), TradingState::Halted);
        QVERIFY(e.resetBreaker(QStringLiteral("kill_switch"), QStringLiteral("tester")));
        QCOMPARE(e.guard().state(), TradingState::Active);
        QVERIFY(!e.resetBreaker(QStringLiteral("no_such_breaker")));
        QVERIFY(count(path, QStringLiteral("SELECT count(*) FROM breaker_events WHERE to_state = 'CLOSED' AND actor = 'tester'")) >= 1);
    }
    void breakerStatesSurviveARestart()
    {
        const QString path = m_dir.filePath(QStringLiteral("breakers.db"));
        {
            TradingEngine e(optionsFor(path, QStringLiteral("br1")));
            QVERIFY(e.open());
            e.runSession();
            QVERIFY(e.killSwitch(false));
        }
        {
            // Trip the data breaker in the stored state as five bad iterations would.
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("br"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE breakers SET state = 'OPEN', reason = 'data quality 40 %' WHERE name = 'data'")));
            QVERIFY(q.exec(QStringLiteral("UPDATE app_state SET value = '123456' WHERE key = 'guard_hwm'")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("br"));
        TradingEngine e(optionsFor(path, QStringLiteral("br2")));
        QVERIFY(e.open());
        QCOMPARE(e.guard().state(), TradingState::Halted);
        QCOMPARE(e.guard().breaker(TradingGuard::Data).state(), BreakerState::Open);
        QCOMPARE(e.guard().breaker(TradingGuard::Data).persisted().reason, QStringLiteral("data quality 40 %"));
        QCOMPARE(e.guard().highWaterMark(), "123456"_d);
        QVERIFY(e.snapshot().breakers.size() == 5);
    }
    void aChangedVerdictAtApprovalIsShownBeforeAnythingIsSent()
    {
        const QString path = m_dir.filePath(QStringLiteral("changed.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("changed"));
        // Large positions, so one fill leaves too little cash for the next proposal as made.
        o.risk.perPositionCap = o.risk.perSymbolBudget = o.risk.maxOrderNotional = "0.6"_d;
        o.risk.riskPerTrade = "0.05"_d;
        TradingEngine e(o);
        QVERIFY(e.open());
        runUntilProposals(e, 2);
        const Proposal a = e.pending()[0], b = e.pending()[1];
        QVERIFY(a.qty * a.price > "40000"_d && b.qty * b.price > "40000"_d);
        QCOMPARE(e.approve(a.id).kind, ApprovalOutcome::Held);
        e.tick(); // A fills, cash falls below what B was sized for
        const ApprovalOutcome changed = e.approve(b.id);
        QCOMPARE(changed.kind, ApprovalOutcome::Changed);
        QVERIFY(changed.message.contains(QStringLiteral("approve again")));
        // Nothing was sent for B; it waits with the new verdict.
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders WHERE proposal_id = '%1'").arg(b.id)), 0);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE proposal_id = '%1'").arg(b.id)), 0);
        const auto waiting = std::find_if(e.pending().cbegin(), e.pending().cend(), [&](const Proposal &p) { return p.id == b.id; });
        QVERIFY(waiting != e.pending().cend());
        QVERIFY(waiting->qty < b.qty);
        QVERIFY(waiting->verdict.bindingRule != b.verdict.bindingRule);
        // Approved again with the new verdict in view: sent.
        QVERIFY(e.approve(b.id).ok());
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE proposal_id = '%1' AND decision = 'approve'").arg(b.id)), 1);
    }
    void heldEntriesCountTowardTheLimitsBeforeTheyFill()
    {
        const QString path = m_dir.filePath(QStringLiteral("heldlimits.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("heldlimits"));
        o.risk.maxOpenPositions = 1;
        TradingEngine e(o);
        QVERIFY(e.open());
        runUntilProposals(e, 2);
        QVERIFY(!e.clock().open);
        QCOMPARE(e.approve(e.pending()[0].id).kind, ApprovalOutcome::Held);
        const ApprovalOutcome second = e.approve(e.pending()[0].id);
        QCOMPARE(second.kind, ApprovalOutcome::Rejected);
        QVERIFY2(second.message.contains(QStringLiteral("max_open_positions")), qPrintable(second.message));
        // The held entry's notional counts as exposure and spent cash in the context.
        const RiskContext ctx = e.riskContext(QStringLiteral("SPY"));
        QCOMPARE(ctx.openPositions(), 1);
        QVERIFY(ctx.grossExposure.isPositive());
        QVERIFY(ctx.account.buyingPower < e.book().account().buyingPower);
        e.tick();
        QCOMPARE(e.book().positions().size(), 1);
    }
    void exitsKeepRunningWhileHaltedAndSurviveARestart()
    {
        const QString path = m_dir.filePath(QStringLiteral("exits.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("exits1"));
        o.exits.trailingPct = "0.005"_d;   // tight, so the stop moves within a few ticks
        o.exits.takeProfitPct = "0.01"_d;
        QString symbol;
        Decimal stopBeforeRestart;
        {
            TradingEngine e(o);
            QVERIFY(e.open());
            runUntilProposals(e, 1);
            symbol = e.pending().front().symbol;
            QCOMPARE(e.approve(e.pending().front().id).kind, ApprovalOutcome::Held);
            e.tick(); // filled at the open
            QVERIFY(e.exits().contains(symbol));
            QVERIFY(e.killSwitch(false));
            QCOMPARE(e.guard().state(), TradingState::Halted);
            const int before = count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'auto_tighten'"));
            for (int i = 0; i < 60 && e.book().position(symbol); ++i) {
                e.tick();
                // Halted: exits still come, and a reducing order still passes.
                for (const Proposal &p : e.pending())
                    if (p.reducing && p.symbol == symbol)
                        QVERIFY(e.approve(p.id).ok());
            }
            QCOMPARE(e.guard().state(), TradingState::Halted);
            QVERIFY(!e.book().position(symbol)); // closed by a stop, the trailing stop or the take-profit
            const int moved = count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'auto_tighten'")) - before;
            const int exitProposals = count(path, QStringLiteral("SELECT count(*) FROM proposals WHERE strategy IN ('take_profit', 'time')"));
            QVERIFY2(moved + exitProposals > 0, "no exit rule acted while halted");
            QVERIFY(!e.exits().contains(symbol));
            QVERIFY(e.resetBreaker(QStringLiteral("kill_switch")));
        }
    }
    void budgetStressProposesPartialClosesAndTightensStops()
    {
        const QString path = m_dir.filePath(QStringLiteral("stress.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("stress"));
        o.risk.perSymbolBudget = "0.06"_d; // a 5 % position is 83 % of this budget: critical
        o.exits = ExitConfig{};            // only the stress actions move the stop
        TradingEngine e(o);
        QVERIFY(e.open());
        bool proposed = false;
        for (int s = 0; s < 200 && !proposed; ++s) {
            e.runSession();
            for (const Proposal &p : QList<Proposal>(e.pending())) {
                if (p.strategy == QLatin1String("budget_stress")) {
                    proposed = true;
                    const Position held = e.book().position(p.symbol).value();
                    QVERIFY(p.reducing);
                    QVERIFY(held.lastPrice > held.avgEntryPrice);       // only positions in profit
                    QCOMPARE(p.qty, (held.qty * "0.7"_d).rounded(0, RoundingMode::Down)); // critical: close 70 %
                    QVERIFY(p.rationale.contains(QStringLiteral("critical")));
                    const ExitState st = e.exits().value(p.symbol);
                    QVERIFY(st.stop >= st.entryPrice);                  // breakeven or better
                    QCOMPARE(st.stressActed, 3);
                    QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'auto_tighten'")) > 0, true);
                } else if (!p.reducing) {
                    e.approve(p.id);
                }
            }
        }
        QVERIFY2(proposed, "no budget-stress proposal within 200 sessions");
    }
    void autoTighteningCanBeTurnedOff()
    {
        const QString path = m_dir.filePath(QStringLiteral("noauto.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("noauto"));
        o.exits.trailingPct = "0.002"_d; // would move the stop at almost every tick
        o.autoTightenStops = false;
        TradingEngine e(o);
        QVERIFY(e.open());
        runUntilProposals(e, 1);
        QVERIFY(e.approve(e.pending().front().id).ok());
        for (int i = 0; i < 40; ++i)
            e.tick();
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE decision = 'auto_tighten'")), 0);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM orders WHERE purpose = 'protective_stop'")), 1); // the entry's own stop only
    }
    void exitStateSurvivesARestart()
    {
        const QString path = m_dir.filePath(QStringLiteral("exits-restart.db"));
        QString symbol;
        ExitState before;
        {
            TradingEngine e(optionsFor(path, QStringLiteral("exr1")));
            QVERIFY(e.open());
            runUntilProposals(e, 1);
            symbol = e.pending().front().symbol;
            QVERIFY(e.approve(e.pending().front().id).ok());
            e.runSession();
            QVERIFY2(e.exits().contains(symbol), "the position closed within its first session");
            before = e.exits().value(symbol);
            QCOMPARE(before.barsHeld, 1);
            QVERIFY(before.stop.isPositive() && before.target.isPositive());
        }
        TradingEngine e(optionsFor(path, QStringLiteral("exr2")));
        QVERIFY(e.open());
        QVERIFY(e.exits().contains(symbol));
        const ExitState after = e.exits().value(symbol);
        QCOMPARE(after.stop, before.stop);
        QCOMPARE(after.target, before.target);
        QCOMPARE(after.highest, before.highest);
        QCOMPARE(after.barsHeld, before.barsHeld);
        QCOMPARE(e.snapshot().exits.size(), 1);
        QVERIFY(!e.snapshot().exits.front().nextRule.isEmpty());
    }
    void unreadableDatabaseIsNotTouched()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.db"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        TradingEngine e(optionsFor(path, QStringLiteral("garbage")));
        const Status s = e.open();
        QVERIFY(!s);
        QVERIFY(s.error().contains(path));
        QCOMPARE(QFileInfo(path).size(), 8192);
    }
};

QTEST_GUILESS_MAIN(TestTradingEngine)
#include "tst_tradingengine.moc"
