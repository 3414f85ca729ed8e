// SPDX-License-Identifier: GPL-3.0-or-later
#include "exitmanager.h"

#include <algorithm>

namespace {
const Decimal kOne = Decimal::fromInt(1);
}

QString exitRuleId(ExitRule rule)
{
    switch (rule) {
    case ExitRule::StopLoss: return QStringLiteral("stop_loss");
    case ExitRule::AtrStop: return QStringLiteral("atr_stop");
    case ExitRule::Breakeven: return QStringLiteral("breakeven");
    case ExitRule::Trailing: return QStringLiteral("trailing");
    case ExitRule::TakeProfit: return QStringLiteral("take_profit");
    case ExitRule::Time: return QStringLiteral("time");
    case ExitRule::Strategy: return QStringLiteral("strategy");
    case ExitRule::Budget: return QStringLiteral("budget");
    }
    return {};
}

std::optional<ExitRule> exitRuleFromId(const QString &id)
{
    for (ExitRule r : {ExitRule::StopLoss, ExitRule::AtrStop, ExitRule::Breakeven, ExitRule::Trailing, ExitRule::TakeProfit, ExitRule::Time,
                       ExitRule::Strategy, ExitRule::Budget})
        if (exitRuleId(r) == id)
            return r;
    return std::nullopt;
}

QString exitReason(ExitRule rule)
{
    switch (rule) {
    case ExitRule::StopLoss:
    case ExitRule::AtrStop:
    case ExitRule::Breakeven: return QStringLiteral("stop");
    case ExitRule::Trailing: return QStringLiteral("trailing");
    case ExitRule::TakeProfit: return QStringLiteral("take_profit");
    case ExitRule::Time: return QStringLiteral("time");
    case ExitRule::Strategy: return QStringLiteral("signal");
    case ExitRule::Budget: return QStringLiteral("budget");
    }
    return {};
}

bool ExitConfig::any() const
{
    return stopLossPct.isPositive() || atrStopMultiple.isPositive() || breakevenTriggerPct.isPositive() || trailingPct.isPositive()
           || trailingAtrMultiple.isPositive() || takeProfitPct.isPositive() || maxBarsHeld > 0;
}

bool ExitManager::raiseStop(ExitState &s, Decimal level, ExitRule rule)
{
    // Stops only ever move toward less risk.
    if (!level.isPositive() || level <= s.stop)
        return false;
    s.stop = level;
    s.stopRule = rule;
    return true;
}

ExitState ExitManager::open(Decimal entryPrice, Decimal qty, Decimal atr, const ExitConfig &c)
{
    ExitState s;
    s.entryPrice = entryPrice;
    s.qty = qty;
    s.atrAtEntry = atr.isValid() ? atr : Decimal();
    s.highest = s.lowest = entryPrice;
    if (c.stopLossPct.isPositive())
        raiseStop(s, (entryPrice * (kOne - c.stopLossPct)).rounded(2, RoundingMode::Down), ExitRule::StopLoss);
    if (c.atrStopMultiple.isPositive() && s.atrAtEntry.isPositive())
        raiseStop(s, (entryPrice - s.atrAtEntry * c.atrStopMultiple).rounded(2, RoundingMode::Down), ExitRule::AtrStop);
    if (c.takeProfitPct.isPositive())
        s.target = (entryPrice * (kOne + c.takeProfitPct)).rounded(2, RoundingMode::Up);
    return s;
}

void ExitManager::tighten(ExitState &s, const ExitConfig &c)
{
    if (c.breakevenTriggerPct.isPositive() && s.highest >= s.entryPrice * (kOne + c.breakevenTriggerPct))
        raiseStop(s, s.entryPrice, ExitRule::Breakeven);
    if (c.trailingPct.isPositive())
        raiseStop(s, (s.highest * (kOne - c.trailingPct)).rounded(2, RoundingMode::Down), ExitRule::Trailing);
    if (c.trailingAtrMultiple.isPositive() && s.atrAtEntry.isPositive())
        raiseStop(s, (s.highest - s.atrAtEntry * c.trailingAtrMultiple).rounded(2, RoundingMode::Down), ExitRule::Trailing);
}

std::optional<ExitFill> ExitManager::onBar(ExitState &s, Decimal open, Decimal high, Decimal low, Decimal close, const ExitConfig &c)
{
    Q_UNUSED(close);
    if (s.exitPending)
        return std::nullopt;
    // 1. The protective stop: at the open on a gap through it, else at the stop.
    if (s.stop.isPositive() && (open <= s.stop || low <= s.stop)) {
        s.exitPending = true;
        return ExitFill{s.stopRule, open <= s.stop ? open : s.stop};
    }
    // 2. The take-profit limit, symmetrically.
    if (s.target.isPositive() && (open >= s.target || high >= s.target)) {
        s.exitPending = true;
        return ExitFill{ExitRule::TakeProfit, open >= s.target ? open : s.target};
    }
    // 3. Excursions, then stop moves for the next bar.
    s.highest = std::max(s.highest, high);
    s.lowest = std::min(s.lowest, low);
    tighten(s, c);
    // 4. The time exit goes out at the next open.
    if (onSessionEnd(s, c)) {
        s.exitPending = true;
        return ExitFill{ExitRule::Time, Decimal::invalid()};
    }
    return std::nullopt;
}

std::optional<ExitRule> ExitManager::onPrice(ExitState &s, Decimal price, const ExitConfig &c, bool &stopRaised)
{
    stopRaised = false;
    if (!price.isPositive())
        return std::nullopt;
    s.highest = std::max(s.highest, price);
    s.lowest = std::min(s.lowest, price);
    if (s.exitPending)
        return std::nullopt;
    if (s.stop.isPositive() && price <= s.stop)
        return s.stopRule; // the broker's stop fills it; reported for completeness
    if (s.target.isPositive() && price >= s.target)
        return ExitRule::TakeProfit;
    const Decimal before = s.stop;
    tighten(s, c);
    stopRaised = s.stop > before;
    return std::nullopt;
}

bool ExitManager::onSessionEnd(ExitState &s, const ExitConfig &c)
{
    ++s.barsHeld;
    return c.maxBarsHeld > 0 && s.barsHeld >= c.maxBarsHeld;
}

QString ExitManager::nextRule(const ExitState &s, const ExitConfig &c, Decimal price)
{
    if (s.exitPending)
        return QStringLiteral("exit pending");
    if (c.maxBarsHeld > 0 && c.maxBarsHeld - s.barsHeld <= 1)
        return exitRuleId(ExitRule::Time);
    const bool hasStop = s.stop.isPositive(), hasTarget = s.target.isPositive();
    if (!hasStop && !hasTarget)
        return exitRuleId(ExitRule::Strategy);
    if (hasStop && (!hasTarget || price - s.stop <= s.target - price))
        return exitRuleId(s.stopRule);
    return exitRuleId(ExitRule::TakeProfit);
}
