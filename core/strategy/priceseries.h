// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"

#include <QList>
#include <QString>

#include <vector>

/// A validated bar series as doubles, for indicators (never for money).
struct PriceSeries
{
    QString symbol;
    std::vector<double> open;
    std::vector<double> high;
    std::vector<double> low;
    std::vector<double> close;
    std::vector<double> volume;

    static PriceSeries fromBars(const QList<Bar> &bars);
    int size() const { return static_cast<int>(close.size()); }
    bool empty() const { return close.empty(); }
};
