// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "data/simulatedmarket.h"
#include "domain/equitypoint.h"
#include "enginesnapshot.h"
#include "engineoptions.h"
#include "execution/simulatedbroker.h"
#include "persistence/database.h"
#include "persistence/tradestore.h"
#include "pipeline.h"
#include "risk/riskengine.h"
#include "risk/tradingguard.h"
#include "strategy/strategyregistry.h"

#include <deque>
#include <memory>
#include <vector>

/// How an approval ended.
struct ApprovalOutcome
{
    enum Kind { Sent, Held, Changed, Rejected, Failed };
    Kind kind = Failed;
    QString message;
    bool ok() const { return kind == Sent || kind == Held; }
};

/// Demo-mode trading: the simulated market and broker, the pipeline, the
/// trading guard, the approval queue and the records, driven one clock tick at
/// a time. A plain object with no thread of its own: the GUI runs it on a
/// worker thread (EngineWorker), the command line on its main thread. Every
/// record is written before the next step acts on it; an approval is recorded
/// before its order is sent.
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

    /// Advances the clock one tick: marks prices, triggers stops, sends held
    /// orders once the market is open, updates the guard and, when a session
    /// completes, records the bars and runs one pipeline iteration.
    void tick();
    /// Ticks until the current session completes.
    void runSession();

    /// Re-checks the proposal against this moment's account and price. When the
    /// re-check changes the order, nothing is sent: the proposal shows the new
    /// verdict and waits for another approval. Otherwise the approval is recorded
    /// and the order sent (or held until the market opens).
    ApprovalOutcome approve(const QString &proposalId);
    /// Records a veto; a veto needs a reason.
    Status veto(const QString &proposalId, const QString &reason);
    /// Halts trading, cancels open entry orders and, if asked, closes every position.
    Status killSwitch(bool flattenAll, const QString &actor = QStringLiteral("operator"));
    /// The operator's reset of one breaker by name (model, data, equity, broker, kill_switch).
    Status resetBreaker(const QString &name, const QString &actor = QStringLiteral("operator"));
    /// Lifts a strategy's suspension and starts a fresh 20-signal window.
    Status reenableStrategy(const QString &strategy, const QString &actor = QStringLiteral("operator"));
    const StrategyHealth &health() const { return m_health; }
    /// Ends the run record (status ok, or failed with its reason).
    void finish(const QString &status, const QString &error = {});

    EngineSnapshot snapshot() const;
    const QList<EquityPoint> &equityCurve() const { return m_equity; }
    const QList<Proposal> &pending() const { return m_pending; }
    const std::vector<double> &iterationMs() const { return m_iterationMs; }
    Counters counters() const;
    const SimulatedMarket &market() const { return *m_market; }
    const SimulatedBroker &broker() const { return m_broker; }
    const TradingGuard &guard() const { return m_guard; }
    const EngineOptions &options() const { return m_options; }
    const QList<OrderRequest> &heldOrders() const { return m_held; }
    const QHash<QString, ExitState> &exits() const { return m_exits; }
    QString modeLabel() const;
    /// The full risk context for a symbol now; `self` is the proposal being re-checked.
    RiskContext riskContext(const QString &symbol, const Proposal *self = nullptr) const;

private:
    void onSessionClosed();
    void runIteration(const QDate &session);
    void recordEquityPoint();
    void expireStaleProposals();
    void applyGuardEvents(const QList<BreakerEvent> &events);
    Status recordUpdate(const BrokerUpdate &update);
    void remember(const BrokerUpdate &update);
    void markDecided(const Proposal &p);
    Status send(const OrderRequest &request, BrokerUpdate &out);
    void releaseHeldOrders();
    void cancelEntries(const QString &why);
    double regimeScalar() const;
    /// The session the clock is in: the one in progress while open, the one just completed after the close.
    int currentSessionIndex() const;
    double atrOf(const QString &symbol) const;
    void monitorExits();
    void proposeExit(const QString &symbol, ExitState &state, ExitRule rule, Decimal price);
    void raiseBrokerStop(const QString &symbol, const ExitState &state);
    void scoreSignals();
    void actOnBudgetStress();
    int submitsLastMinute() const;

    EngineOptions m_options;
    Database m_db;
    TradeStore m_store;
    std::unique_ptr<SimulatedMarket> m_market;
    SimulatedBroker m_broker;
    RiskEngine m_risk;
    TradingGuard m_guard;
    StrategyRegistry m_strategies;
    Pipeline m_pipeline;
    QString m_runId;
    bool m_open = false;
    QList<Proposal> m_pending;
    std::deque<Proposal> m_decided;
    std::deque<Order> m_orders;
    std::deque<Fill> m_fills;
    int m_fillCount = 0;
    QList<EquityPoint> m_equity;
    IterationSummary m_lastIteration;
    std::vector<double> m_iterationMs;
    QHash<QString, TradeStore::Reservation> m_reservations; ///< by proposal id
    QList<OrderRequest> m_held;                              ///< approved, waiting for the open or the rate
    QHash<QString, int> m_lastExit;
    QHash<QString, ExitState> m_exits;                       ///< by symbol, for every open position
    StrategyHealth m_health;
    struct ScoredSignal
    {
        Signal signal;
        int dueSession = 0;
    };
    std::deque<ScoredSignal> m_toScore;                      ///< new signals, judged kHealthHorizon sessions later
    QHash<QString, SignalDirection> m_lastDirection;         ///< strategy|symbol → the previous session's direction
    int m_ordersToday = 0;
    double m_regime = 1.0;
    mutable std::deque<qint64> m_submitTimes;                ///< simulated-clock ms of recent submits
};
