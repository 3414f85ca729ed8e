// SPDX-License-Identifier: GPL-3.0-or-later
#include "breakout.h"

#include "indicators/donchian.h"

StrategyDecision Breakout::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    Donchian ch(m_p.n);
    const auto &s = input.series;
    for (int i = s.size() - m_p.n - 1; i < s.size(); ++i)
        ch.add(s.high[static_cast<std::size_t>(i)], s.low[static_cast<std::size_t>(i)]);
    const double hi = s.high.back(), lo = s.low.back();
    if (hi > ch.upper())
        return {SignalDirection::Buy, strength((hi / ch.upper() - 1.0) / 0.05), QStringLiteral("high %1 > previous %2-bar high %3").arg(hi, 0, 'f', 2).arg(m_p.n).arg(ch.upper(), 0, 'f', 2)};
    if (lo < ch.lower())
        return {SignalDirection::Sell, strength((1.0 - lo / ch.lower()) / 0.05), QStringLiteral("low %1 < previous %2-bar low %3").arg(lo, 0, 'f', 2).arg(m_p.n).arg(ch.lower(), 0, 'f', 2)};
    return none(QStringLiteral("inside the previous %1-bar channel %2–%3").arg(m_p.n).arg(ch.lower(), 0, 'f', 2).arg(ch.upper(), 0, 'f', 2));
}
