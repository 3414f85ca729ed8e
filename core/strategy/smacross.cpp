// SPDX-License-Identifier: GPL-3.0-or-later
#include "smacross.h"

#include "domain/decimal.h"

#include <algorithm>

SmaCross::State::State(int fast, int slow)
    : m_fast(std::max(1, std::min(fast, slow)))
    , m_slow(std::max(fast, slow))
    , m_window(static_cast<std::size_t>(std::max(1, std::max(fast, slow))), 0)
{
}

int SmaCross::State::add(std::int64_t close)
{
    // The close leaving the fast window is `fast` positions back in the ring
    // (wrapped by a comparison: a division per bar costs more than the sums).
    if (m_count >= m_fast) {
        const int out = m_pos >= m_fast ? m_pos - m_fast : m_pos - m_fast + m_slow;
        m_sumFast -= m_window[static_cast<std::size_t>(out)];
    }
    if (m_count >= m_slow)
        m_sumSlow -= m_window[static_cast<std::size_t>(m_pos)];
    m_window[static_cast<std::size_t>(m_pos)] = close;
    if (++m_pos == m_slow)
        m_pos = 0;
    m_sumFast += close;
    m_sumSlow += close;
    ++m_count;
    if (m_count < m_slow)
        return 0;
    // SMA(fast) − SMA(slow) has the sign of sumFast·slow − sumSlow·fast, exactly.
    const Decimal::Wide diff = static_cast<Decimal::Wide>(m_sumFast) * m_slow - static_cast<Decimal::Wide>(m_sumSlow) * m_fast;
    const int sign = diff > 0 ? 1 : diff < 0 ? -1 : 0;
    if (sign == 0)
        return 0;
    const int signal = m_lastSign == -sign ? sign : 0;
    m_lastSign = sign;
    return signal;
}

StrategyDecision SmaCross::evaluate(const StrategyInput &input) const
{
    if (input.series.size() < barsNeeded())
        return notEnoughBars(input, barsNeeded());
    State s(m_p.fast, m_p.slow);
    int last = 0;
    for (double c : input.series.close)
        last = s.add(Decimal::fromDouble(c, 6).value_or(Decimal()).raw());
    if (last > 0)
        return {SignalDirection::Buy, 0.75, QStringLiteral("SMA%1 crossed above SMA%2").arg(m_p.fast).arg(m_p.slow)};
    if (last < 0)
        return {SignalDirection::Sell, 0.75, QStringLiteral("SMA%1 crossed below SMA%2").arg(m_p.fast).arg(m_p.slow)};
    return none(QStringLiteral("no SMA%1/SMA%2 cross on the last bar").arg(m_p.fast).arg(m_p.slow));
}
