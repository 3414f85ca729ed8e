// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "domain/bar.h"
#include "domain/desk.h"
#include "domain/equitypoint.h"
#include "domain/fill.h"
#include "domain/recondifference.h"
#include "domain/order.h"
#include "domain/proposal.h"
#include "domain/signal.h"
#include "execution/exitmanager.h"
#include "execution/orderintent.h"
#include "pipeline/iterationsummary.h"
#include "risk/circuitbreaker.h"
#include "risk/tradingguard.h"
#include "strategy/strategyhealth.h"

#include <QList>
#include <QStringList>

#include <functional>

/// Writes and reads Sentinel's records over one thread's Database. Every
/// write returns a Status; a failed write is logged with its SQL error.
struct AuditNarrative;
struct ModelExchange;

class TradeStore
{
public:
    explicit TradeStore(Database &db);

    Status begin();
    Status commit();
    void rollback();
    /// Runs `body` in one transaction: commits when it succeeds, rolls back otherwise.
    /// Nested calls join the outer transaction; a failure inside fails the outer one.
    Status transaction(const std::function<Status()> &body);
    bool inTransaction() const { return m_depth > 0; }

    Status beginRun(const QString &id, const QString &kind, const QString &params);
    /// The venue's simulated time, recorded beside the UTC wall time where there is one (one clock).
    void setSimulatedClock(std::function<QDateTime()> now) { m_simNow = std::move(now); }
    /// Starts the hash-chained journal if this record has none yet (records before it are not covered).
    Status startJournal();
    /// Every exchange with a model; the key is never part of one.
    Status recordModelExchange(const ModelExchange &x, int sessionIndex);
    /// The latest usable answer recorded for this prompt version and input (the replay cache).
    std::optional<ModelExchange> findReplay(const QString &promptVersion, const QString &inputHash) const;
    Status recordNarrative(const AuditNarrative &n);
    QList<AuditNarrative> loadNarratives(int limit) const;
    Status finishRun(const QString &id, const QString &status, const QString &error);
    /// Marks runs left 'running' by a process that died as failed, with why; returns how many.
    int closeStaleRuns();
    Status recordIteration(const IterationSummary &it, const QString &runId);
    Status recordDataIssue(const QString &correlationId, const QString &symbol, const QString &reason);
    Status recordBars(const QList<Bar> &bars);
    /// Every recorded bar, per symbol in session order.
    QList<Bar> loadBars() const;
    Status recordSignal(const Signal &s);
    Status recordProposal(const Proposal &p);
    Status updateProposal(const Proposal &p);
    Status recordVerdict(const QString &proposalId, const QString &stage, const RiskVerdict &v);
    /// A decision and who made it: `actor` empty is the trader (the login name); otherwise a
    /// standing rule or the system, e.g. "standing_approval", "kill_switch", "reconciliation".
    /// "proposal X was already decided: approved by Y at T", or empty when it was not.
    QString decidedBy(const QString &proposalId) const;
    /// `detail` (a veto's code and note, the time to decide, the standing rule) is recorded and journaled with it.
    Status recordDecision(const QString &proposalId, const QString &decision, const QString &reason, const QString &actor = {},
                          const DecisionDetail *detail = nullptr);
    /// A standing approval, as set or as ended (journaled each time).
    Status recordStanding(const StandingApproval &a);
    /// Every standing approval, oldest first.
    QList<StandingApproval> loadStanding() const;
    /// A shadow position, as opened or as it moved (not journaled: it is derived from the record).
    Status saveShadow(const ShadowPosition &s);
    /// Every shadow position, oldest first.
    QList<ShadowPosition> loadShadows() const;
    /// The Decisions view's figures from the whole record (`shadows` as loaded, with their latest prices).
    DecisionStats decisionStats(const QList<ShadowPosition> &shadows) const;
    /// Inserts or updates the order and appends a status event.
    Status recordOrder(const Order &o);
    /// Records a fill once: a fill id seen before is ignored (a broker may report it twice).
    /// Records a fill once (a repeat of its id is ignored; `inserted` says which).
    Status recordFill(const Fill &f, bool *inserted = nullptr);
    bool hasOrder(const QString &id) const;
    /// Fills the round-trip trades of a record written before they were kept (once).
    Status rebuildTrades();
    /// Records (and journals) the settings an engine runs with when they differ from
    /// the last recorded ones; `actor` is who started it.
    Status recordSettings(const QString &settings, const QString &actor = {});
    /// An approval with an edit: the order as proposed and as edited (call inside the approval's transaction).
    struct ApprovalEditRecord
    {
        Decimal originalQty, originalStop, originalPrice, editedQty, editedStop, limitPrice;
        QString summary;
        QString actor; ///< empty: the trader
    };
    Status recordApprovalEdit(const QString &proposalId, const ApprovalEditRecord &edit);
    /// The edits recorded for a proposal, oldest first.
    QList<ApprovalEditRecord> approvalEdits(const QString &proposalId) const;
    Status recordEquity(const EquityPoint &p);
    Status setState(const QString &key, const QString &value);
    QString state(const QString &key, const QString &fallback = {}) const;

