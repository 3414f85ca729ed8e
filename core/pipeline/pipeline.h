// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "data/barsource.h"
#include "domain/proposal.h"
#include "domain/signal.h"
#include "iterationsummary.h"
#include "risk/riskengine.h"
#include "strategy/strategyregistry.h"

#include <QSet>

/// One iteration of data → strategy → quant → risk over a universe, as a pure
/// function of its inputs: the same inputs give the same signals and
/// proposals in demo, paper, live and backtest. Recording, approval and
/// execution are the caller's (TradingEngine's), which writes the output
/// before acting on it.
///
class Pipeline
{
public:
    struct Options
    {
        int lookbackBars = 300;
        QString benchmark = QStringLiteral("SPY");
        int atrPeriod = 14;
        QString fixedStrategy; ///< non-empty: this strategy for every symbol instead of the selector (replays, parity)
    };

    struct Input
    {
        const BarSource *source = nullptr;
        QStringList symbols;
        RiskContext portfolio;          ///< account, positions and desk state at the bar close
        QDate expectedSession;          ///< the latest completed session; invalid: freshness not checked
        QSet<QString> blockedSymbols;   ///< symbols with a pending proposal
        /// "strategy|symbol|direction" runs the trader vetoed: the same call is
        /// not proposed again until the signal's run ends.
        QSet<QString> vetoedRuns;
        int sessionIndex = 0;
        QDate session;
        QDateTime now;
        QString correlationId;
    };

    struct DataIssue
    {
        QString symbol;
        QString reason;
    };

    struct Output
    {
        IterationSummary summary;
        QList<Signal> signals;        ///< every BUY or SELL the coded rules produced
        QList<Proposal> proposals;    ///< sized and checked; REJECTed ones carry status RejectedByRisk
        QList<DataIssue> dataIssues;  ///< symbols skipped this iteration, with why
    };

    Pipeline(const RiskEngine &risk, const StrategyRegistry &strategies, Options options);
    Pipeline(const RiskEngine &risk, const StrategyRegistry &strategies);
    Output run(const Input &input) const;

private:
    const RiskEngine &m_risk;
    const StrategyRegistry &m_strategies;
    Options m_options;
};
