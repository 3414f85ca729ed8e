// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"

/// Cash and equity of the trading account. equity = cash + Σ position values.
struct Account
{
    Decimal cash;
    Decimal equity;
    Decimal buyingPower;
    Decimal lastEquity; ///< equity at the previous session close
};
Q_DECLARE_METATYPE(Account)
