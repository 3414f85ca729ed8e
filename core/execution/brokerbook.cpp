// SPDX-License-Identifier: GPL-3.0-or-later
#include "brokerbook.h"

#include <algorithm>

void BrokerBook::applyAccount(const Account &account)
{
    m_cash = account.cash;
    m_buyingPower = account.buyingPower;
}

void BrokerBook::applyPosition(const Position &position)
{
    if (!position.qty.isPositive()) {
        m_positions.remove(position.symbol);
        return;
    }
    Position p = position;
    const Decimal known = m_prices.value(p.symbol);
    if (known.isPositive())
        p.lastPrice = known;
    else if (p.lastPrice.isPositive())
        m_prices.insert(p.symbol, p.lastPrice);
    // The protective stop is the book's own knowledge of the open orders.
    const std::optional<Order> stop = protectiveStop(p.symbol);
    p.stopPrice = stop ? stop->stopPrice : Decimal();
    m_positions.insert(p.symbol, p);
}

void BrokerBook::applyOrder(const Order &order)
{
    if (::isOpen(order.status))
        m_open.insert(order.id, order);
    else
        m_open.remove(order.id);
    if (auto it = m_positions.find(order.symbol); it != m_positions.end() && order.purpose == OrderPurpose::ProtectiveStop) {
        const std::optional<Order> stop = protectiveStop(order.symbol);
        it->stopPrice = stop ? stop->stopPrice : Decimal();
    }
}

void BrokerBook::mark(const QString &symbol, Decimal price)
{
    if (!price.isPositive())
        return;
    m_prices.insert(symbol, price);
    if (auto it = m_positions.find(symbol); it != m_positions.end())
        it->lastPrice = price;
}

void BrokerBook::clear()
{
    *this = BrokerBook();
}

Account BrokerBook::account() const
{
    Account a;
    a.cash = m_cash;
    Decimal positions;
    for (const Position &p : m_positions)
        positions += p.marketValue();
    a.equity = m_cash + positions;
    a.buyingPower = m_buyingPower;
    a.lastEquity = m_lastEquity;
    return a;
}

QList<Position> BrokerBook::positions() const
{
    return m_positions.values();
}

std::optional<Position> BrokerBook::position(const QString &symbol) const
{
    const auto it = m_positions.constFind(symbol);
    if (it == m_positions.cend())
        return std::nullopt;
    return *it;
}

QList<Order> BrokerBook::openOrders() const
{
    QList<Order> out = m_open.values();
    std::sort(out.begin(), out.end(),
              [](const Order &a, const Order &b) { return a.createdAt < b.createdAt || (a.createdAt == b.createdAt && a.id < b.id); });
    return out;
}

std::optional<Order> BrokerBook::openOrder(const QString &orderId) const
{
    const auto it = m_open.constFind(orderId);
    if (it == m_open.cend())
        return std::nullopt;
    return *it;
}

std::optional<Order> BrokerBook::protectiveStop(const QString &symbol) const
{
    std::optional<Order> best;
    for (const Order &o : m_open)
        if (o.symbol == symbol && o.purpose == OrderPurpose::ProtectiveStop && (!best || o.createdAt > best->createdAt))
            best = o;
    return best;
}
