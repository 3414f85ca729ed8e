// SPDX-License-Identifier: GPL-3.0-or-later
#include "atr.h"

#include <algorithm>
#include <cmath>

Atr::Atr(int period)
    : m_period(std::max(1, period))
{
}

void Atr::add(double high, double low, double close)
{
    if (!m_hasPrev) {
        m_prevClose = close;
        m_hasPrev = true;
        return;
    }
    const double tr = std::max({high - low, std::fabs(high - m_prevClose), std::fabs(low - m_prevClose)});
    m_prevClose = close;
    ++m_ranges;
    if (m_ranges <= m_period)
        m_value += tr / m_period;
    else
        m_value = (m_value * (m_period - 1) + tr) / m_period;
}
