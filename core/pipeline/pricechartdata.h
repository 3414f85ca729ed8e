// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"
#include "strategy/strategy.h"

#include <QList>
#include <QMetaType>

/// A mark on the price chart: a fill of an entry or an exit, or a proposal the
/// trader vetoed or let expire, at its session and price.
struct ChartMark
{
    enum Kind { Entry, Exit, Vetoed, Expired };
    Kind kind = Entry;
    QDate session;
    Decimal price;
    QString text;
};

/// What the price chart dock shows for one symbol: its recent bars with volume,
/// the lines of the strategy that proposes it, the marks, and the position's
/// stop and target while it is held.
struct PriceChartData
{
    QString symbol;
    QString strategy;     ///< whose lines are drawn (empty: none proposed this symbol yet)
    QList<Bar> bars;
    QList<ChartLine> lines; ///< aligned with `bars`
    QList<ChartMark> marks;
    Decimal stop;         ///< the held position's effective stop (zero: none)
    Decimal target;       ///< and its take-profit (zero: none)
};
Q_DECLARE_METATYPE(PriceChartData)
