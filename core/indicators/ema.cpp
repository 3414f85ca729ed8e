// SPDX-License-Identifier: GPL-3.0-or-later
#include "ema.h"

#include <algorithm>

Ema::Ema(int period)
    : m_period(std::max(1, period))
{
}

void Ema::add(double value)
{
    ++m_count;
    if (m_count < m_period) {
        m_seedSum += value;
    } else if (m_count == m_period) {
        m_value = (m_seedSum + value) / m_period;
    } else {
        const double alpha = 2.0 / (m_period + 1.0);
        m_value += alpha * (value - m_value);
    }
}
