// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

/// Bollinger bands: SMA(n) ± k · population standard deviation over the last n values.
class Bollinger
{
public:
    Bollinger(int period = 20, double k = 2.0);
    void add(double value);
    bool ready() const { return m_count >= m_period; }
    double middle() const;
    double stddev() const;
    double upper() const { return middle() + m_k * stddev(); }
    double lower() const { return middle() - m_k * stddev(); }

private:
    int m_period;
    double m_k;
    std::vector<double> m_window;
    int m_pos = 0;
    int m_count = 0;
};
