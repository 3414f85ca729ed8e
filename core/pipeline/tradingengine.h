// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "data/barcache.h"
#include "domain/equitypoint.h"
#include "enginesnapshot.h"
#include "engineoptions.h"
#include "execution/brokerbook.h"
#include "execution/exitmanager.h"
#include "execution/ordermanager.h"
#include "persistence/database.h"
#include "persistence/tradestore.h"
#include "pipeline.h"
#include "risk/riskengine.h"
#include "risk/tradingguard.h"
#include "strategy/strategyregistry.h"
#include "approvaldesk.h"
#include "modeldesk.h"
#include "positionmonitor.h"
#include "pricechartdata.h"
#include "shadowbook.h"
#include "venue/venue.h"

#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

/// The orchestrator of trading over a venue's two seams (MarketData and
/// Broker). It owns the record, the venue, the book and bar cache, the
/// pipeline and the trading guard, and three parts that can each be read on
/// their own: the ApprovalDesk (queue, approve, veto, expiry), the
/// OrderManager (order lifecycle, order rate, held orders, stops) and the
/// PositionMonitor (exits, budget stress). It reacts to the venue's events:
/// quotes, closed sessions and broker reports.
/// A plain object with no thread of its own: the GUI runs it on a worker
/// thread (EngineWorker), the command line on its main thread. Every record is
/// written before the next step acts on it; an approval and its order intent
/// are recorded together before the order is sent. A session is complete only
/// together with its pipeline output. When a record cannot be written the
/// engine stops acting and says why (failure()).
class TradingEngine
{
public:
    struct Counters
    {
        int proposals = 0;       ///< queued for the operator
        int rejectedByRisk = 0;
        int approved = 0;
        int vetoed = 0;
        int expired = 0;
        int orders = 0;
        int fills = 0;
    };

    explicit TradingEngine(EngineOptions options);
    ~TradingEngine();

    /// Opens the database (creating or migrating it) and restores everything
    /// recorded: market position, cash, positions, open and held orders, the
    /// queue, breakers, high-water mark, budgets and reservations.
    Status open();
    bool isOpen() const { return m_open; }
    /// Open, and the broker's snapshot is in: the engine acts from here on.
    bool isReady() const { return m_open && m_resolved; }

    /// Asks the venue to move its clock one step (simulated and replayed
    /// venues; a live venue moves by itself). What happens arrives as events:
    /// prices mark the book, trigger stops and release held orders at the
    /// open; a closed session records its bars and runs one pipeline iteration.
    void tick();
    /// Ticks until the current session completes.
    void runSession();
    /// Waits (processing events) until every model request has its answer, at most `maxMs`.
    void settleModel(int maxMs);

    /// Re-checks the proposal against this moment's account and price. When the
    /// re-check changes the order, nothing is sent: the proposal shows the new
    /// verdict and waits for another approval. Otherwise the approval is recorded
    /// and the order sent (or held until the market opens).
    /// `ruleId`/`ruleText`: the standing approval that approves it (recorded as automatic).
    ApprovalOutcome approve(const QString &proposalId, const QString &source = QStringLiteral("approval"), const ApprovalEdit &edit = {},
                            const QString &ruleId = {}, const QString &ruleText = {});
    /// Records a veto with its reason code (vetoreason::codes()) and an optional note
    /// ("other" needs one), and opens its shadow position.
    /// `actor` empty: the trader (the login name); otherwise the standing rule that vetoed.
    Status veto(const QString &proposalId, const QString &code, const QString &note = {}, const QString &actor = {});
    /// Sets a standing approval (recorded and journaled) and applies it to the queue at once.
    /// "every order" is refused against a live venue.
    Result<StandingApproval> addStandingApproval(StandingApproval rule);
    /// Ends a standing approval (recorded and journaled).
    Status endStandingApproval(const QString &id, const QString &why, const QString &actor = QStringLiteral("trader"));
    const QList<StandingApproval> &standingApprovals() const { return m_standing; }
    /// Approvals the standing rules tried and could not make, with why (newest last).
    const QStringList &standingErrors() const { return m_standingErrors; }
    /// The Decisions view's figures, from the record.
    DecisionStats decisionStats() const;
    const QList<ShadowPosition> &shadows() const { return m_shadowBook->all(); }
    /// The price chart of `symbol`: its last `count` bars, the lines of the strategy that
    /// last proposed it, fills, vetoed and expired proposals, and the held position's stop and target.
    PriceChartData priceChart(const QString &symbol, int count = 120) const;
    /// Halts trading, cancels open entry orders and, if asked, closes every position.
    Status killSwitch(bool flattenAll, const QString &actor = QStringLiteral("operator"));
    /// The trader's cancel of one open order (an entry, or a protective stop, which
    /// leaves its position without a stop at the broker).
    Status cancelOrder(const QString &orderId);
    /// The trader's cancel-all: every entry order, open at the broker or held; the
    /// protective stops stay. Returns how many were open or held.
    int cancelAllEntries();
    /// The operator's reset of one breaker by name (model, data, equity, broker, kill_switch).
    Status resetBreaker(const QString &name, const QString &actor = QStringLiteral("operator"));
    /// Lifts a strategy's suspension and starts a fresh 20-signal window.
    Status reenableStrategy(const QString &strategy, const QString &actor = QStringLiteral("operator"));
    const StrategyHealth &health() const { return m_health; }
    /// Compares the record's positions and open orders with the broker's and
    /// journals every difference (trigger: start, reconnect, periodic, manual).
    /// Runs by itself at start, after every reconnect and every 5 minutes.
    void reconcile(const QString &trigger);
    /// The trader's choice for an open difference: adopt the broker's state,
    /// flatten (sell what the broker holds, or cancel an external order), or ignore.
    Status resolveDifference(const QString &id, ReconDifference::Resolution how, const QString &actor = QStringLiteral("trader"));
    /// Differences still open, newest first.
    const QList<ReconDifference> &openDifferences() const { return m_openDiffs; }
    /// Differences found since this process started.
    int differencesFound() const { return m_diffsFound; }
    /// Submits the broker resolved by look-up after a 422 "client_order_id must be unique".
    int duplicateSubmitsAvoided() const;
    /// Ends the run record (status ok, or failed with its reason).
    void finish(const QString &status, const QString &error = {});

