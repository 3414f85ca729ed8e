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
#include "strategy/strategyregistry.h"

#include <deque>
#include <memory>
#include <vector>

/// Demo-mode trading: the simulated market and broker, the pipeline, the
/// approval queue and the records, driven one clock tick at a time. It is a
/// plain object with no thread of its own: the GUI runs it on a worker
/// thread (EngineWorker), the command line on its main thread. Every record
/// is written before the next step acts on it; approval is recorded before
/// the order is sent.
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
    /// recorded: market position, cash, positions, open orders, the queue.
    Status open();
    bool isOpen() const { return m_open; }

    /// Advances the clock one tick: marks prices, triggers stops and, when a
    /// session completes, records the bars and runs one pipeline iteration.
    void tick();
    /// Ticks until the current session completes.
    void runSession();

    /// Re-checks the proposal against fresh state, records the approval and
    /// the re-check, then sends the order.
    Status approve(const QString &proposalId);
    /// Records a veto; a veto needs a reason.
    Status veto(const QString &proposalId, const QString &reason);
    /// Ends the run record (status ok, or failed with its reason).
    void finish(const QString &status, const QString &error = {});

    EngineSnapshot snapshot() const;
    const QList<EquityPoint> &equityCurve() const { return m_equity; }
    const QList<Proposal> &pending() const { return m_pending; }
    const std::vector<double> &iterationMs() const { return m_iterationMs; }
    Counters counters() const;
    const SimulatedMarket &market() const { return *m_market; }
    const SimulatedBroker &broker() const { return m_broker; }
    const EngineOptions &options() const { return m_options; }
    QString modeLabel() const;

private:
    void onSessionClosed();
    void runIteration(int sessionIndex, const QDate &session);
    void recordEquityPoint();
    void expireStaleProposals();
    Status recordUpdate(const BrokerUpdate &update);
    void remember(const BrokerUpdate &update);
    void markDecided(const Proposal &p);
    RiskContext riskContext() const;
    Status submitAndRecord(const OrderRequest &request, Decimal price, BrokerUpdate &out);

    EngineOptions m_options;
    Database m_db;
    TradeStore m_store;
    std::unique_ptr<SimulatedMarket> m_market;
    SimulatedBroker m_broker;
    RiskEngine m_risk;
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
};
