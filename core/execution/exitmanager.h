// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"

#include <QString>

#include <optional>

/// Which exit rule acted. Stop-type rules rest at the broker as one protective
/// stop (the highest of them); the others are orders of their own.
enum class ExitRule { StopLoss, AtrStop, Breakeven, Trailing, TakeProfit, Time, Strategy, Budget };
QString exitRuleId(ExitRule rule);
/// The rule an id names (exitRuleId's inverse).
std::optional<ExitRule> exitRuleFromId(const QString &id);
/// The reason written to trade lists: stop, take_profit, trailing, time, signal, budget.
QString exitReason(ExitRule rule);

/// Exit parameters (SPEC §5); a zero turns a rule off.
struct ExitConfig
{
    Decimal stopLossPct;          ///< stop at entry × (1 − p)
    Decimal atrStopMultiple;      ///< stop at entry − k × ATR at entry
    Decimal breakevenTriggerPct;  ///< once the high reaches entry × (1 + p), the stop moves up to the entry
    Decimal trailingPct;          ///< stop trails the highest high since entry by p
    Decimal trailingAtrMultiple;  ///< or by k × ATR at entry
    Decimal takeProfitPct;        ///< target at entry × (1 + p)
    int maxBarsHeld = 0;          ///< time exit after this many bars
    bool any() const;
};

/// One long position's exit levels and excursions.
struct ExitState
{
    Decimal entryPrice;
    Decimal qty;
    Decimal atrAtEntry;
    Decimal stop;                 ///< the effective protective stop; zero: none
    ExitRule stopRule = ExitRule::StopLoss;
    Decimal target;               ///< zero: none
    Decimal highest;              ///< since entry (for MFE and trailing)
    Decimal lowest;               ///< since entry (for MAE)
    int barsHeld = 0;
    bool exitPending = false;     ///< an exit order or proposal exists: do not issue another
    int stressActed = 0;          ///< the highest budget-stress level already acted on (0 none … 3 critical)

    Decimal mfe() const { return highest - entryPrice; }
    Decimal mae() const { return entryPrice - lowest; }
};

/// A triggered exit and its fill price under the backtest fill rules.
struct ExitFill
{
    ExitRule rule;
    Decimal price;        ///< invalid for exits that go out at the next open (time, strategy)
};

/// The exit rules in their fixed order: the protective stop (stop-loss, ATR stop,
/// breakeven or trailing, whichever is highest), then take-profit, then the time
/// exit; the first that fires wins. Stops only ever move up (toward less risk),
/// and a move takes effect from the next bar or price.
class ExitManager
{
public:
    static ExitState open(Decimal entryPrice, Decimal qty, Decimal atr, const ExitConfig &config);
    /// A completed bar after the entry: the resting stop fills at the open if the
    /// open gaps through it, else at the stop if the low reaches it; the target
    /// likewise at the open or at the target. Then the excursions, trailing and
    /// breakeven levels update, and the time exit is checked (filled at the next open).
    static std::optional<ExitFill> onBar(ExitState &s, Decimal open, Decimal high, Decimal low, Decimal close, const ExitConfig &config);
    /// A live price: which exit is due, if any (the caller's broker holds the stop).
    /// Updates the excursions and raises the stop when trailing or breakeven says so;
    /// `stopRaised` tells the caller to move the broker's stop.
    static std::optional<ExitRule> onPrice(ExitState &s, Decimal price, const ExitConfig &config, bool &stopRaised);
    /// Counts a completed session for the time exit; true when it is due.
    static bool onSessionEnd(ExitState &s, const ExitConfig &config);
    /// The rule nearest to firing at `price`, for the positions view.
    static QString nextRule(const ExitState &s, const ExitConfig &config, Decimal price);

private:
    static bool raiseStop(ExitState &s, Decimal level, ExitRule rule);
    static void tighten(ExitState &s, const ExitConfig &config);
};
