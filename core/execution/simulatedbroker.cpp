// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulatedbroker.h"

#include "util/ids.h"
#include "util/logging.h"

SimulatedBroker::SimulatedBroker(Decimal startingCash)
    : m_startingCash(startingCash)
    , m_cash(startingCash)
    , m_lastEquity(startingCash)
{
}

Order SimulatedBroker::orderFrom(const OrderRequest &request, OrderStatus status, const QDateTime &now)
{
    Order o;
    o.id = newId("ord");
    o.clientOrderId = request.clientOrderId;
    o.proposalId = request.proposalId;
    o.symbol = request.symbol;
    o.side = request.side;
    o.type = request.type;
    o.purpose = request.purpose;
    o.qty = request.qty;
    o.stopPrice = request.stopPrice;
    o.status = status;
    o.createdAt = o.updatedAt = now;
    return o;
}

Order SimulatedBroker::reject(const OrderRequest &request, const QString &reason, const QDateTime &now) const
{
    Order o = orderFrom(request, OrderStatus::Rejected, now);
    o.reason = reason;
    qCWarning(lcBroker) << "order rejected:" << request.symbol << textOf(request.side) << request.qty.toString() << "-" << reason;
    return o;
}

BrokerUpdate SimulatedBroker::submit(const OrderRequest &request, Decimal marketPrice, const QDateTime &now)
{
    BrokerUpdate u;
    if (request.clientOrderId.isEmpty() || request.clientOrderId.size() > 48) {
        u.orders.append(reject(request, QStringLiteral("client_order_id must be 1–48 characters"), now));
        return u;
    }
    if (m_known.contains(request.clientOrderId)) {
        u.orders.append(reject(request, QStringLiteral("client_order_id must be unique"), now));
        return u;
    }
    if (!request.qty.isPositive()) {
        u.orders.append(reject(request, QStringLiteral("qty must be positive"), now));
        return u;
    }
    if (request.type == OrderType::Stop && !request.stopPrice.isPositive()) {
        u.orders.append(reject(request, QStringLiteral("stop_price must be positive"), now));
        return u;
    }
    if (request.type == OrderType::Market && !marketPrice.isPositive()) {
        u.orders.append(reject(request, QStringLiteral("no valid price for %1").arg(request.symbol), now));
        return u;
    }
    const Decimal held = m_positions.contains(request.symbol) ? m_positions[request.symbol].qty : Decimal();
    if (request.side == Side::Sell) {
        Decimal reserved;
        for (const Order &o : std::as_const(m_open))
            if (o.symbol == request.symbol && o.side == Side::Sell)
                reserved += o.qty;
        if (request.qty > held - reserved) {
            u.orders.append(reject(request, QStringLiteral("insufficient qty available for order (requested: %1, available: %2)")
                                                .arg(request.qty.toString(), (held - reserved).toString()), now));
            return u;
        }
    } else if (request.type == OrderType::Market && request.qty * marketPrice > m_cash) {
        u.orders.append(reject(request, QStringLiteral("insufficient buying power"), now));
        return u;
    }

    Order o = orderFrom(request, OrderStatus::Accepted, now);
    u.orders.append(o);
    if (o.type == OrderType::Market) {
        u.fills.append(execute(o, marketPrice, now));
        u.orders.append(o);
    } else {
        m_open.insert(o.id, o);
        if (o.side == Side::Sell && m_positions.contains(o.symbol))
            m_positions[o.symbol].stopPrice = o.stopPrice;
    }
    remember(u);
    return u;
}

void SimulatedBroker::remember(const BrokerUpdate &u)
{
    for (const Order &o : u.orders)
        if (o.status != OrderStatus::Rejected || !m_known.contains(o.clientOrderId))
            m_known.insert(o.clientOrderId, o);
}

BrokerUpdate SimulatedBroker::replace(const QString &orderId, const OrderRequest &request, Decimal marketPrice, const QDateTime &now)
{
    BrokerUpdate u;
    auto it = m_open.find(orderId);
    if (it == m_open.end()) {
        u.orders.append(reject(request, QStringLiteral("order is not open and cannot be replaced"), now));
        return u;
    }
    Order old = *it;
    m_open.erase(it);
    old.status = OrderStatus::Replaced;
    old.reason = QStringLiteral("replaced by %1").arg(request.clientOrderId);
    old.updatedAt = now;
    if (m_positions.contains(old.symbol) && old.purpose == OrderPurpose::ProtectiveStop)
        m_positions[old.symbol].stopPrice = Decimal();
    u.orders.append(old);
    remember(u);
    u.append(submit(request, marketPrice, now));
    return u;
}

Fill SimulatedBroker::execute(Order &order, Decimal price, const QDateTime &now)
{
    Fill f;
    f.id = newId("fil");
    f.orderId = order.id;
    f.symbol = order.symbol;
    f.side = order.side;
    f.qty = order.qty;
    f.price = price;
    f.time = now;
    applyFill(f);
    order.status = OrderStatus::Filled;
    order.filledQty = order.qty;
    order.filledAvgPrice = price;
    order.updatedAt = now;
    return f;
}

