// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// Exponential moving average, alpha = 2 / (n + 1), seeded with the SMA of the first n values.
class Ema
{
public:
    explicit Ema(int period);
    void add(double value);
    bool ready() const { return m_count >= m_period; }
    double value() const { return ready() ? m_value : 0.0; }

private:
    int m_period;
    int m_count = 0;
    double m_value = 0.0;
    double m_seedSum = 0.0;
};
