// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/account.h"
#include "domain/fill.h"
#include "domain/order.h"
#include "domain/position.h"
#include "execution/orderrequest.h"

#include <QList>
#include <QObject>
#include <optional>

/// The broker seam: account, positions, open orders, submit, cancel, replace
/// and look-up by client order id. Asynchronous: every call returns at once;
/// what happened arrives later as value signals on the engine's thread, in
/// the order it happened. For one change the broker reports fills first, then
/// the positions and account they moved, then the orders' new states.
class Broker : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Broker() override = default;

    /// Reports the account, every position and every open order, then snapshotReceived.
    virtual void requestSnapshot() = 0;
    /// Sends an order. Its states arrive as orderUpdated; a submit whose outcome
    /// is unknown (timeout, dropped connection) arrives as submitUnresolved.
    virtual void submit(const OrderRequest &request) = 0;
    virtual void cancel(const QString &orderId, const QString &reason) = 0;
    /// Replaces an open order with `request` (a new client order id): the old
    /// one ends as replaced, the new one starts as its own order.
    virtual void replace(const QString &orderId, const OrderRequest &request) = 0;
    /// Looks an order up by client order id: lookupFinished, with no order when
    /// the broker never received it.
    virtual void lookup(const QString &clientOrderId) = 0;
    /// Reads the broker's positions and open orders as they are now, for
    /// reconciliation: answered by brokerStateReceived.
    virtual void requestBrokerState() = 0;

Q_SIGNALS:
    void accountUpdated(const Account &account);
    /// A position's new state; quantity zero when it closed.
    void positionUpdated(const Position &position);
    void orderUpdated(const Order &order);
    void fillReceived(const Fill &fill);
    void snapshotReceived();
    void submitUnresolved(const QString &clientOrderId, const QString &reason);
    void lookupFinished(const QString &clientOrderId, const std::optional<Order> &order);
    void connectionChanged(bool connected, const QString &reason);
    void brokerStateReceived(const QList<Position> &positions, const QList<Order> &openOrders);
    /// A problem the trader should see that is not an order's own answer
    /// (a message that did not read, a look-up that failed).
    void problem(const QString &what);
};
