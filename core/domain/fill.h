// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"
#include "enums.h"

#include <QDateTime>
#include <QString>

/// One execution against an order.
struct Fill
{
    QString id;
    QString orderId;
    QString symbol;
    Side side = Side::Buy;
    Decimal qty;
    Decimal price;
    QDateTime time;
    bool external = false; ///< a fill of an order Sentinel did not place (its order's flag says so in the record)
};
Q_DECLARE_METATYPE(Fill)
