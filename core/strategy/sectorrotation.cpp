// SPDX-License-Identifier: GPL-3.0-or-later
#include "sectorrotation.h"

#include "indicators/nbarreturn.h"

#include <algorithm>
#include <vector>

namespace {
double nReturn(const PriceSeries &s, int n)
{
    NBarReturn r(n);
    for (int i = std::max(0, s.size() - n - 1); i < s.size(); ++i)
        r.add(s.close[static_cast<std::size_t>(i)]);
    return r.value();
}
} // namespace

StrategyDecision SectorRotation::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    if (!input.universe || input.universe->isEmpty())
        return none(QStringLiteral("universe unavailable"));
    const double mine = nReturn(input.series, m_p.n);
    std::vector<double> all;
    for (const PriceSeries &s : *input.universe)
        if (s.size() > m_p.n)
            all.push_back(nReturn(s, m_p.n));
    // Rank 1 is the best; count how many symbols did strictly better.
    const auto better = std::count_if(all.begin(), all.end(), [mine](double r) { return r > mine; });
    const double pct = all.empty() ? 1.0 : static_cast<double>(better) / static_cast<double>(all.size());
    const QString where = QStringLiteral("%1-bar return %2 %, rank %3 of %4").arg(m_p.n).arg(mine * 100, 0, 'f', 2).arg(better + 1).arg(all.size());
    if (pct < 0.25 && mine > 0.0)
        return {SignalDirection::Buy, strength((0.25 - pct) / 0.25), where + QStringLiteral(": top quartile")};
    if (pct >= 0.5 || mine < 0.0)
        return {SignalDirection::Sell, strength(std::max(pct - 0.5, -mine / 0.10) * 2.0), where + QStringLiteral(": bottom half or negative")};
    return none(where);
}
