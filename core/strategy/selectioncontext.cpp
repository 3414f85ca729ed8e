// SPDX-License-Identifier: GPL-3.0-or-later
#include "selectioncontext.h"

#include <algorithm>
#include <cmath>

namespace {

double returnsStddev(const std::vector<double> &close, int n)
{
    const int size = static_cast<int>(close.size());
    if (size < n + 1)
        return 0.0;
    double sum = 0.0, sq = 0.0;
    for (int i = size - n; i < size; ++i) {
        const double r = close[static_cast<std::size_t>(i)] / close[static_cast<std::size_t>(i - 1)] - 1.0;
        sum += r;
        sq += r * r;
    }
    const double mean = sum / n;
    return std::sqrt(std::max(0.0, sq / n - mean * mean));
}

double meanOfLast(const std::vector<double> &v, int n, int skipLast = 0)
{
    const int size = static_cast<int>(v.size()) - skipLast;
    if (size < n || n <= 0)
        return 0.0;
    double sum = 0.0;
    for (int i = size - n; i < size; ++i)
        sum += v[static_cast<std::size_t>(i)];
    return sum / n;
}

} // namespace

SelectionContext SelectionContext::compute(const PriceSeries &s)
{
    SelectionContext c;
    if (s.size() < 2)
        return c;
    c.volatility20 = returnsStddev(s.close, std::min(20, s.size() - 1));
    c.volatility5 = returnsStddev(s.close, std::min(5, s.size() - 1));
    c.sma20 = meanOfLast(s.close, std::min(20, s.size()));
    c.sma50 = meanOfLast(s.close, std::min(50, s.size()));
    c.trend = c.sma20 > c.sma50 ? QStringLiteral("up") : QStringLiteral("down");
    const double avgVol = meanOfLast(s.volume, std::min(20, s.size() - 1), 1);
    c.volumeRatio = avgVol > 0 ? s.volume.back() / avgVol : 1.0;
    const int n = std::min(252, s.size());
    const auto hi = *std::max_element(s.high.end() - n, s.high.end());
    const auto lo = *std::min_element(s.low.end() - n, s.low.end());
    c.rangePosition = hi > lo ? (s.close.back() - lo) / (hi - lo) : 0.5;
    c.change1 = s.close[s.close.size() - 2] > 0 ? s.close.back() / s.close[s.close.size() - 2] - 1.0 : 0.0;
    if (c.volatility20 > 0.03)
        c.regime = QStringLiteral("volatile");
    else if (c.sma50 > 0 && std::fabs(c.sma20 / c.sma50 - 1.0) < 0.01)
        c.regime = QStringLiteral("ranging");
    else
        c.regime = c.trend == QLatin1String("up") ? QStringLiteral("trending-up") : QStringLiteral("trending-down");
    return c;
}

QString SelectionContext::describe() const
{
    return QStringLiteral("vol20 %1 %, vol5 %2 %, trend %3, volume ×%4, range %5 %, 1-bar %6 %, regime %7")
        .arg(volatility20 * 100, 0, 'f', 2)
        .arg(volatility5 * 100, 0, 'f', 2)
        .arg(trend)
        .arg(volumeRatio, 0, 'f', 2)
        .arg(rangePosition * 100, 0, 'f', 0)
        .arg(change1 * 100, 0, 'f', 2)
        .arg(regime);
}