    Status recordBreakerEvent(const BreakerEvent &e);
    Status saveGuard(const TradingGuard::Persisted &g);
    /// False when nothing was saved yet.
    bool loadGuard(TradingGuard::Persisted &g) const;
    Status reserve(const QString &proposalId, const QString &symbol, int tier, Decimal notional);
    Status release(const QString &proposalId);
    struct Reservation
    {
        QString proposalId;
        QString symbol;
        int tier = 3;
        Decimal notional;
    };
    QList<Reservation> loadReservations() const;
    /// Journals a new order intent (see OrderIntent).
    Status journalIntent(const OrderIntent &i);
    /// Its new state, quantity, broker order id and reason.
    Status updateIntent(const OrderIntent &i);
    /// Intents not yet final, in journal order.
    QList<OrderIntent> loadOpenIntents() const;
    std::optional<OrderIntent> loadIntent(const QString &clientOrderId) const;
    qint64 lastIntentSeq() const;
    Status setLastExit(const QString &symbol, int sessionIndex);
    QHash<QString, int> loadLastExits() const;
    QList<BreakerEvent> loadBreakerEvents(int limit) const;
    Status saveExit(const QString &symbol, const ExitState &s);
    Status removeExit(const QString &symbol);
    QHash<QString, ExitState> loadExits() const;
    Status saveHealth(const StrategyHealth &h, const QString &strategy);
    void loadHealth(StrategyHealth &h) const;

    QList<Fill> loadFills() const;
    /// Net quantity per symbol bought and sold by Sentinel's own orders (fills of external orders excluded).
    QHash<QString, Decimal> ownPositions() const;

    /// Journals a reconciliation difference (a new one, or its resolution).
    Status recordDifference(const ReconDifference &d);
    /// Differences, newest first; only the open ones when `openOnly`.
    QList<ReconDifference> loadDifferences(bool openOnly, int limit = 500) const;
    QList<Order> loadOrders(const QString &where = {}, int limit = -1) const;
    QStringList loadClientOrderIds() const;
    /// Newest change first, unless `oldestFirst`: then in the order they were recorded.
    QList<Proposal> loadProposals(const QString &where, int limit = -1, bool oldestFirst = false) const;
    QList<EquityPoint> loadEquityCurve() const;
    QList<RiskVerdict> loadVerdicts(const QString &proposalId) const;

private:
    Status applyToTrades(const Fill &f);
    Status exec(class QSqlQuery &q, const char *what) const;
    Status recordDecisionDetail(const QString &decisionId, const QString &proposalId, const DecisionDetail &d);
    Database &m_db;
    int m_depth = 0;
    QString m_innerFailure;
    std::function<QDateTime()> m_simNow;
};