void SimulatedBroker::applyFill(const Fill &f)
{
    const Decimal value = f.qty * f.price;
    Position &p = m_positions[f.symbol];
    p.symbol = f.symbol;
    if (f.side == Side::Buy) {
        const Decimal newQty = p.qty + f.qty;
        p.avgEntryPrice = (p.costBasis() + value).dividedBy(newQty, Decimal::kScale, RoundingMode::HalfEven);
        p.qty = newQty;
        m_cash -= value;
    } else {
        p.qty -= f.qty;
        m_cash += value;
    }
    p.lastPrice = f.price;
    if (!p.qty.isPositive())
        m_positions.remove(f.symbol);
}

BrokerUpdate SimulatedBroker::cancel(const QString &orderId, const QString &reason, const QDateTime &now)
{
    BrokerUpdate u;
    auto it = m_open.find(orderId);
    if (it == m_open.end())
        return u;
    Order o = *it;
    m_open.erase(it);
    o.status = OrderStatus::Canceled;
    o.reason = reason;
    o.updatedAt = now;
    if (m_positions.contains(o.symbol) && o.purpose == OrderPurpose::ProtectiveStop)
        m_positions[o.symbol].stopPrice = Decimal();
    u.orders.append(o);
    remember(u);
    return u;
}

BrokerUpdate SimulatedBroker::onPrice(const QString &symbol, Decimal price, const QDateTime &now)
{
    BrokerUpdate u;
    if (!price.isPositive())
        return u;
    if (auto it = m_positions.find(symbol); it != m_positions.end())
        it->lastPrice = price;
    QList<QString> triggered;
    for (const Order &o : std::as_const(m_open)) {
        if (o.symbol != symbol || o.type != OrderType::Stop)
            continue;
        const bool crossed = o.side == Side::Sell ? price <= o.stopPrice : price >= o.stopPrice;
        if (crossed)
            triggered.append(o.id);
    }
    std::sort(triggered.begin(), triggered.end());
    for (const QString &id : triggered) {
        Order o = m_open.take(id);
        const Decimal held = m_positions.contains(symbol) ? m_positions[symbol].qty : Decimal();
        if (o.side == Side::Sell && o.qty > held) {
            // The position shrank since the stop was placed: sell what is held, never more.
            o.qty = held;
        }
        if (!o.qty.isPositive()) {
            o.status = OrderStatus::Canceled;
            o.reason = QStringLiteral("nothing held when the stop triggered");
            o.updatedAt = now;
            u.orders.append(o);
            continue;
        }
        u.fills.append(execute(o, price, now));
        u.orders.append(o);
    }
    remember(u);
    return u;
}

Account SimulatedBroker::account() const
{
    Account a;
    a.cash = m_cash;
    Decimal positions;
    for (const Position &p : m_positions)
        positions += p.marketValue();
    a.equity = m_cash + positions;
    a.buyingPower = m_cash.isPositive() ? m_cash : Decimal();
    a.lastEquity = m_lastEquity;
    return a;
}

QList<Position> SimulatedBroker::positions() const
{
    return m_positions.values();
}

std::optional<Position> SimulatedBroker::position(const QString &symbol) const
{
    const auto it = m_positions.constFind(symbol);
    if (it == m_positions.cend())
        return std::nullopt;
    return *it;
}

QList<Order> SimulatedBroker::openOrders() const
{
    QList<Order> out = m_open.values();
    std::sort(out.begin(), out.end(), [](const Order &a, const Order &b) { return a.createdAt < b.createdAt || (a.createdAt == b.createdAt && a.id < b.id); });
    return out;
}

std::optional<Order> SimulatedBroker::orderByClientId(const QString &clientOrderId) const
{
    const auto it = m_known.constFind(clientOrderId);
    if (it == m_known.cend())
        return std::nullopt;
    return *it;
}

bool SimulatedBroker::restore(const QList<Fill> &fills, const QList<Order> &orders)
{
    m_cash = m_startingCash;
    m_positions.clear();
    m_open.clear();
    m_known.clear();
    for (const Fill &f : fills) {
        if (f.side == Side::Sell && (!m_positions.contains(f.symbol) || m_positions[f.symbol].qty < f.qty))
            return false;
        applyFill(f);
    }
    // The fills are the truth: an order recorded as open whose fills were
    // recorded in full (a stop process killed in between) is filled.
    QHash<QString, std::pair<Decimal, Decimal>> filled; // order id → qty, value
    for (const Fill &f : fills) {
        filled[f.orderId].first += f.qty;
        filled[f.orderId].second += f.qty * f.price;
    }
    for (Order o : orders) {
        if (o.clientOrderId.isEmpty())
            continue;
        if (::isOpen(o.status) && filled.contains(o.id) && filled[o.id].first >= o.qty) {
            o.status = OrderStatus::Filled;
            o.filledQty = filled[o.id].first;
            o.filledAvgPrice = filled[o.id].second.dividedBy(o.filledQty, 4, RoundingMode::HalfEven);
        }
        m_known.insert(o.clientOrderId, o);
        if (!::isOpen(o.status))
            continue;
        m_open.insert(o.id, o);
        if (o.purpose == OrderPurpose::ProtectiveStop && m_positions.contains(o.symbol))
            m_positions[o.symbol].stopPrice = o.stopPrice;
    }
    return true;
}
