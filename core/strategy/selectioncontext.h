// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "priceseries.h"

#include <QString>

/// The numbers a selector uses to pick a strategy for a symbol (SPEC §2.2).
struct SelectionContext
{
    double volatility20 = 0.0; ///< σ of 1-bar returns over 20 bars
    double volatility5 = 0.0;
    double sma20 = 0.0;
    double sma50 = 0.0;
    QString trend;             ///< "up" when SMA20 > SMA50, else "down"
    double volumeRatio = 1.0;  ///< last volume ÷ mean of the previous 20
    double rangePosition = 0.5;///< where the close sits in the 252-bar range, 0..1
    double change1 = 0.0;      ///< last 1-bar return
    QString regime;            ///< trending-up, trending-down, volatile or ranging

    static SelectionContext compute(const PriceSeries &series);
    QString describe() const;
};
