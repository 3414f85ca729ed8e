// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"
#include "enums.h"

#include <QDateTime>
#include <QString>

/// A broker order and its current state.
struct Order
{
    QString id;
    QString clientOrderId;
    QString proposalId;
    QString symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    OrderPurpose purpose = OrderPurpose::Entry;
    Decimal qty;
    Decimal stopPrice;
    Decimal limitPrice;
    Decimal trailPercent;
    Decimal trailPrice;
    Decimal notional;
    TimeInForce timeInForce = TimeInForce::Day;
    OrderClass orderClass = OrderClass::Simple;
    Decimal stopLossStop;    ///< a bracket/OTO entry: its stop-loss leg's stop
    Decimal takeProfitLimit; ///< a bracket entry: its take-profit leg's limit
    QString parentId;   ///< a bracket/OCO/OTO leg: its parent order
    QString replaces;   ///< the order this one replaced
    QString replacedBy; ///< the order that replaced this one
    bool external = false; ///< not placed by Sentinel (its client order id is not one of ours)
    OrderStatus status = OrderStatus::New;
    Decimal filledQty;
    Decimal filledAvgPrice;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString reason; ///< why it was rejected or cancelled
};
Q_DECLARE_METATYPE(Order)
