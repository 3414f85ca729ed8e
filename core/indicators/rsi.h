// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// Relative strength index with Wilder smoothing. The first average gain and
/// loss are simple means of the first n changes; ready after n + 1 values.
class Rsi
{
public:
    explicit Rsi(int period = 14);
    void add(double close);
    bool ready() const { return m_changes >= m_period; }
    double value() const;

private:
    int m_period;
    int m_changes = 0;
    bool m_hasPrev = false;
    double m_prev = 0.0;
    double m_avgGain = 0.0;
    double m_avgLoss = 0.0;
};
