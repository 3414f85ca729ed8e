// SPDX-License-Identifier: GPL-3.0-or-later
// The operator's desk in the core: ticket expiry and drift, standing approvals,
// veto reasons and shadow positions, the Decisions figures, the rubber-stamp guard.
#include "persistence/journal.h"
#include "persistence/tradestore.h"
#include "pipeline/deskguard.h"
#include "pipeline/tradingengine.h"
#include "settings/appsettings.h"
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

/// Sessions until an entry proposal waits (at the close).
Proposal runUntilEntry(TradingEngine &e)
{
    for (int i = 0; i < 300; ++i) {
        for (const Proposal &p : e.pending())
            if (!p.reducing)
                return p;
        e.runSession();
    }
    return {};
}

bool journalIntact(const QString &path, QString *why = nullptr)
{
    bool ok = false;
    {
        QSqlDatabase db = Database::addConnection(path, QStringLiteral("verify"), false).value();
        db.open();
        const auto v = journal::verify(db);
        ok = v.ok() && v->intact;
        if (why)
            *why = v.ok() ? v->firstBroken : v.error();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("verify"));
    return ok;
}

const Proposal *pendingById(const TradingEngine &e, const QString &id)
{
    for (const Proposal &p : e.pending())
        if (p.id == id)
            return &p;
    return nullptr;
}

} // namespace

