// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/account.h"
#include "domain/order.h"
#include "domain/position.h"

#include <QHash>
#include <QList>
#include <QMap>

#include <optional>

/// The engine's view of the broker, built only from what the broker reported:
/// cash and buying power, positions, open orders, and the last price of each
/// symbol. Equity is cash + Σ qty × last price, whichever venue reported it.
class BrokerBook
{
public:
    void applyAccount(const Account &account);
    /// A position's new state; quantity zero removes it.
    void applyPosition(const Position &position);
    /// An order's new state; one that is no longer open leaves the book.
    void applyOrder(const Order &order);
    void mark(const QString &symbol, Decimal price);
    void clear();

    Account account() const;
    QList<Position> positions() const;
    std::optional<Position> position(const QString &symbol) const;
    /// Open orders, oldest first.
    QList<Order> openOrders() const;
    std::optional<Order> openOrder(const QString &orderId) const;
    /// The open protective stop of a symbol, if any.
    std::optional<Order> protectiveStop(const QString &symbol) const;
    Decimal lastPrice(const QString &symbol) const { return m_prices.value(symbol); }
    void setLastEquity(Decimal equity) { m_lastEquity = equity; }

private:
    Decimal m_cash;
    Decimal m_buyingPower;
    Decimal m_lastEquity;
    QMap<QString, Position> m_positions; ///< sorted by symbol for stable output
    QHash<QString, Order> m_open;
    QHash<QString, Decimal> m_prices;
};
