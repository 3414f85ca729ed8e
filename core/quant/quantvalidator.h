// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"
#include "domain/enums.h"

#include <QList>
#include <QString>

/// One factor of the quant validation, as shown on a proposal.
struct QuantFactor
{
    QString name;     ///< expectancy, sharpe, max_drawdown, volatility_regime
    double value = 0; ///< the measured number
    double multiplier = 1.0;
    QString note;
};

/// The quant stage's judgement of a signal (SPEC §2.3).
struct QuantResult
{
    double confidenceIn = 0;
    double confidenceOut = 0; ///< clamped to [0, 1]
    int trades = 0;           ///< the strategy's own trades over the lookback, in the signal's direction
    QList<QuantFactor> factors;
    QString summary() const;
};

/// Scores the picked strategy's own edge on this symbol: a backtest of that
/// strategy over the lookback bars with the same engine and fill rules, in the
/// signal's direction (long trades for a BUY, short trades for a SELL), then
/// scales the confidence (a factor with too few trades to measure stays at ×1,
/// and says so): expectancy ≤ 0 → ×0.8; Sharpe of the trade returns
/// < 0.8 → ×max(0.5, Sharpe/0.8), negative → ×0.25; max drawdown > 15 % →
/// ×0.15/DD; 20-bar volatility over its own mean > 2 → ×0.7.
class QuantValidator
{
public:
    static QuantResult validate(const QString &strategy, const QList<Bar> &bars, SignalDirection direction, double confidence);
};
