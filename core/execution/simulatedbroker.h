// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brokerbook.h"
#include "brokerupdate.h"
#include "domain/account.h"
#include "domain/position.h"
#include "orderrequest.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>

/// A cash account at a simulated exchange: market orders fill at the current
/// simulated price, stop orders rest until the price crosses them and then
/// fill at that price (so a gap through the stop fills at the open). Cash and
/// positions are exact decimals; equity is always cash + Σ qty × last price.
/// Like Alpaca, it rejects a duplicate client order id, a sell of more than is
/// held, and a buy that costs more than the cash (no margin).
class SimulatedBroker
{
public:
    explicit SimulatedBroker(Decimal startingCash);

    BrokerUpdate submit(const OrderRequest &request, Decimal marketPrice, const QDateTime &now);
    BrokerUpdate cancel(const QString &orderId, const QString &reason, const QDateTime &now);
    /// Replaces an open order: the old one ends as replaced and `request` is
    /// submitted in its place. An order no longer open is not replaced: the
    /// new request is rejected with the reason.
    BrokerUpdate replace(const QString &orderId, const OrderRequest &request, Decimal marketPrice, const QDateTime &now);
    /// Marks the symbol at `price` and triggers any resting stop it crosses.
    BrokerUpdate onPrice(const QString &symbol, Decimal price, const QDateTime &now);

    Account account() const { return m_book.account(); }
    QList<Position> positions() const { return m_book.positions(); }
    std::optional<Position> position(const QString &symbol) const { return m_book.position(symbol); }
    QList<Order> openOrders() const { return m_book.openOrders(); }
    std::optional<Order> orderByClientId(const QString &clientOrderId) const;
    Decimal cash() const { return m_cash; }
    Decimal startingCash() const { return m_startingCash; }
    void setLastEquity(Decimal equity) { m_book.setLastEquity(equity); }

    /// Rebuilds state from recorded history: every fill in time order and every
    /// order in its last recorded state (the open ones rest again; every client
    /// order id stays taken, so a restart cannot submit a duplicate). Returns
    /// false if the history is inconsistent.
    bool restore(const QList<Fill> &fills, const QList<Order> &orders);

private:
    Fill execute(Order &order, Decimal price, const QDateTime &now);
    static Order orderFrom(const OrderRequest &request, OrderStatus status, const QDateTime &now);
    Order reject(const OrderRequest &request, const QString &reason, const QDateTime &now) const;
    void applyFill(const Fill &fill);
    static bool isLeg(const Order &o);
    void addLegs(const Order &entry, const OrderRequest &request, const QDateTime &now, BrokerUpdate &u);
    void cancelSiblings(const Order &leg, const QString &why, const QDateTime &now, BrokerUpdate &u);

    void syncCash();

    Decimal m_startingCash;
    Decimal m_cash;
    BrokerBook m_book;                   ///< positions, open orders and prices, as any broker view
    void remember(const BrokerUpdate &u);

    QHash<QString, Order> m_known;       ///< client order id → the order's latest state, all orders ever accepted
};
