// SPDX-License-Identifier: GPL-3.0-or-later
#include "momentumrotation.h"

#include "indicators/nbarreturn.h"

StrategyDecision MomentumRotation::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    NBarReturn r(m_p.n);
    for (double c : input.series.close)
        r.add(c);
    const double v = r.value();
    if (v > m_p.buyAbove)
        return {SignalDirection::Buy, strength((v - m_p.buyAbove) / 0.20), QStringLiteral("%1-bar return %2 % > %3 %").arg(m_p.n).arg(v * 100, 0, 'f', 2).arg(m_p.buyAbove * 100, 0, 'f', 1)};
    if (v < 0.0)
        return {SignalDirection::Sell, strength(-v / 0.10), QStringLiteral("%1-bar return %2 % < 0").arg(m_p.n).arg(v * 100, 0, 'f', 2)};
    return none(QStringLiteral("%1-bar return %2 % between 0 and %3 %").arg(m_p.n).arg(v * 100, 0, 'f', 2).arg(m_p.buyAbove * 100, 0, 'f', 1));
}
