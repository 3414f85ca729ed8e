// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulatedbroker.h"

#include <QSet>

#include "util/ids.h"
#include "util/logging.h"

SimulatedBroker::SimulatedBroker(Decimal startingCash)
    : m_startingCash(startingCash)
    , m_cash(startingCash)
{
    m_book.setLastEquity(startingCash);
    syncCash();
}

void SimulatedBroker::syncCash()
{
    m_book.applyAccount({m_cash, {}, m_cash.isPositive() ? m_cash : Decimal(), {}});
}

Order SimulatedBroker::orderFrom(const OrderRequest &request, OrderStatus status, const QDateTime &now)
{
    Order o = orderFor(request, status, now);
    o.id = newId("ord");
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
    const Decimal held = m_book.position(request.symbol).value_or(Position{}).qty;
    if (request.side == Side::Sell) {
        Decimal reserved;
        for (const Order &o : m_book.openOrders())
            if (o.symbol == request.symbol && o.side == Side::Sell && !(isLeg(o) && o.type == OrderType::Limit))
                reserved += o.qty; // the two legs of a bracket hold the shares once
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
        if (request.orderClass != OrderClass::Simple)
            addLegs(o, request, now, u);
    } else {
        m_book.applyOrder(o);
    }
    remember(u);
    return u;
}

bool SimulatedBroker::isLeg(const Order &o)
{
    return !o.parentId.isEmpty();
}

void SimulatedBroker::addLegs(const Order &entry, const OrderRequest &request, const QDateTime &now, BrokerUpdate &u)
{
    // The entry filled: its legs rest at the broker, one cancelling the other.
    const auto leg = [&](OrderType type, OrderPurpose purpose, const QString &clientId, Decimal stop, Decimal limit) {
        Order l;
        l.id = newId("ord");
        l.clientOrderId = clientId;
        l.proposalId = entry.proposalId;
        l.symbol = entry.symbol;
        l.side = Side::Sell;
        l.type = type;
        l.purpose = purpose;
        l.qty = entry.filledQty;
        l.stopPrice = stop;
        l.limitPrice = limit;
        l.timeInForce = request.timeInForce;
        l.orderClass = request.orderClass;
        l.parentId = entry.id;
        l.status = OrderStatus::New;
        l.createdAt = l.updatedAt = now;
        m_book.applyOrder(l);
        u.orders.append(l);
    };
    if (request.stopLossStop.isPositive())
        leg(OrderType::Stop, OrderPurpose::ProtectiveStop, clientOrderIdFor(entry.proposalId, OrderPurpose::ProtectiveStop), request.stopLossStop,
            {});
    if (request.takeProfitLimit.isPositive())
        leg(OrderType::Limit, OrderPurpose::Exit, QStringLiteral("tp-") + entry.proposalId.section(QLatin1Char('_'), -1).left(44), {},
            request.takeProfitLimit);
}

void SimulatedBroker::cancelSiblings(const Order &leg, const QString &why, const QDateTime &now, BrokerUpdate &u)
{
    if (!isLeg(leg))
        return;
    for (Order o : m_book.openOrders()) {
        if (o.id == leg.id || o.parentId != leg.parentId)
            continue;
        o.status = OrderStatus::Canceled;
        o.reason = why;
        o.updatedAt = now;
        m_book.applyOrder(o);
        u.orders.append(o);
    }
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
    std::optional<Order> open = m_book.openOrder(orderId);
    if (!open) {
        u.orders.append(reject(request, QStringLiteral("order is not open and cannot be replaced"), now));
        return u;
    }
    Order old = *open;
    old.status = OrderStatus::Replaced;
    old.reason = QStringLiteral("replaced by %1").arg(request.clientOrderId);
    old.updatedAt = now;
    m_book.applyOrder(old);
    u.orders.append(old);
    remember(u);
    BrokerUpdate fresh = submit(request, marketPrice, now);
    // A replaced leg stays in its group (its sibling still cancels with it).
    for (Order &o : fresh.orders) {
        if (o.clientOrderId != request.clientOrderId || old.parentId.isEmpty())
            continue;
        o.parentId = old.parentId;
        o.orderClass = old.orderClass;
        if (::isOpen(o.status))
            m_book.applyOrder(o);
    }
    remember(fresh);
    u.append(fresh);
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
    Position p = m_book.position(f.symbol).value_or(Position{f.symbol, {}, {}, {}, {}});
    if (f.side == Side::Buy) {
        const Decimal newQty = p.qty + f.qty;
        p.avgEntryPrice = (p.costBasis() + value).dividedBy(newQty, Decimal::kScale, RoundingMode::HalfEven);
        p.qty = newQty;
        m_cash -= value;
    } else {
        p.qty -= f.qty;
        m_cash += value;
    }
    m_book.mark(f.symbol, f.price);
    p.lastPrice = f.price;
    m_book.applyPosition(p); // a quantity of zero closes it
    syncCash();
}

