// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// One instrument of the simulated market and its generator parameters.
struct UniverseEntry
{
    QString symbol;
    QString name;
    QString kind; ///< index, sector or stock
    double startPrice = 100.0;
    double annualVol = 0.2;
    double beta = 1.0;
    bool fractionable = true;
};

/// The demo universe: index ETFs, sector ETFs and large stocks, with SPY and
/// QQQ as benchmarks. Shipped as resources/demo_universe.json.
struct DemoUniverse
{
    QList<UniverseEntry> entries;
    QStringList benchmarks;

    static Result<DemoUniverse> fromJson(const QByteArray &json);
    /// The universe compiled into the binary.
    static DemoUniverse builtIn();
};