    EngineSnapshot snapshot() const;
    const QList<EquityPoint> &equityCurve() const { return m_equity; }
    const QList<Proposal> &pending() const;
    /// The most recent decisions, newest first.
    QList<Proposal> decided() const;
    const std::vector<double> &iterationMs() const { return m_iterationMs; }
    Counters counters() const;
    /// The engine's view of the broker: account, positions, open orders.
    const BrokerBook &book() const { return m_book; }
    /// The venue's clock as last reported.
    const VenueClock &clock() const { return m_clock; }
    /// Sessions completed and recorded with their iteration.
    int completedSessions() const { return m_completed; }
    MarketData &marketData() { return *m_venue.data; }
    /// The completed bars received and recorded.
    const BarCache &bars() const { return *m_bars; }
    Broker &broker() { return *m_venue.broker; }
    /// The venue: its label, whether it is live, and (Alpaca) its REST client.
    const Venue &venue() const { return m_venue; }
    const TradingGuard &guard() const { return m_guard; }
    const EngineOptions &options() const { return m_options; }
    QList<OrderIntent> heldOrders() const { return m_orders ? m_orders->held() : QList<OrderIntent>(); }
    const OrderManager &orders() const { return *m_orders; }
    /// Why the engine stopped acting (a record could not be written); empty while it acts.
    const QString &failure() const { return m_failure; }
    const QHash<QString, ExitState> &exits() const;
    QString modeLabel() const;
    /// The model layer: its counters, label and recent narratives.
    const ModelDesk &modelDesk() const { return *m_modelDesk; }
    /// The full risk context for a symbol now; `self` is the proposal being re-checked.
    RiskContext riskContext(const QString &symbol, const Proposal *self = nullptr) const;

private:
    void connectVenue();
    void onBars(const QList<Bar> &bars);
    void onQuotes(const QList<Quote> &quotes, const VenueClock &clock);
    void onSessionClosed(const QDate &session, const QList<Bar> &bars, const VenueClock &clock);
    void onFill(const Fill &fill);
    void onPosition(const Position &position);
    Status recordOrderEffects(const Order &order, const OrderIntent *intent);
    void onIntentEnded(const OrderIntent &intent, const QString &why);
    /// After a transaction committed: staged intents go live, a halt cancels entries, ready orders go out.
    void afterCommit();
    void onBrokerReady();
    /// Closes that waited (for the broker's snapshot or the model's choices) run now, in order.
    void processDeferredCloses();
    /// The pipeline's input for the iteration at this session's close.
    Pipeline::Input iterationInput(const QDate &session) const;
    /// The iteration's and the day's audit narratives.
    void narrateSession(const QDate &session);
    void fail(const QString &why);
    /// Approves what the standing approvals allow (after every commit that may queue proposals).
    void applyStandingApprovals();
    const StandingApproval *standingRuleFor(const Proposal &p, const QDateTime &now) const;
    Status endStanding(StandingApproval &rule, const QString &why, const QString &actor);
    /// Withdrawn proposals' shadows (inside the caller's transaction).
    Status expireTickets(const QDateTime &now);
    void onBrokerState(const QList<Position> &positions, const QList<Order> &openOrders);
    Status saveRecordAdjustments();
    /// Sells a whole position through an approved, recorded reducing proposal.
    Status closePosition(const Position &pos, const QString &source, const QString &rationale);
    bool entryBlockedByReconciliation(const QString &symbol) const;
    Status runIteration(const QDate &session);
    Status recordEquityPoint();
    Status applyGuardEvents(const QList<BreakerEvent> &events);
    void rememberOrder(const Order &order);
    Status saveDecisionState();
    Status saveVetoedRuns();
    void loadDecisionState();
    double regimeScalar() const;
    /// The session the clock is in: the one in progress while open, the one just completed after the close.
    int currentSessionIndex() const;
    Status scoreSignals();
    Decimal priceOf(const QString &symbol) const;
    PositionMonitor::Moment moment() const { return {m_clock.now, m_completed}; }