BrokerUpdate SimulatedBroker::cancel(const QString &orderId, const QString &reason, const QDateTime &now)
{
    BrokerUpdate u;
    std::optional<Order> open = m_book.openOrder(orderId);
    if (!open)
        return u;
    Order o = *open;
    o.status = OrderStatus::Canceled;
    o.reason = reason;
    o.updatedAt = now;
    m_book.applyOrder(o);
    u.orders.append(o);
    cancelSiblings(o, reason, now, u); // cancelling one order of a bracket cancels the rest
    remember(u);
    return u;
}

BrokerUpdate SimulatedBroker::onPrice(const QString &symbol, Decimal price, const QDateTime &now)
{
    BrokerUpdate u;
    if (!price.isPositive())
        return u;
    m_book.mark(symbol, price);
    QList<Order> triggered;
    for (const Order &o : m_book.openOrders()) {
        if (o.symbol != symbol)
            continue;
        const bool crossed = o.type == OrderType::Stop    ? (o.side == Side::Sell ? price <= o.stopPrice : price >= o.stopPrice)
                             : o.type == OrderType::Limit ? (o.side == Side::Sell ? price >= o.limitPrice : price <= o.limitPrice)
                                                          : false;
        if (crossed)
            triggered.append(o);
    }
    QSet<QString> groupsDone;
    for (Order o : triggered) {
        if (isLeg(o) && groupsDone.contains(o.parentId))
            continue; // its sibling filled on this price: this one was cancelled
        if (!m_book.openOrder(o.id))
            continue;
        const Decimal held = m_book.position(symbol).value_or(Position{}).qty;
        if (o.side == Side::Sell && o.qty > held) {
            // The position shrank since the stop was placed: sell what is held, never more.
            o.qty = held;
        }
        if (!o.qty.isPositive()) {
            o.status = OrderStatus::Canceled;
            o.reason = QStringLiteral("nothing held when the stop triggered");
            o.updatedAt = now;
            m_book.applyOrder(o);
            u.orders.append(o);
            continue;
        }
        u.fills.append(execute(o, price, now));
        m_book.applyOrder(o);
        u.orders.append(o);
        if (isLeg(o)) {
            groupsDone.insert(o.parentId);
            cancelSiblings(o, QStringLiteral("the other leg of its bracket filled"), now, u);
        }
    }
    remember(u);
    return u;
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
    const Decimal lastEquity = m_book.account().lastEquity;
    m_book.clear();
    m_book.setLastEquity(lastEquity);
    syncCash();
    m_known.clear();
    for (const Fill &f : fills) {
        if (f.side == Side::Sell && m_book.position(f.symbol).value_or(Position{}).qty < f.qty)
            return false;
        applyFill(f);
    }
    // The fills are the truth: an order recorded as open whose fills were all
    // recorded (the process was killed before its filled state was) is filled.
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
        if (::isOpen(o.status))
            m_book.applyOrder(o);
    }
    // A bracket entry whose fill is recorded but whose legs are not (the process
    // stopped between the two): the legs rest again, as they would at a broker.
    QSet<QString> parents;
    for (const Order &o : orders)
        if (!o.parentId.isEmpty())
            parents.insert(o.parentId);
    for (const Order &entry : orders) {
        const Order o = m_known.value(entry.clientOrderId);
        if (o.orderClass == OrderClass::Simple || o.purpose != OrderPurpose::Entry || o.status != OrderStatus::Filled || parents.contains(o.id)
            || !m_book.position(o.symbol))
            continue;
        OrderRequest r;
        r.timeInForce = o.timeInForce;
        r.orderClass = o.orderClass;
        r.stopLossStop = o.stopLossStop;
        r.takeProfitLimit = o.takeProfitLimit;
        BrokerUpdate legs;
        addLegs(o, r, o.updatedAt, legs);
        remember(legs);
    }
    return true;
}
