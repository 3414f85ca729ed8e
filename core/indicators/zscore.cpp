// SPDX-License-Identifier: GPL-3.0-or-later
#include "zscore.h"

ZScore::ZScore(int period)
    : m_stats(period, 1.0)
{
}

void ZScore::add(double value)
{
    m_stats.add(value);
    m_last = value;
}

double ZScore::value() const
{
    const double sd = m_stats.stddev();
    return ready() && sd > 0.0 ? (m_last - m_stats.middle()) / sd : 0.0;
}
