// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"

#include <QString>

/// A long position with its mark and protective stop.
struct Position
{
    QString symbol;
    Decimal qty;
    Decimal avgEntryPrice;
    Decimal lastPrice;
    Decimal stopPrice; ///< zero when no protective stop is working

    Decimal marketValue() const { return qty * lastPrice; }
    Decimal costBasis() const { return qty * avgEntryPrice; }
    Decimal unrealizedPnl() const { return marketValue() - costBasis(); }
};
Q_DECLARE_METATYPE(Position)
