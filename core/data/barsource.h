// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"

#include <QList>
#include <QStringList>

/// Where the pipeline's data stage reads completed bars from: the simulated
/// market, a CSV folder, or (later) a broker's market-data service.
class BarSource
{
public:
    virtual ~BarSource() = default;
    virtual QStringList symbols() const = 0;
    /// Up to `count` most recent completed bars of `symbol`, oldest first, unvalidated.
    virtual QList<Bar> recentBars(const QString &symbol, int count) const = 0;
    virtual bool isFractionable(const QString &symbol) const = 0;
};
