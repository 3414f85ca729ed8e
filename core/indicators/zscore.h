// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "bollinger.h"

/// (x − mean) / population σ over the last n values, the latest included.
class ZScore
{
public:
    explicit ZScore(int period = 20);
    void add(double value);
    bool ready() const { return m_stats.ready(); }
    double value() const;

private:
    Bollinger m_stats;
    double m_last = 0.0;
};
