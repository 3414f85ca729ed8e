// SPDX-License-Identifier: GPL-3.0-or-later
#include "trendfollowing.h"

#include "indicators/sma.h"

StrategyDecision TrendFollowing::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    Sma fast(m_p.fast), slow(m_p.slow);
    for (double c : input.series.close) {
        fast.add(c);
        slow.add(c);
    }
    const double close = input.series.close.back();
    const double s = slow.value(), fs = fast.value();
    if (close > s && fs > s)
        return {SignalDirection::Buy, strength((close / s - 1.0) / 0.10),
                QStringLiteral("close %1 > SMA%2 %3 and SMA%4 %5 > SMA%2").arg(close, 0, 'f', 2).arg(m_p.slow).arg(s, 0, 'f', 2).arg(m_p.fast).arg(fs, 0, 'f', 2)};
    if (close < s)
        return {SignalDirection::Sell, strength((1.0 - close / s) / 0.10),
                QStringLiteral("close %1 < SMA%2 %3").arg(close, 0, 'f', 2).arg(m_p.slow).arg(s, 0, 'f', 2)};
    return none(QStringLiteral("close %1 above SMA%2 %3 but SMA%4 %5 not above it").arg(close, 0, 'f', 2).arg(m_p.slow).arg(s, 0, 'f', 2).arg(m_p.fast).arg(fs, 0, 'f', 2));
}

bool TrendFollowing::prefixSignals(const PriceSeries &series, std::vector<int> &out) const
{
    out.assign(series.close.size(), 0);
    Sma fast(m_p.fast), slow(m_p.slow);
    for (std::size_t i = 0; i < series.close.size(); ++i) {
        const double close = series.close[i];
        fast.add(close);
        slow.add(close);
        if (static_cast<int>(i) + 1 < barsNeeded())
            continue;
        const double s = slow.value();
        out[i] = close > s && fast.value() > s ? 1 : close < s ? -1 : 0;
    }
    return true;
}
