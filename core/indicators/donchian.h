// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>

/// Highest high and lowest low of the n bars *before* the latest one, so a
/// breakout of the current bar above the channel can fire (SPEC §2.2).
class Donchian
{
public:
    explicit Donchian(int period = 20);
    void add(double high, double low);
    bool ready() const { return static_cast<int>(m_highs.size()) > m_period; }
    double upper() const;
    double lower() const;

private:
    int m_period;
    std::deque<double> m_highs;
    std::deque<double> m_lows;
};
