// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"

/// Risk limits (SPEC §4). Fractions are exact decimals: 0.05 means 5 %.
/// Only code and the operator's settings set these; nothing a model says can.
struct RiskConfig
{
    double minConfidence = 0.30;
    Decimal riskPerTrade = Decimal::fromRaw(20'000'000);     ///< 2 % of equity at risk per trade
    Decimal atrStopMultiple = Decimal::fromRaw(1'500'000'000); ///< stop distance = 1.5 × ATR14
    Decimal perPositionCap = Decimal::fromRaw(50'000'000);   ///< 5 % of equity per position
    Decimal grossExposureCap = Decimal::fromInt(1);          ///< 100 % of equity, no leverage
    bool fractionalEnabled = true;
    Decimal minNotional = Decimal::fromInt(10);              ///< $10 minimum for fractional orders
    int fractionalPlaces = 6;
};
