// SPDX-License-Identifier: GPL-3.0-or-later
#include "movingaverageenvelope.h"

#include "indicators/sma.h"

StrategyDecision MovingAverageEnvelope::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    Sma sma(m_p.n);
    const auto &s = input.series;
    for (int i = s.size() - m_p.n; i < s.size(); ++i)
        sma.add(s.close[static_cast<std::size_t>(i)]);
    const double mid = sma.value(), close = s.close.back();
    const double lower = mid * (1.0 - m_p.band), upper = mid * (1.0 + m_p.band);
    if (close <= lower)
        return {SignalDirection::Buy, strength((lower - close) / (mid * m_p.band)), QStringLiteral("close %1 ≤ SMA%2·(1 − %3 %) = %4").arg(close, 0, 'f', 2).arg(m_p.n).arg(m_p.band * 100).arg(lower, 0, 'f', 2)};
    if (close >= upper)
        return {SignalDirection::Sell, strength((close - upper) / (mid * m_p.band)), QStringLiteral("close %1 ≥ SMA%2·(1 + %3 %) = %4").arg(close, 0, 'f', 2).arg(m_p.n).arg(m_p.band * 100).arg(upper, 0, 'f', 2)};
    return none(QStringLiteral("close %1 inside envelope %2–%3").arg(close, 0, 'f', 2).arg(lower, 0, 'f', 2).arg(upper, 0, 'f', 2));
}
