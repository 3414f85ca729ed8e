// SPDX-License-Identifier: GPL-3.0-or-later
#include "relativestrength.h"

#include "indicators/sma.h"

namespace {
double ratioToSma(const PriceSeries &s, int n)
{
    Sma sma(n);
    for (int i = s.size() - n; i < s.size(); ++i)
        sma.add(s.close[static_cast<std::size_t>(i)]);
    return s.close.back() / sma.value();
}
} // namespace

StrategyDecision RelativeStrength::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    if (!input.benchmark || input.benchmark->size() < barsNeeded())
        return none(QStringLiteral("benchmark unavailable"));
    const double rs = ratioToSma(input.series, m_p.n) / ratioToSma(*input.benchmark, m_p.n);
    if (rs > m_p.threshold)
        return {SignalDirection::Buy, strength((rs - m_p.threshold) / 0.10), QStringLiteral("relative strength %1 > %2").arg(rs, 0, 'f', 3).arg(m_p.threshold)};
    if (rs < 1.0 / m_p.threshold)
        return {SignalDirection::Sell, strength((1.0 / m_p.threshold - rs) / 0.10), QStringLiteral("relative strength %1 < %2").arg(rs, 0, 'f', 3).arg(1.0 / m_p.threshold, 0, 'f', 3)};
    return none(QStringLiteral("relative strength %1 neutral").arg(rs, 0, 'f', 3));
}
