// SPDX-License-Identifier: GPL-3.0-or-later
// The lines each price-level rule reads, for the price chart: computed with the same
// indicators and parameters as the rule itself.
#include "bollingerbands.h"
#include "breakout.h"
#include "movingaverageenvelope.h"
#include "smacross.h"
#include "trendfollowing.h"
#include "volatilitybreakout.h"

#include "indicators/atr.h"
#include "indicators/bollinger.h"
#include "indicators/donchian.h"
#include "indicators/sma.h"

#include <cmath>
#include <limits>

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

ChartLine smaLine(const PriceSeries &s, int n, const QString &name)
{
    ChartLine line{name, std::vector<double>(s.close.size(), kNone)};
    Sma sma(n);
    for (std::size_t i = 0; i < s.close.size(); ++i) {
        sma.add(s.close[i]);
        if (sma.ready())
            line.values[i] = sma.value();
    }
    return line;
}

/// The channel of the previous `n` bars' highs and lows, widened by `k` × ATR(atrPeriod) (k = 0: the plain channel).
QList<ChartLine> channel(const PriceSeries &s, int n, double k, int atrPeriod, const QString &name)
{
    ChartLine upper{QStringLiteral("%1 high").arg(name), std::vector<double>(s.close.size(), kNone)};
    ChartLine lower{QStringLiteral("%1 low").arg(name), std::vector<double>(s.close.size(), kNone)};
    Donchian ch(n);
    Atr atr(atrPeriod);
    for (std::size_t i = 0; i < s.close.size(); ++i) {
        ch.add(s.high[i], s.low[i]);
        atr.add(s.high[i], s.low[i], s.close[i]);
        if (!ch.ready() || (k > 0 && !atr.ready()))
            continue;
        upper.values[i] = ch.upper() + k * atr.value();
        lower.values[i] = ch.lower() - k * atr.value();
    }
    return {upper, lower};
}

} // namespace

QList<ChartLine> SmaCross::chartLines(const PriceSeries &s) const
{
    return {smaLine(s, m_p.fast, QStringLiteral("SMA %1").arg(m_p.fast)), smaLine(s, m_p.slow, QStringLiteral("SMA %1").arg(m_p.slow))};
}

QList<ChartLine> TrendFollowing::chartLines(const PriceSeries &s) const
{
    return {smaLine(s, m_p.fast, QStringLiteral("SMA %1").arg(m_p.fast)), smaLine(s, m_p.slow, QStringLiteral("SMA %1").arg(m_p.slow))};
}

QList<ChartLine> BollingerBands::chartLines(const PriceSeries &s) const
{
    ChartLine mid{QStringLiteral("Bollinger %1 middle").arg(m_p.n), std::vector<double>(s.close.size(), kNone)};
    ChartLine up{QStringLiteral("Bollinger upper (%1σ)").arg(m_p.k), mid.values};
    ChartLine down{QStringLiteral("Bollinger lower (%1σ)").arg(m_p.k), mid.values};
    Bollinger bb(m_p.n, m_p.k);
    for (std::size_t i = 0; i < s.close.size(); ++i) {
        bb.add(s.close[i]);
        if (!bb.ready())
            continue;
        mid.values[i] = bb.middle();
        up.values[i] = bb.upper();
        down.values[i] = bb.lower();
    }
    return {mid, up, down};
}

QList<ChartLine> MovingAverageEnvelope::chartLines(const PriceSeries &s) const
{
    ChartLine mid = smaLine(s, m_p.n, QStringLiteral("SMA %1").arg(m_p.n));
    ChartLine up{QStringLiteral("envelope +%1 %").arg(m_p.band * 100), mid.values};
    ChartLine down{QStringLiteral("envelope −%1 %").arg(m_p.band * 100), mid.values};
    for (std::size_t i = 0; i < mid.values.size(); ++i) {
        up.values[i] = mid.values[i] * (1.0 + m_p.band);
        down.values[i] = mid.values[i] * (1.0 - m_p.band);
    }
    return {mid, up, down};
}

QList<ChartLine> Breakout::chartLines(const PriceSeries &s) const
{
    return channel(s, m_p.n, 0.0, 14, QStringLiteral("%1-bar channel").arg(m_p.n));
}

QList<ChartLine> VolatilityBreakout::chartLines(const PriceSeries &s) const
{
    return channel(s, m_p.n, m_p.k, m_p.atrPeriod, QStringLiteral("%1-bar channel ± %2·ATR").arg(m_p.n).arg(m_p.k));
}