class TestDesk : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void aTicketExpiresAtTheCloseOfItsSession()
    {
        const QString path = m_dir.filePath(QStringLiteral("close.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("close"));
        o.desk.driftPct = Decimal(); // time only
        TradingEngine e(o);
        QVERIFY(e.open());
        const Proposal p = runUntilEntry(e);
        QVERIFY(!p.id.isEmpty());
        // Made at a close: it trades in the next session and expires at that session's close.
        const EngineSnapshot s = e.snapshot();
        const auto t = std::find_if(s.tickets.cbegin(), s.tickets.cend(), [&](const ProposalTicket &x) { return x.proposalId == p.id; });
        QVERIFY(t != s.tickets.cend());
        QVERIFY(t->expiresAt > e.clock().now);
        QVERIFY(e.clock().now.secsTo(t->expiresAt) <= 4 * 24 * 3600); // the next trading day's close, weekends included
        e.runSession();
        QVERIFY(!pendingById(e, p.id));
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM proposals WHERE id = '%1' AND status = 'expired' AND decision_reason LIKE "
                                            "'expired: not decided by %'")
                                 .arg(p.id)),
                 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE proposal_id = '%1' AND decision = 'expire' AND operator = 'expiry'").arg(p.id)), 1);
        // An expired entry is followed as a shadow position.
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM shadow_positions WHERE proposal_id = '%1' AND cause = 'expired'").arg(p.id)), 1);
        QVERIFY(journalIntact(path));
    }

    void aTicketIsRepricedOnDriftOrWithdrawn()
    {
        const QString path = m_dir.filePath(QStringLiteral("drift.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("drift"));
        o.desk.driftPct = "0.0001"_d; // 0.01 %: any move re-prices
        o.proposalMinWaitMs = 600'000; // and no time expiry in this test
        TradingEngine e(o);
        QVERIFY(e.open());
        const Proposal p = runUntilEntry(e);
        QVERIFY(!p.id.isEmpty());
        // Ticks until the price moves: the ticket is re-priced at the new price and re-checked.
        for (int i = 0; i < 50 && pendingById(e, p.id) && pendingById(e, p.id)->price == p.price; ++i)
            e.tick();
        const Proposal *now = pendingById(e, p.id);
        QVERIFY2(now, "a small drift with a passing re-check keeps the proposal");
        QVERIFY(now->price != p.price);
        QCOMPARE(now->price, e.book().lastPrice(p.symbol));
        QVERIFY2(now->decisionReason.startsWith(QLatin1String("re-priced at ")), qPrintable(now->decisionReason));
        QVERIFY(now->decisionReason.contains(QLatin1String("the price moved")));
        QVERIFY(now->verdict.kind != VerdictKind::Reject);
        QCOMPARE(now->qty, now->verdict.finalQty);
        // The stop keeps its distance from the price.
        if (p.stopPrice.isPositive())
            QVERIFY((now->price - now->stopPrice - (p.price - p.stopPrice)).abs() <= "0.01"_d);
        QVERIFY(count(path, QStringLiteral("SELECT count(*) FROM verdicts WHERE proposal_id = '%1' AND stage = 'reprice'").arg(p.id)) >= 1);
        QVERIFY(count(path, QStringLiteral("SELECT count(*) FROM decisions WHERE proposal_id = '%1' AND decision = 'reprice'").arg(p.id)) >= 1);
        QVERIFY(e.snapshot().decisionStats.total.repriced >= 1);

        // A drift whose re-check rejects withdraws the ticket: the kill switch halts entries.
        QVERIFY(e.killSwitch(false));
        for (int i = 0; i < 50 && pendingById(e, p.id); ++i)
            e.tick();
        QVERIFY(!pendingById(e, p.id));
        const QStringList reason = rows(path, QStringLiteral("SELECT status, decision_reason FROM proposals WHERE id = '%1'").arg(p.id));
        QCOMPARE(reason.size(), 1);
        QVERIFY2(reason.front().startsWith(QLatin1String("expired|withdrawn: the price moved")), qPrintable(reason.front()));
        QVERIFY2(reason.front().contains(QLatin1String("the re-check rejects it")), qPrintable(reason.front()));
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM shadow_positions WHERE proposal_id = '%1' AND cause = 'expired'").arg(p.id)), 1);
        QString why;
        QVERIFY2(journalIntact(path, &why), qPrintable(why));
    }

    void aStandingApprovalFiresAndIsRecordedAsAutomatic()
    {
        const QString path = m_dir.filePath(QStringLiteral("standing.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("standing")));
        QVERIFY(e.open());
        const Proposal p = runUntilEntry(e);
        QVERIFY(!p.id.isEmpty());
        // Rules that cannot stand are refused with why.
        StandingApproval bad;
        bad.kind = StandingApproval::Kind::EntriesUnder;
        QCOMPARE(e.addStandingApproval(bad).error(), QStringLiteral("entries under an amount need an amount above zero"));
        StandingApproval late;
        late.expiresAt = QDateTime::currentDateTimeUtc().addSecs(-1);
        QCOMPARE(e.addStandingApproval(late).error(), QStringLiteral("the standing approval would expire before it starts"));
        // Exits only: the entry waits.
        StandingApproval reducing;
        reducing.kind = StandingApproval::Kind::Reducing;
        QVERIFY(e.addStandingApproval(reducing));
        QVERIFY(pendingById(e, p.id));
        // Entries under an amount far above the order: it is approved without asking.
        StandingApproval entries;
        entries.kind = StandingApproval::Kind::EntriesUnder;
        entries.maxNotional = Decimal::fromInt(1'000'000);
        entries.expiresAt = QDateTime::currentDateTimeUtc().addSecs(3600);
        entries.actor = QStringLiteral("tester");
        const Result<StandingApproval> set = e.addStandingApproval(entries);
        QVERIFY2(set, qPrintable(set.error()));
        QVERIFY(!pendingById(e, p.id));
        const QString rule = set.value().id;
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM decisions d JOIN decision_details x ON x.decision_id = d.id WHERE"
                                            " d.proposal_id = '%1' AND d.decision = 'approve' AND d.operator = 'standing_approval'"
                                            " AND x.rule_id = '%2' AND d.reason LIKE 'automatic: standing approval %2 (entries under $1,000,000.00%'")
                                 .arg(p.id, rule)),
                 1);
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM proposals WHERE id = '%1' AND status = 'approved' AND decision_reason LIKE "
                                            "'approved automatically by standing approval %2:%'")
                                 .arg(p.id, rule)),
                 1);
        // The queue's history shows it as automatic.
        const QList<Proposal> decided = e.decided();
        const auto d = std::find_if(decided.cbegin(), decided.cend(), [&](const Proposal &x) { return x.id == p.id; });
        QVERIFY(d != decided.cend());
        QVERIFY(d->decisionReason.startsWith(QLatin1String("approved automatically by standing approval")));
        QCOMPARE(e.snapshot().decisionStats.total.automatic, 1);
        // Ended by the trader: the next entry waits again.
        QVERIFY(e.endStandingApproval(rule, QStringLiteral("done for the day")));
        QVERIFY(!e.endStandingApproval(rule, QStringLiteral("again")));
        const Proposal next = runUntilEntry(e);
        QVERIFY(!next.id.isEmpty());
        QVERIFY(pendingById(e, next.id));
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM standing_approvals WHERE id = '%1' AND ended_at IS NOT NULL"
                                            " AND end_reason = 'done for the day (trader)'").arg(rule)),
                 1);
        QString why;
        QVERIFY2(journalIntact(path, &why), qPrintable(why));
        QVERIFY(count(path, QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'standing'")) >= 3);
    }

    void aBreakerTripEndsTheStandingApprovals()
    {
        const QString path = m_dir.filePath(QStringLiteral("trip.db"));
        TradingEngine e(optionsFor(path, QStringLiteral("trip")));
        QVERIFY(e.open());
        StandingApproval guard;
        guard.kind = StandingApproval::Kind::NoAutomaticAfterTrip;
        QVERIFY(e.addStandingApproval(guard));
        StandingApproval exits;
        exits.kind = StandingApproval::Kind::Reducing;
        const QString exitsId = e.addStandingApproval(exits).value().id;
        QVERIFY(e.killSwitch(false)); // trips the kill-switch breaker
        const auto it = std::find_if(e.standingApprovals().cbegin(), e.standingApprovals().cend(),
                                     [&](const StandingApproval &a) { return a.id == exitsId; });
        QVERIFY(it != e.standingApprovals().cend());
        QVERIFY(it->endedAt.isValid());
        QVERIFY2(it->endReason.startsWith(QLatin1String("the kill_switch breaker tripped")), qPrintable(it->endReason));
        QVERIFY(it->endReason.contains(QLatin1String("nothing automatic after a breaker trip")));
        // The guard itself stands, and the record says the same after a restart.
        QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM standing_approvals WHERE ended_at IS NULL")), 1);
    }

    void aCommandLineStandingApprovalEndsWithItsRun()
    {
        const QString path = m_dir.filePath(QStringLiteral("cli.db"));
        {
            TradingEngine e(optionsFor(path, QStringLiteral("cli1")));
            QVERIFY(e.open());
            StandingApproval all;
            all.kind = StandingApproval::Kind::All;
            all.actor = QStringLiteral("sentinel-cli run --approve all");
            QVERIFY(e.addStandingApproval(all));
            // The run is killed: nothing ends the rule.
        }
        TradingEngine e(optionsFor(path, QStringLiteral("cli2")));
        QVERIFY(e.open());
        QCOMPARE(e.standingApprovals().size(), 1);
        QVERIFY(e.standingApprovals().front().endedAt.isValid());
        QCOMPARE(e.standingApprovals().front().endReason, QStringLiteral("the command-line run that set it is over"));
    }

    void aVetoTakesItsReasonAndItsShadowFollowsTheExitRules()
    {
        const QString path = m_dir.filePath(QStringLiteral("shadow.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("shadow"));
        o.desk.driftPct = Decimal();
        auto owner = std::make_unique<TradingEngine>(o);
        TradingEngine &e = *owner;
        QVERIFY(e.open());
        const Proposal p = runUntilEntry(e);
        QVERIFY(!p.id.isEmpty());
        const Decimal price = e.book().lastPrice(p.symbol);
        const QDate vetoSession = e.clock().lastCompletedSession;
        QVERIFY(e.veto(p.id, QStringLiteral("price"), QStringLiteral("chasing a gap")));
        QCOMPARE(e.shadows().size(), 1);
        const ShadowPosition opened = e.shadows().front();
        QCOMPARE(opened.proposalId, p.id);
        QCOMPARE(opened.cause, QStringLiteral("vetoed"));
        QCOMPARE(opened.reasonCode, QStringLiteral("price"));
        QCOMPARE(opened.entryPrice, price);
        QCOMPARE(opened.qty, p.qty);
        QCOMPARE(opened.stop, p.stopPrice); // the protective stop a real entry would rest
        // The shadow follows the exit rules, bar by bar: the same as the exit manager over the recorded bars.
        for (int i = 0; i < 60 && e.shadows().front().isOpen(); ++i)
            e.runSession();
        const ShadowPosition now = e.shadows().front();
        ExitState expect = ExitManager::open(opened.entryPrice, opened.qty, opened.atr, e.options().exits);
        expect.stop = opened.stop;
        expect.stopRule = ExitRule::AtrStop;
        std::optional<ExitFill> fill;
        Decimal exitPrice;
        bool atNextOpen = false;
        const QList<Bar> bars = e.bars().recentBars(p.symbol, e.completedSessions());
        for (const Bar &b : bars) {
            if (b.session <= vetoSession)
                continue; // before the veto
            if (atNextOpen) {
                exitPrice = b.open;
                break;
            }
            fill = ExitManager::onBar(expect, b.open, b.high, b.low, b.close, e.options().exits);
            if (fill) {
                if (fill->price.isValid() && fill->price.isPositive()) {
                    exitPrice = fill->price;
                    break;
                }
                atNextOpen = true;
            }
        }
        if (now.isOpen()) {
            QVERIFY(!exitPrice.isPositive());
            QCOMPARE(now.stop, expect.stop);
            QCOMPARE(now.barsHeld, expect.barsHeld);
        } else {
            QVERIFY(fill.has_value());
            QCOMPARE(now.exitRule, exitRuleId(fill->rule));
            QCOMPARE(now.exitPrice, exitPrice);
            QCOMPARE(now.pnl(), (exitPrice - opened.entryPrice) * opened.qty);
        }
        // The Decisions figures carry it under its reason and its strategy.
        const DecisionStats stats = e.snapshot().decisionStats;
        QCOMPARE(stats.total.vetoed, 1);
        QVERIFY(stats.total.shadows >= 1); // expired proposals have shadows too
        const auto reason = std::find_if(stats.byReason.cbegin(), stats.byReason.cend(), [](const DecisionStatsRow &r) { return r.group == QLatin1String("Price"); });
        QVERIFY(reason != stats.byReason.cend());
        QCOMPARE(reason->vetoed, 1);
        QCOMPARE(reason->shadows, 1);
        QCOMPARE(reason->shadowPnl, now.pnl());
        QVERIFY(reason->medianDecideS >= 0);
        // It survives a restart.
        const QString id = now.proposalId;
        const Decimal pnl = now.isOpen() ? Decimal::invalid() : now.pnl();
        QStringList order;
        for (const ShadowPosition &sh : e.shadows())
            order.append(sh.proposalId);
        owner.reset();
        TradingEngine again(optionsFor(path, QStringLiteral("shadow2")));
        QVERIFY(again.open());
        // All of them, in the order they opened (a shadow that moved keeps its place).
        QStringList restored;
        for (const ShadowPosition &sh : again.shadows())
            restored.append(sh.proposalId);
        QCOMPARE(restored, order);
        QCOMPARE(again.shadows().front().proposalId, id);
        if (pnl.isValid())
            QCOMPARE(again.shadows().front().pnl(), pnl);
    }

    void thePriceChartCarriesTheStrategysLinesAndTheMarks()
    {
        const QString path = m_dir.filePath(QStringLiteral("chart.db"));
        EngineOptions o = optionsFor(path, QStringLiteral("chart"));
        o.fixedStrategy = QStringLiteral("sma_cross");
        o.desk.driftPct = Decimal();
        TradingEngine e(o);
        QVERIFY(e.open());
        const Proposal p = runUntilEntry(e);
        QVERIFY(!p.id.isEmpty());
        QVERIFY(e.veto(p.id, QStringLiteral("size")));
        const PriceChartData c = e.priceChart(p.symbol, 60);
        QCOMPARE(c.symbol, p.symbol);
        QCOMPARE(c.strategy, QStringLiteral("sma_cross"));
        QCOMPARE(c.bars.size(), 60);
        QCOMPARE(c.bars.back().session, e.bars().lastBar(p.symbol).session);
        QCOMPARE(c.lines.size(), 2);
        QCOMPARE(c.lines[0].name, QStringLiteral("SMA 10"));
        QCOMPARE(c.lines[1].name, QStringLiteral("SMA 30"));
        // The lines are the strategy's own averages, bar for bar (warmed up before the first bar shown).
        const QList<Bar> history = e.bars().recentBars(p.symbol, 60 + 30);
        for (int i = 0; i < 60; ++i) {
            QCOMPARE(c.lines[1].values.size(), std::size_t(60));
            double sum = 0;
            for (int k = 0; k < 30; ++k)
                sum += history[history.size() - 60 + i - k].close.toDouble();
            QVERIFY(std::abs(c.lines[1].values[std::size_t(i)] - sum / 30) < 1e-6);
        }
        const auto veto = std::find_if(c.marks.cbegin(), c.marks.cend(), [](const ChartMark &m) { return m.kind == ChartMark::Vetoed; });
        QVERIFY(veto != c.marks.cend());
        QCOMPARE(veto->price, p.price);
        QVERIFY2(veto->text.contains(QLatin1String("Size")), qPrintable(veto->text));
        // An unknown symbol gives an empty chart, not an error.
        QVERIFY(e.priceChart(QStringLiteral("NOPE")).bars.isEmpty());
    }

    void theRubberStampGuardAsksForCareAndASecondLook()
    {
        DeskConfig c;
        c.deliberateShare = "0.04"_d;
        DeskGuard::Facts f;
        f.equity = Decimal::fromInt(100'000);
        f.notional = Decimal::fromInt(3'000);
        QVERIFY(DeskGuard::deliberateReasons(f, c).isEmpty());
        f.notional = Decimal::fromInt(4'001);
        QCOMPARE(DeskGuard::deliberateReasons(f, c), QStringList{QStringLiteral("it is large: 4.0 % of equity (above 4.0 %)")});
        f.firstInSymbol = true;
        f.firstAfterReset = true;
        QCOMPARE(DeskGuard::deliberateReasons(f, c).size(), 3);
        f.reducing = true; // an exit is never held up
        QVERIFY(DeskGuard::deliberateReasons(f, c).isEmpty());
        // Bad numbers give no false comfort: no equity, no share rule.
        DeskGuard::Facts none;
        none.notional = Decimal::fromInt(1);
        QVERIFY(DeskGuard::deliberateReasons(none, c).isEmpty());

        c.minLookSeconds = 2;
        c.blindStreak = 3;
        DeskGuard g(c);
        g.shown(QStringLiteral("a"), 0);
        QVERIFY(g.secondLook(QStringLiteral("a"), 500).startsWith(QLatin1String("You are approving 0.5 s after this ticket appeared")));
        QVERIFY(g.secondLook(QStringLiteral("a"), 2500).isEmpty());
        QVERIFY(g.secondLook(QStringLiteral("never-shown"), 10'000).startsWith(QLatin1String("You are approving 0.0 s")));
        // Two approvals without opening the ticket; the third asks.
        for (const char *id : {"a", "b"}) {
            g.shown(QLatin1String(id), 0);
            QVERIFY(g.secondLook(QLatin1String(id), 5000).isEmpty());
            g.approved(QLatin1String(id));
        }
        g.shown(QStringLiteral("c"), 0);
        QCOMPARE(g.secondLook(QStringLiteral("c"), 5000), QStringLiteral("This would be approval 3 in a row without opening the ticket."));
        // Opening the ticket is the cure, and resets the streak.
        g.opened(QStringLiteral("c"));
        QVERIFY(g.secondLook(QStringLiteral("c"), 5000).isEmpty());
        g.approved(QStringLiteral("c"));
        QCOMPARE(g.blindApprovals(), 0);
        g.shown(QStringLiteral("d"), 0);
        QVERIFY(g.secondLook(QStringLiteral("d"), 5000).isEmpty());
        // A second look taken counts as a look.
        g.shown(QStringLiteral("e"), 10'000);
        QVERIFY(!g.secondLook(QStringLiteral("e"), 10'100).isEmpty());
        g.lookedAgain(QStringLiteral("e"), 10'100);
        QVERIFY(g.secondLook(QStringLiteral("e"), 10'100).isEmpty());
    }

    void theDeskSettingsAreReadWithTheirLimits()
    {
        const AppSettings s = AppSettings::fromJson(
            R"({"desk":{"deliberate_share_pct":2.5,"countdown_s":5,"min_look_s":1,"blind_streak":4,"expiry_minutes":5,"drift_pct":1.5,"sound":true}})");
        QVERIFY2(s.warnings.isEmpty(), qPrintable(s.warnings.join(QLatin1Char('\n'))));
        QCOMPARE(s.desk.deliberateShare, "0.025"_d);
        QCOMPARE(s.desk.countdownSeconds, 5);
        QCOMPARE(s.desk.minLookSeconds, 1);
        QCOMPARE(s.desk.blindStreak, 4);
        QCOMPARE(s.desk.expiryMinutes, 5);
        QCOMPARE(s.desk.driftPct, "0.015"_d);
        QVERIFY(s.desk.sound);
        QVERIFY(s.desk.notifications);
        QCOMPARE(s.engineOptions(QStringLiteral("x.db")).desk.expiryMinutes, 5);
        const AppSettings bad = AppSettings::fromJson(R"({"desk":{"drift_pct":-1,"countdown_s":"x","sound":"loud"}})");
        QCOMPARE(bad.warnings.size(), 3);
        QCOMPARE(bad.desk.driftPct, DeskConfig().driftPct);
        QVERIFY(!bad.desk.sound);
        QCOMPARE(AppSettings::fromJson(R"({"desk":[]})").warnings.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDesk)
#include "tst_desk.moc"
