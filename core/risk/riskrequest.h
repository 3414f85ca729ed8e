// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/account.h"
#include "domain/decimal.h"
#include "domain/enums.h"

#include <QHash>
#include <QString>

/// What is asked of the risk engine: one order for one symbol.
struct RiskRequest
{
    QString symbol;
    Side side = Side::Buy;
    Decimal price;          ///< reference price
    double confidence = 0.0;
    double atr = 0.0;       ///< ATR14; 0 or NaN when unavailable
    Decimal requestedQty;   ///< zero: the engine sizes the order itself
};

/// The account as the engine sees it at the moment of the check.
struct RiskContext
{
    Account account;
    QHash<QString, Decimal> positionQty;   ///< held quantity per symbol (long only)
    QHash<QString, Decimal> positionValue; ///< marked value per symbol
    Decimal grossExposure;                 ///< Σ position values
    bool fractionable = true;              ///< whether the request's symbol trades in fractions

    Decimal heldQty(const QString &symbol) const { return positionQty.value(symbol); }
};
