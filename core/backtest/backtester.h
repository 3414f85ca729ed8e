// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "bartable.h"
#include "execution/exitmanager.h"
#include "risk/riskconfig.h"

#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

#include <atomic>
#include <functional>
#include <limits>

/// How a backtest trades. Costs are off by default.
struct BacktestOptions
{
    enum class Approval { All, ReducingOnly };
    enum class Sizing { FixedQty, Risk };
    enum class Direction { Long, Short };

    QString strategy = QStringLiteral("sma_cross");
    QMap<QString, QString> params;     ///< e.g. fast=10, slow=30
    Sizing sizing = Sizing::FixedQty;
    Decimal qty = Decimal::fromInt(10);
    Decimal cash = Decimal::fromInt(100'000);
    ExitConfig exits;                  ///< stop-loss, ATR stop, breakeven, trailing, take-profit, time
    bool riskOn = true;                ///< the risk engine and trading guard decide every order
    RiskConfig risk;
    Approval approval = Approval::All;
    /// Short: SELL signals enter and BUY signals exit (for scoring a strategy's SELL edge; risk off only).
    Direction direction = Direction::Long;
    std::size_t firstBar = 0; ///< bars before this index only warm the strategy up
    /// A window of the calendar (days since 1970-01-01): sessions before `firstDay` only
    /// warm the strategy up (no entries, no equity points), sessions after `lastDay`
    /// are not run. The sweep's in-sample and out-of-sample runs are such windows.
    std::int32_t firstDay = std::numeric_limits<std::int32_t>::min();
    std::int32_t lastDay = std::numeric_limits<std::int32_t>::max();
    Decimal commissionPerShare;
    Decimal commissionPct;             ///< of notional, 0.001 = 0.1 %
    Decimal slippageBps;               ///< against the trader, in basis points
};

/// One round trip. The exit fields are empty for a position still open at the end.
struct BacktestTrade
{
    QString symbol;
    QDate entryDate;
    Decimal entryPrice;
    Decimal qty;
    QDate exitDate;
    Decimal exitPrice;
    QString exitReason; ///< signal, stop, take_profit, trailing, time, budget or open
    Decimal pnl;        ///< after costs; zero while open
};

struct BacktestMetrics
{
    double totalReturn = 0;
    double cagr = 0;
    double sharpe = 0;
    double sortino = 0;
    double maxDrawdown = 0;
    double winRate = 0;
    double profitFactor = 0;
    double exposure = 0; ///< fraction of days with at least one position
    int trades = 0;      ///< closed round trips
};

struct BacktestResult
{
    bool cancelled = false;
    std::size_t bars = 0;  ///< symbol-bars processed
    Decimal finalEquity;
    QList<BacktestTrade> trades;
    QList<QPair<QDate, Decimal>> equity;
    BacktestMetrics metrics;
    int ordersRejectedByRisk = 0;
    int ordersResized = 0;
    int fillsRejected = 0; ///< fills the cash could not pay for at the open
};

/// Runs a strategy over stored bars with a simulated broker and clock. The
/// fill rules: a market order submitted at bar t fills at the open of t+1; a
/// resting stop fills at the open if the open gaps through it, else at the stop
/// price if the bar's low reaches it; a limit order fills symmetrically. With
/// risk on, every entry goes through the same RiskEngine and TradingGuard as
/// live trading, in a context built from the simulated account. Deterministic:
/// the same inputs give the same trades, byte for byte.
class Backtester
{
public:
    explicit Backtester(BacktestOptions options);
    /// `progress(done, total)` is called now and then; `cancel` stops the run.
    BacktestResult run(const BarTable &data, const std::function<void(std::size_t, std::size_t)> &progress = {},
                       const std::atomic_bool *cancel = nullptr) const;
    static BacktestMetrics metrics(const QList<QPair<QDate, Decimal>> &equity, const QList<BacktestTrade> &trades, double exposure);

private:
    BacktestOptions m_options;
};
