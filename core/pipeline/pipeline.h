// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "data/barsource.h"
#include "domain/proposal.h"
#include "domain/signal.h"
#include "model/modelprompt.h"
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

    /// What a model chose for this iteration's symbols (empty when no model is configured).
    struct ModelSelection
    {
        bool asked = false;   ///< a model (or its recording) was asked; false: the deterministic selector, by design
        QString selector;     ///< "openai/gpt-4o-mini", or "replay of …"
        QHash<QString, modelprompt::ModelChoice> choices; ///< valid choices by symbol
        QHash<QString, QString> fallbackWhy;              ///< symbol → why its choice was refused
        QString fallbackAll;  ///< why no choice was usable (timeout, breaker open, invalid answer …)
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
        ModelSelection selection;
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
        int modelChoices = 0;         ///< symbols whose strategy the model chose
        int modelFallbacks = 0;       ///< symbols for which the deterministic selector stood in
    };

    Pipeline(const RiskEngine &risk, const StrategyRegistry &strategies, Options options);
    Pipeline(const RiskEngine &risk, const StrategyRegistry &strategies);
    Output run(const Input &input) const;
    /// The selection context of every symbol with valid data (what a model is asked).
    QList<modelprompt::SelectionItem> selectionItems(const Input &input) const;

private:
    const RiskEngine &m_risk;
    const StrategyRegistry &m_strategies;
    Options m_options;
};
