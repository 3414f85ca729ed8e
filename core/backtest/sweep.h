// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backtester.h"
#include "util/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

/// One parameter of a sweep and the values it takes, from "name=from:to:step"
/// (inclusive) or "name=a,b,c". Names: fast and slow (sma_cross), stop_loss_pct,
/// take_profit_pct, trailing_pct (in %), max_bars and qty.
struct SweepAxis
{
    QString name;
    QList<Decimal> values;

    static Result<SweepAxis> parse(const QString &text);
    static QStringList names();
};

/// What a sweep ranks by. Higher is better except for max_drawdown.
enum class SweepRank { Sharpe, Sortino, Cagr, TotalReturn, MaxDrawdown, WinRate, ProfitFactor };
std::optional<SweepRank> sweepRankFromName(const QString &name);
QString sweepRankName(SweepRank rank);
QStringList sweepRankNames();
double sweepRankValue(const BacktestMetrics &m, SweepRank rank);

struct SweepSpec
{
    BacktestOptions base;        ///< the options every combination starts from
    QList<SweepAxis> axes;       ///< the grid: every combination of their values
    int jobs = 1;                ///< worker threads
    SweepRank rank = SweepRank::Sharpe;
    /// Walk-forward: sessions from this day on are out of sample. Every combination
    /// runs twice, on the in-sample window and on the out-of-sample one (warmed up on
    /// the sessions before it), and is ranked on the in-sample run only.
    std::optional<std::int32_t> outOfSampleFrom;
};

/// One combination's outcome.
struct SweepRow
{
    int index = 0;               ///< its place in the grid (the last axis varies fastest)
    QList<Decimal> values;       ///< one per axis
    QString skipped;             ///< why it was not run (e.g. fast ≥ slow); empty when run
    BacktestMetrics inSample;    ///< the whole range when there is no walk-forward
    Decimal inSampleEquity;
    std::optional<BacktestMetrics> outOfSample;
    Decimal outOfSampleEquity;
    int rank = 0;                ///< 1 = best in sample; 0 when skipped
};

struct SweepResult
{
    bool cancelled = false;
    QList<SweepRow> rows;        ///< in grid order
    int combinations = 0;
    int run = 0;                 ///< backtests actually run (two per combination with walk-forward)
    double seconds = 0;
    int jobs = 1;
    QDate inSampleFrom, inSampleTo, outOfSampleFrom, outOfSampleTo;

    /// Rows by rank (best first), skipped ones last.
    QList<SweepRow> ranked() const;
    /// CSV: one row per combination, ranked, with the in-sample and (walk-forward) out-of-sample metrics.
    QByteArray toCsv(const QList<SweepAxis> &axes) const;
};

/// Runs every combination of a grid with the full backtester (risk engine
/// included) on `jobs` worker threads. The threads share the one read-only
/// BarTable; each combination's row goes to its own slot, so the result is
/// the same, byte for byte, in any thread count.
class Sweep
{
public:
    explicit Sweep(SweepSpec spec);
    /// The number of combinations, or a reason when the grid is empty or too large.
    static Result<int> combinationCount(const QList<SweepAxis> &axes);
    /// Checks the spec against the strategy (e.g. fast/slow only for sma_cross).
    static Status validate(const SweepSpec &spec);
    /// The options of combination `index`, or why it cannot run.
    static Result<BacktestOptions> optionsFor(const SweepSpec &spec, int index, QList<Decimal> *values = nullptr);
    /// The walk-forward split at `fraction` of the calendar (0 < fraction < 1).
    static std::optional<std::int32_t> splitDay(const BarTable &data, double outOfSampleFraction);

    /// `progress(done, total)` is called from the worker threads; `cancel` stops the sweep.
    SweepResult run(const BarTable &data, const std::function<void(int, int)> &progress = {}, const std::atomic_bool *cancel = nullptr) const;

    static constexpr int kMaxCombinations = 100'000;

private:
    SweepSpec m_spec;
};
