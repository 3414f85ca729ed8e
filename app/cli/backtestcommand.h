// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backtest/backtester.h"
#include "backtest/bartable.h"
#include "util/result.h"

#include <QCommandLineOption>
#include <QStringList>

class QCommandLineParser;
class QTextStream;

/// The options `backtest` and `sweep` share: the data, the strategy, sizing,
/// cash, exits, risk and costs. read() checks them and names the first problem.
struct BacktestCli
{
    BacktestCli();
    void addTo(QCommandLineParser &parser) const;
    Result<BacktestOptions> read(const QCommandLineParser &parser) const;
    /// Loads --data (through the bar cache unless --bar-cache off), printing bad rows
    /// to stderr; fails when nothing usable is there.
    struct Loaded
    {
        BarTable table;
        double seconds = 0;
    };
    Result<Loaded> load(const QCommandLineParser &parser) const;

    QCommandLineOption barCache, data, strategy, param, qty, sizing, cash, stopLoss, takeProfit, trailing, breakeven, atrStop, maxBars, risk, approve,
        config, perShare, pct, bps;
};

/// `sentinel-cli backtest`: runs a strategy over a folder of CSV bars with the
/// simulated broker and (unless --risk off) the risk engine. Returns 0, or 2
/// for bad arguments or an unreadable folder; bad rows are reported and skipped.
int runBacktestCommand(const QStringList &arguments);

/// `sentinel-cli sweep`: every combination of a parameter grid, with the full
/// risk engine, on worker threads sharing the parsed bars; one CSV row per
/// combination, ranked, with optional walk-forward (in- and out-of-sample).
int runSweepCommand(const QStringList &arguments);
