// SPDX-License-Identifier: GPL-3.0-or-later
#include "sma.h"

#include <algorithm>

Sma::Sma(int period)
    : m_period(std::max(1, period))
    , m_window(static_cast<std::size_t>(m_period), 0.0)
{
}

void Sma::add(double value)
{
    double &slot = m_window[static_cast<std::size_t>(m_pos)];
    if (m_count >= m_period)
        m_sum -= slot;
    slot = value;
    m_sum += value;
    m_pos = (m_pos + 1) % m_period;
    ++m_count;
    // Re-sum once per window so rounding error cannot accumulate over long runs.
    if (m_pos == 0) {
        m_sum = 0.0;
        for (double v : m_window)
            m_sum += v;
    }
}
