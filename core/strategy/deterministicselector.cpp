// SPDX-License-Identifier: GPL-3.0-or-later
#include "deterministicselector.h"

#include <cmath>

namespace {
QString primaryReason(const SelectionContext &c)
{
    if (c.volatility20 > 0.03)
        return QStringLiteral("volatility %1 % > 3 %").arg(c.volatility20 * 100, 0, 'f', 2);
    if (std::fabs(c.change1) > 0.07)
        return QStringLiteral("|1-bar change| %1 % > 7 %").arg(std::fabs(c.change1) * 100, 0, 'f', 2);
    return QStringLiteral("default: volatility %1 % ≤ 3 %, |1-bar change| %2 % ≤ 7 %")
        .arg(c.volatility20 * 100, 0, 'f', 2)
        .arg(std::fabs(c.change1) * 100, 0, 'f', 2);
}
} // namespace

QStringList DeterministicSelector::ranking(const SelectionContext &c)
{
    const QString primary = c.volatility20 <= 0.03 && std::fabs(c.change1) > 0.07 ? QStringLiteral("TrendFollowing")
                                                                                  : QStringLiteral("MeanReversion");
    QStringList out{primary};
    // What suits the regime next: trend and momentum rules in a trend, band and
    // envelope rules in a range or in turbulence.
    QStringList suited;
    if (c.regime.startsWith(QLatin1String("trending")))
        suited = {QStringLiteral("TrendFollowing"), QStringLiteral("Breakout"), QStringLiteral("DualMomentum"),
                  QStringLiteral("MomentumRotation"), QStringLiteral("RelativeStrength")};
    else if (c.regime == QLatin1String("volatile"))
        suited = {QStringLiteral("BollingerBands"), QStringLiteral("MovingAverageEnvelope"), QStringLiteral("VolatilityBreakout")};
    else
        suited = {QStringLiteral("BollingerBands"), QStringLiteral("MovingAverageEnvelope"), QStringLiteral("Breakout")};
    const QStringList all{QStringLiteral("MeanReversion"),  QStringLiteral("TrendFollowing"),     QStringLiteral("BollingerBands"),
                          QStringLiteral("MovingAverageEnvelope"), QStringLiteral("Breakout"),  QStringLiteral("VolatilityBreakout"),
                          QStringLiteral("DualMomentum"),   QStringLiteral("MomentumRotation"),   QStringLiteral("RelativeStrength"),
                          QStringLiteral("SectorRotation")};
    for (const QStringList &list : {suited, all})
        for (const QString &s : list)
            if (!out.contains(s))
                out.append(s);
    return out;
}

DeterministicSelector::Choice DeterministicSelector::choose(const SelectionContext &c, const QSet<QString> &suspended)
{
    const QStringList ranked = ranking(c);
    const QString reason = primaryReason(c);
    if (!suspended.contains(ranked.front()))
        return {ranked.front(), reason};
    for (const QString &s : ranked)
        if (!suspended.contains(s))
            return {s, QStringLiteral("%1 is suspended (rule: %2); next best for a %3 market: %4")
                           .arg(ranked.front(), reason, c.regime, s)};
    return {QString(), QStringLiteral("every strategy is suspended")};
}
