// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// Average true range with Wilder smoothing. True range needs the previous
/// close, so the first bar only seeds it; the first ATR is the mean of the
/// first n true ranges (ready after n + 1 bars), as in the common reference.
class Atr
{
public:
    explicit Atr(int period = 14);
    void add(double high, double low, double close);
    bool ready() const { return m_ranges >= m_period; }
    double value() const { return ready() ? m_value : 0.0; }

private:
    int m_period;
    int m_ranges = 0;
    bool m_hasPrev = false;
    double m_prevClose = 0.0;
    double m_value = 0.0;
};
