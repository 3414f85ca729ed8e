// SPDX-License-Identifier: GPL-3.0-or-later
#include "volatilitybreakout.h"

#include "indicators/atr.h"
#include "indicators/donchian.h"

#include <algorithm>

StrategyDecision VolatilityBreakout::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    const auto &s = input.series;
    Donchian ch(m_p.n);
    Atr atr(m_p.atrPeriod);
    for (int i = 0; i < s.size(); ++i) {
        const auto k = static_cast<std::size_t>(i);
        ch.add(s.high[k], s.low[k]);
        atr.add(s.high[k], s.low[k], s.close[k]);
    }
    const double a = atr.value();
    const double up = ch.upper() + m_p.k * a, down = ch.lower() - m_p.k * a;
    const double hi = s.high.back(), lo = s.low.back();
    if (a > 0 && hi > up)
        return {SignalDirection::Buy, strength((hi - up) / a), QStringLiteral("high %1 > %2-bar high + %3·ATR = %4").arg(hi, 0, 'f', 2).arg(m_p.n).arg(m_p.k).arg(up, 0, 'f', 2)};
    if (a > 0 && lo < down)
        return {SignalDirection::Sell, strength((down - lo) / a), QStringLiteral("low %1 < %2-bar low − %3·ATR = %4").arg(lo, 0, 'f', 2).arg(m_p.n).arg(m_p.k).arg(down, 0, 'f', 2)};
    return none(QStringLiteral("inside the ATR-widened channel %1–%2").arg(down, 0, 'f', 2).arg(up, 0, 'f', 2));
}
