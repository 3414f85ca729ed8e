// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/fill.h"
#include "domain/order.h"

#include <QList>

/// Everything a broker call changed: orders in their new state and new fills,
/// in the order they happened. The caller records them before acting on them.
struct BrokerUpdate
{
    QList<Order> orders;
    QList<Fill> fills;

    bool isEmpty() const { return orders.isEmpty() && fills.isEmpty(); }
    void append(const BrokerUpdate &other)
    {
        orders.append(other.orders);
        fills.append(other.fills);
    }
};
