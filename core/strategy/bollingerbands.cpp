// SPDX-License-Identifier: GPL-3.0-or-later
#include "bollingerbands.h"

#include "indicators/bollinger.h"

StrategyDecision BollingerBands::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    Bollinger bb(m_p.n, m_p.k);
    const auto &s = input.series;
    for (int i = s.size() - m_p.n; i < s.size(); ++i)
        bb.add(s.close[static_cast<std::size_t>(i)]);
    const double close = s.close.back(), width = bb.upper() - bb.middle();
    if (close <= bb.lower())
        return {SignalDirection::Buy, strength(width > 0 ? (bb.lower() - close) / width : 0.0), QStringLiteral("close %1 ≤ lower band %2").arg(close, 0, 'f', 2).arg(bb.lower(), 0, 'f', 2)};
    if (close >= bb.upper())
        return {SignalDirection::Sell, strength(width > 0 ? (close - bb.upper()) / width : 0.0), QStringLiteral("close %1 ≥ upper band %2").arg(close, 0, 'f', 2).arg(bb.upper(), 0, 'f', 2)};
    return none(QStringLiteral("close %1 inside bands %2–%3").arg(close, 0, 'f', 2).arg(bb.lower(), 0, 'f', 2).arg(bb.upper(), 0, 'f', 2));
}
