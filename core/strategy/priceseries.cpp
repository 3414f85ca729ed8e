// SPDX-License-Identifier: GPL-3.0-or-later
#include "priceseries.h"

PriceSeries PriceSeries::fromBars(const QList<Bar> &bars)
{
    PriceSeries s;
    if (!bars.isEmpty())
        s.symbol = bars.front().symbol;
    const auto n = static_cast<std::size_t>(bars.size());
    s.open.reserve(n);
    s.high.reserve(n);
    s.low.reserve(n);
    s.close.reserve(n);
    s.volume.reserve(n);
    for (const Bar &b : bars) {
        s.open.push_back(b.open.toDouble());
        s.high.push_back(b.high.toDouble());
        s.low.push_back(b.low.toDouble());
        s.close.push_back(b.close.toDouble());
        s.volume.push_back(static_cast<double>(b.volume));
    }
    return s;
}