    EngineOptions m_options;
    Database m_db;
    TradeStore m_store;
    Venue m_venue;
    QString m_venueLabel;
    BrokerBook m_book;
    std::unique_ptr<BarCache> m_bars;
    std::unique_ptr<OrderManager> m_orders;
    std::unique_ptr<ApprovalDesk> m_desk;
    std::unique_ptr<PositionMonitor> m_monitor;
    std::unique_ptr<ShadowBook> m_shadowBook;
    QList<StandingApproval> m_standing;
    QStringList m_standingErrors;
    QSet<QString> m_standingFailed;    ///< proposals a standing approval could not approve (not tried again)
    QSet<QString> m_approvedSymbols;   ///< symbols with an approved entry (the rubber-stamp guard's "first in symbol")
    bool m_resetSinceApproval = false; ///< a breaker was reset since the trader's last approval
    mutable DecisionStats m_stats;
    mutable QString m_statsKey;        ///< what the cached figures were computed from
    VenueClock m_clock;
    int m_completed = 0;
    bool m_fresh = false;
    bool m_haltRequested = false;
    bool m_ready = false;    ///< the broker's snapshot arrived
    bool m_resolved = false; ///< restart resolution done; the engine acts
    QString m_failure;
    RiskEngine m_risk;
    TradingGuard m_guard;
    StrategyRegistry m_strategies;
    Pipeline m_pipeline;
    QString m_runId;
    bool m_open = false;
    std::deque<Order> m_recentOrders;
    std::deque<Fill> m_fills;
    QList<Fill> m_fillsAwaitingOrder; ///< fills of Sentinel's orders that came before the order's first update
    int m_fillCount = 0;
    QList<EquityPoint> m_equity;
    IterationSummary m_lastIteration;
    std::vector<double> m_iterationMs;
    StrategyHealth m_health;
    struct ScoredSignal
    {
        Signal signal;
        int dueSession = 0;
    };
    std::deque<ScoredSignal> m_toScore;                      ///< new signals, judged kHealthHorizon sessions later
    QHash<QString, SignalDirection> m_lastDirection;         ///< strategy|symbol → the previous session's direction
    QSet<QString> m_vetoedRuns;                              ///< strategy|symbol|direction runs the trader vetoed
    double m_regime = 1.0;
    struct DeferredClose
    {
        QDate session;
        QList<Bar> bars;
        VenueClock clock;
    };
    std::deque<DeferredClose> m_deferredCloses;
    QHash<QString, Decimal> m_recordQty;       ///< net quantity per symbol from the recorded fills (+ adopted adjustments)
    QHash<QString, Decimal> m_recordAdjust;    ///< adjustments the trader adopted from the broker
    QList<ReconDifference> m_openDiffs;
    QList<ReconDifference> m_resolvedDiffs; ///< the latest 20 resolved, newest first
    QDateTime m_lastReconciled;
    QSet<QString> m_ignoredDiffs;              ///< signatures the trader chose to ignore
    QStringList m_reconTriggers;               ///< requests waiting for the broker's state
    QHash<QString, ReconDifference> m_candidates; ///< seen once; journaled when seen again
    int m_diffsFound = 0;
    bool m_brokerConnected = true;
    std::unique_ptr<QTimer> m_reconTimer;
    std::unique_ptr<ModelDesk> m_modelDesk;
    QList<modelprompt::Metric> m_iterationMetrics; ///< the last iteration's, for its narrative
};
