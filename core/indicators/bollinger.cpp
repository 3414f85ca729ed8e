// SPDX-License-Identifier: GPL-3.0-or-later
#include "bollinger.h"

#include <algorithm>
#include <cmath>

Bollinger::Bollinger(int period, double k)
    : m_period(std::max(1, period))
    , m_k(k)
    , m_window(static_cast<std::size_t>(m_period), 0.0)
{
}

void Bollinger::add(double value)
{
    m_window[static_cast<std::size_t>(m_pos)] = value;
    m_pos = (m_pos + 1) % m_period;
    ++m_count;
}

double Bollinger::middle() const
{
    if (!ready())
        return 0.0;
    double sum = 0.0;
    for (double v : m_window)
        sum += v;
    return sum / m_period;
}

double Bollinger::stddev() const
{
    if (!ready())
        return 0.0;
    // Two-pass over the window: exact enough and immune to cancellation.
    const double mean = middle();
    double ss = 0.0;
    for (double v : m_window)
        ss += (v - mean) * (v - mean);
    return std::sqrt(ss / m_period);
}
