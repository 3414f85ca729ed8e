// SPDX-License-Identifier: GPL-3.0-or-later
#include "dualmomentum.h"

#include "indicators/nbarreturn.h"

namespace {
double nReturn(const PriceSeries &s, int n)
{
    NBarReturn r(n);
    for (int i = s.size() - n - 1; i < s.size(); ++i)
        r.add(s.close[static_cast<std::size_t>(i)]);
    return r.value();
}
} // namespace

StrategyDecision DualMomentum::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    if (!input.benchmark || input.benchmark->size() < barsNeeded())
        return none(QStringLiteral("benchmark unavailable"));
    const double r = nReturn(input.series, m_p.n), b = nReturn(*input.benchmark, m_p.n);
    if (r > 0.0 && r > b)
        return {SignalDirection::Buy, strength((r - b) / 0.10), QStringLiteral("%1-bar return %2 % > 0 and > benchmark %3 %").arg(m_p.n).arg(r * 100, 0, 'f', 2).arg(b * 100, 0, 'f', 2)};
    if (r < 0.0)
        return {SignalDirection::Sell, strength(-r / 0.10), QStringLiteral("%1-bar return %2 % < 0").arg(m_p.n).arg(r * 100, 0, 'f', 2)};
    return none(QStringLiteral("%1-bar return %2 % not above benchmark %3 %").arg(m_p.n).arg(r * 100, 0, 'f', 2).arg(b * 100, 0, 'f', 2));
}
