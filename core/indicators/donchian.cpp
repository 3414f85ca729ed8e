// SPDX-License-Identifier: GPL-3.0-or-later
#include "donchian.h"

#include <algorithm>

Donchian::Donchian(int period)
    : m_period(std::max(1, period))
{
}

void Donchian::add(double high, double low)
{
    m_highs.push_back(high);
    m_lows.push_back(low);
    if (static_cast<int>(m_highs.size()) > m_period + 1) {
        m_highs.pop_front();
        m_lows.pop_front();
    }
}

double Donchian::upper() const
{
    if (!ready())
        return 0.0;
    return *std::max_element(m_highs.begin(), m_highs.end() - 1);
}

double Donchian::lower() const
{
    if (!ready())
        return 0.0;
    return *std::min_element(m_lows.begin(), m_lows.end() - 1);
}
