// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/account.h"
#include "domain/fill.h"
#include "domain/order.h"
#include "domain/position.h"
#include "domain/bar.h"
#include "domain/desk.h"
#include "domain/proposal.h"
#include "risk/riskconfig.h"
#include "risk/riskrequest.h"
#include "iterationsummary.h"
#include "model/narrative.h"

#include <QDateTime>
#include "domain/recondifference.h"

#include <QList>

/// What a pending proposal's ticket needs to re-check the trader's edits on the GUI
/// thread, without asking the engine: the risk context and price of the moment the
/// snapshot was taken, and the last 60 completed bars for its chart. The engine checks
/// again, authoritatively, when the approval arrives.
struct ProposalTicket
{
    QString proposalId;
    RiskContext context;
    Decimal lastPrice;
    Decimal takeProfit; ///< the bracket's take-profit leg if it were sent at lastPrice (zero: none)
    QList<Bar> bars;
    QDateTime expiresAt;      ///< the venue time the ticket expires at
    qint64 waitFloorMs = 0;   ///< wall-clock time it still waits at least, whatever the venue's clock
    bool firstInSymbol = false;   ///< no entry in this symbol was approved before (the rubber-stamp guard)
    bool firstAfterReset = false; ///< a breaker was reset since the trader's last approval
};

/// A breaker as the ui shows it.
struct BreakerView
{
    QString name;
    BreakerState state = BreakerState::Closed;
    QString reason;
    QDateTime trippedAt;
    bool operatorResetOnly = false;
};

/// Room left under the main limits, for the Risk dock.
struct RiskHeadroom
{
    Decimal grossExposure;
    Decimal grossCap;
    Decimal dailyLoss;        ///< fraction of start-of-session equity lost (negative: gained)
    Decimal dailyLossLimit;
    int openPositions = 0;
    int maxOpenPositions = 0;
    int ordersToday = 0;
    int maxOrdersPerDay = 0;
    Decimal highWaterMark;
    Decimal drawdown;         ///< fraction below the high-water mark
    Decimal drawdownLimit;
};

/// Committed capital of one symbol against its fixed budget (SPEC §5).
struct BudgetStress
{
    QString symbol;
    Decimal committed;
    Decimal budget;
    double stress = 0.0; ///< committed ÷ budget
};

/// A position's exit levels, excursions and the rule nearest to firing.
struct PositionExit
{
    QString symbol;
    Decimal stop;
    QString stopRule;
    Decimal target;
    Decimal trailing;  ///< the stop when trailing set it, else zero
    Decimal mfe;
    Decimal mae;
    int barsHeld = 0;
    QString nextRule;
};

/// One strategy's rolling directional accuracy.
struct StrategyHealthView
{
    QString strategy;
    int scored = 0;
    double accuracy = 0.0;
    bool suspended = false;
};

/// What the engine publishes to the ui, by value, a few times a second.
struct EngineSnapshot
{
    QString modeLabel;
    QDateTime clock;
    QDate session;
    bool marketOpen = false;
    int completedSessions = 0;
    QString failure; ///< why the engine stopped acting, if it did
    bool paused = false;
    TradingState state = TradingState::Active;
    Account account;
    QList<Position> positions;
    QList<Proposal> pending;   ///< awaiting the operator, oldest first
    QList<Proposal> decided;   ///< most recent first
    QList<ProposalTicket> tickets; ///< one per pending proposal, in the same order
    RiskConfig riskConfig;         ///< the limits the engine checks with
    DeskConfig desk;               ///< expiry, the rubber-stamp guard, notifications
    QList<StandingApproval> standing; ///< standing first, then the ended ones (newest first, up to 20)
    DecisionStats decisionStats;   ///< the Decisions view
    QList<ShadowPosition> shadows; ///< open first, then the latest closed (up to 200)
    QList<Order> orders;       ///< most recent first
    QList<Fill> fills;         ///< most recent first
    int heldOrders = 0;
    IterationSummary lastIteration;
    int equityPoints = 0;
    QList<BreakerView> breakers;
    RiskHeadroom headroom;
    QList<BudgetStress> budgets;
    QList<PositionExit> exits;
    QList<StrategyHealthView> health;
    /// Reconciliation: the open differences first, then the latest resolved ones.
    QList<ReconDifference> differences;
    QDateTime lastReconciled; ///< when the broker's state was last compared (invalid: not yet)
    bool simulated = true;    ///< the simulated venue (demo)
    bool live = false;        ///< real money
    bool brokerConnected = true;
    /// The audit narratives, newest first (up to 50), who writes them, and the model breaker.
    QList<AuditNarrative> narratives;
    QString narrator;
    QString modelBreaker;
};
Q_DECLARE_METATYPE(EngineSnapshot)
