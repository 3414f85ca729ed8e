// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>

/// close[t] / close[t − n] − 1; needs n + 1 values.
class NBarReturn
{
public:
    explicit NBarReturn(int n);
    void add(double close);
    bool ready() const { return static_cast<int>(m_closes.size()) > m_n; }
    double value() const;

private:
    int m_n;
    std::deque<double> m_closes;
};
