// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

/// Simple moving average over the last n values, O(1) per update.
class Sma
{
public:
    explicit Sma(int period);
    void add(double value);
    bool ready() const { return m_count >= m_period; }
    double value() const { return ready() ? m_sum / m_period : 0.0; }
    int period() const { return m_period; }

private:
    int m_period;
    std::vector<double> m_window;
    int m_pos = 0;
    int m_count = 0;
    double m_sum = 0.0;
};
