// SPDX-License-Identifier: GPL-3.0-or-later
#include "strategyregistry.h"

#include "bollingerbands.h"
#include "breakout.h"
#include "dualmomentum.h"
#include "meanreversion.h"
#include "momentumrotation.h"
#include "movingaverageenvelope.h"
#include "relativestrength.h"
#include "sectorrotation.h"
#include "smacross.h"
#include "trendfollowing.h"
#include "volatilitybreakout.h"

#include <algorithm>

StrategyRegistry::StrategyRegistry()
{
    std::unique_ptr<Strategy> all[] = {
        std::make_unique<TrendFollowing>(),   std::make_unique<MomentumRotation>(),
        std::make_unique<MeanReversion>(),    std::make_unique<Breakout>(),
        std::make_unique<VolatilityBreakout>(), std::make_unique<RelativeStrength>(),
        std::make_unique<SectorRotation>(),   std::make_unique<DualMomentum>(),
        std::make_unique<MovingAverageEnvelope>(), std::make_unique<BollingerBands>(),
        std::make_unique<SmaCross>(), // the benchmark strategy, besides the ten of the spec
    };
    for (auto &s : all) {
        const QString n = s->name();
        m_strategies.emplace(n, std::move(s));
    }
}

const Strategy *StrategyRegistry::find(const QString &name) const
{
    const auto it = m_strategies.find(name);
    return it == m_strategies.end() ? nullptr : it->second.get();
}

QStringList StrategyRegistry::names() const
{
    QStringList out;
    for (const auto &[name, s] : m_strategies)
        out.append(name);
    return out;
}

int StrategyRegistry::maxBarsNeeded() const
{
    int n = 0;
    for (const auto &[name, s] : m_strategies)
        n = std::max(n, s->barsNeeded());
    return n;
}
