// SPDX-License-Identifier: GPL-3.0-or-later
#include "meanreversion.h"

#include "indicators/rsi.h"

StrategyDecision MeanReversion::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    Rsi rsi(m_p.period);
    for (double c : input.series.close)
        rsi.add(c);
    const double v = rsi.value();
    if (v < m_p.oversold)
        return {SignalDirection::Buy, strength((m_p.oversold - v) / m_p.oversold), QStringLiteral("RSI%1 %2 < %3").arg(m_p.period).arg(v, 0, 'f', 1).arg(m_p.oversold)};
    if (v > m_p.overbought)
        return {SignalDirection::Sell, strength((v - m_p.overbought) / (100.0 - m_p.overbought)), QStringLiteral("RSI%1 %2 > %3").arg(m_p.period).arg(v, 0, 'f', 1).arg(m_p.overbought)};
    return none(QStringLiteral("RSI%1 %2 inside %3–%4").arg(m_p.period).arg(v, 0, 'f', 1).arg(m_p.oversold).arg(m_p.overbought));
}

bool MeanReversion::prefixSignals(const PriceSeries &series, std::vector<int> &out) const
{
    out.assign(series.close.size(), 0);
    Rsi rsi(m_p.period);
    for (std::size_t i = 0; i < series.close.size(); ++i) {
        rsi.add(series.close[i]);
        if (static_cast<int>(i) + 1 < barsNeeded())
            continue;
        const double v = rsi.value();
        out[i] = v < m_p.oversold ? 1 : v > m_p.overbought ? -1 : 0;
    }
    return true;
}
