// SPDX-License-Identifier: GPL-3.0-or-later
#include "ordermanager.h"

#include "orderrules.h"

#include "persistence/tradestore.h"
#include "util/crashpoint.h"
#include "util/logging.h"
#include "venue/broker.h"
#include "venue/marketdata.h"

#include <QJsonArray>
#include <QJsonDocument>

OrderManager::OrderManager(TradeStore &store, Broker &broker, BrokerBook &book, const MarketData &data, Options options)
    : m_store(store)
    , m_broker(broker)
    , m_book(book)
    , m_data(data)
    , m_options(options)
{
}

QDateTime OrderManager::now() const
{
    return m_data.clock().now;
}

void OrderManager::restore()
{
    m_intents = m_store.loadOpenIntents();
    m_seq = m_store.lastIntentSeq();
    m_submitTimes.clear();
    const QJsonArray times = QJsonDocument::fromJson(m_store.state(QStringLiteral("submit_times")).toUtf8()).array();
    for (const QJsonValue &v : times)
        m_submitTimes.push_back(static_cast<qint64>(v.toDouble()));
    m_session = m_store.state(QStringLiteral("orders_today_session"), QStringLiteral("-1")).toInt();
    m_ordersToday = m_store.state(QStringLiteral("orders_today")).toInt();
}

void OrderManager::resolveAfterRestart()
{
    // Whatever was sent but not confirmed is looked up, never resent blindly.
    QStringList lookups;
    for (OrderIntent &i : m_intents) {
        if (i.state == OrderIntent::State::Submitted || i.state == OrderIntent::State::Unknown
            || i.state == OrderIntent::State::Acknowledged || i.state == OrderIntent::State::PartiallyFilled) {
            if (i.state == OrderIntent::State::Submitted) {
                // Sent, and no answer recorded: its fate is unknown until the look-up answers.
                i.state = OrderIntent::State::Unknown;
                i.reason = QStringLiteral("sent before a restart, answer not recorded");
                if (Status s = persist(i); !s)
                    return;
            }
            lookups.append(i.request.clientOrderId);
        }
    }
    for (const QString &id : lookups)
        m_broker.lookup(id);
    m_brokerReady = true;
    dispatch();
}

OrderIntent *OrderManager::find(const QString &clientOrderId)
{
    for (OrderIntent &i : m_intents)
        if (i.request.clientOrderId == clientOrderId)
            return &i;
    return nullptr;
}

Status OrderManager::persist(OrderIntent &intent)
{
    const Status s = m_store.transaction([&] { return m_store.updateIntent(intent); });
    if (!s && m_hooks.recordFailed)
        m_hooks.recordFailed(s.error());
    return s;
}

Status OrderManager::journal(const OrderRequest &requestIn, const QString &source, bool held, const QString &reason,
                             const QString &replaces)
{
    OrderRequest request = requestIn;
    if (request.purpose == OrderPurpose::Entry && request.orderClass == OrderClass::Simple && m_options.protectiveStops
        && request.stopPrice.isPositive() && request.side == Side::Buy) {
        // Entries are brackets: the protective stop (and the take-profit) live at the broker from the fill on.
        const Decimal reference = m_book.lastPrice(request.symbol);
        request.orderClass = m_options.takeProfitPct.isPositive() && reference.isPositive() ? OrderClass::Bracket : OrderClass::Oto;
        request.stopLossStop = request.stopPrice;
        if (request.orderClass == OrderClass::Bracket)
            request.takeProfitLimit = (reference * (Decimal::fromInt(1) + m_options.takeProfitPct)).rounded(2, RoundingMode::Up);
        request.timeInForce = TimeInForce::Gtc;
    }
    // The venue's order rules (SPEC §3) before anything is journaled or sent.
    if (Status s = checkOrderRules(request, m_data.asset(request.symbol), m_book.lastPrice(request.symbol)); !s)
        return Status::failure(QStringLiteral("%1 %2 %3: %4").arg(textOf(request.side), request.qty.toString(), request.symbol, s.error()));
    OrderIntent i;
    i.seq = ++m_seq;
    i.request = request;
    i.state = held ? OrderIntent::State::Held : OrderIntent::State::Ready;
    i.replaces = replaces;
    i.source = source;
    i.reason = reason;
    i.createdAt = now();
    if (Status s = m_store.journalIntent(i); !s) {
        --m_seq;
        return Status::failure(QStringLiteral("order %1 (%2, %3 %4): %5")
                                   .arg(request.clientOrderId, source, textOf(request.purpose), request.symbol, s.error()));
    }
    m_staged.append(i);
    return {};
}

void OrderManager::commitStaged()
{
    m_intents.append(m_staged);
    m_staged.clear();
}

void OrderManager::dropStaged()
{
    if (!m_staged.isEmpty())
        m_seq = m_staged.front().seq - 1;
    m_staged.clear();
}

Status OrderManager::end(OrderIntent &intent, OrderIntent::State state, const QString &why)
{
    intent.state = state;
    intent.reason = why;
    return m_store.updateIntent(intent);
}

Status OrderManager::saveCounters()
{
    QJsonArray times;
    for (qint64 t : m_submitTimes)
        times.append(static_cast<double>(t));
    if (Status s = m_store.setState(QStringLiteral("submit_times"), QString::fromUtf8(QJsonDocument(times).toJson(QJsonDocument::Compact))); !s)
        return s;
    return m_store.setState(QStringLiteral("orders_today"), QString::number(m_ordersToday));
}

Status OrderManager::startSession(int sessionIndex)
{
    m_session = sessionIndex;
    m_ordersToday = 0;
    if (Status s = m_store.setState(QStringLiteral("orders_today_session"), QString::number(sessionIndex)); !s)
        return s;
    return saveCounters();
}

int OrderManager::submitsLastMinute() const
{
    // The venue's clock: 30 submits per minute of the market's time.
    const qint64 cutoff = now().toMSecsSinceEpoch() - 60'000;
    int n = 0;
    for (qint64 t : m_submitTimes)
        if (t >= cutoff)
            ++n;
    return n;
}

QList<OrderIntent> OrderManager::held() const
{
    QList<OrderIntent> out;
    for (const OrderIntent &i : m_intents)
        if (i.state == OrderIntent::State::Held)
            out.append(i);
    return out;
}

Status OrderManager::releaseHeld(bool entriesAllowed, const QString &blockedWhy)
{
    int room = m_options.maxSubmitsPerMinute - submitsLastMinute();
    QList<OrderIntent> ended;
    for (OrderIntent &i : m_intents) {
        if (i.state != OrderIntent::State::Held)
            continue;
        if (room <= 0)
            break;
        if (i.request.purpose == OrderPurpose::Entry) {
            if (!entriesAllowed) {
                if (Status s = end(i, OrderIntent::State::Canceled, QStringLiteral("held entry dropped at the open: %1").arg(blockedWhy)); !s)
                    return s;
                ended.append(i);
                continue;
            }
        } else {
            // The position may have changed while the order waited: sell what is held, never more.
            const Decimal heldQty = m_book.position(i.request.symbol).value_or(Position{}).qty;
            if (!heldQty.isPositive()) {
                if (Status s = end(i, OrderIntent::State::Canceled, QStringLiteral("the position closed before the order could be sent")); !s)
                    return s;
                ended.append(i);
                continue;
            }
            i.request.qty = std::min(heldQty, i.request.qty);
        }
        i.state = OrderIntent::State::Ready;
        i.reason = QStringLiteral("released at the open");
        if (Status s = m_store.updateIntent(i); !s)
            return s;
        --room;
    }
    for (const OrderIntent &i : ended)
        if (m_hooks.intentEnded)
            m_hooks.intentEnded(i, i.reason);
    m_intents.removeIf([](const OrderIntent &i) { return i.isFinal(); });
    return {};
}

void OrderManager::dispatch()
{
    // Until the broker's open orders are all in, a released exit could not see
    // the stop it must cancel first: nothing goes out before then.
    if (!m_brokerReady)
        return;
    if (m_dispatching) {
        m_dispatchAgain = true;
        return;
    }
    m_dispatching = true;
    do {
        m_dispatchAgain = false;
        // Broker answers may arrive during a send and change the list: walk a copy of the ids.
        QStringList ready;
        for (const OrderIntent &i : std::as_const(m_intents))
            if (i.state == OrderIntent::State::Ready)
                ready.append(i.request.clientOrderId);
        for (const QString &id : ready) {
            OrderIntent *i = find(id);
            if (i && i->state == OrderIntent::State::Ready)
                send(*i);
        }
    } while (m_dispatchAgain);
    m_dispatching = false;
}

void OrderManager::send(OrderIntent &intent)
{
    OrderRequest &r = intent.request;
    if (r.purpose == OrderPurpose::Exit) {
        const Decimal heldQty = m_book.position(r.symbol).value_or(Position{}).qty;
        if (!heldQty.isPositive()) {
            const OrderIntent copy = intent;
            if (Status s = m_store.transaction([&] { return end(intent, OrderIntent::State::Canceled, QStringLiteral("nothing held when the exit was due")); }); !s) {
                if (m_hooks.recordFailed)
                    m_hooks.recordFailed(s.error());
                return;
            }
            if (m_hooks.intentEnded)
                m_hooks.intentEnded(intent, intent.reason);
            m_intents.removeIf([&](const OrderIntent &x) { return x.request.clientOrderId == copy.request.clientOrderId; });
            return;
        }
        // The protective stop reserves the shares. Its replacement (this exit) is
        // journaled already, so it may go now; the exit follows the confirmed cancel.
        if (const std::optional<Order> stop = m_book.protectiveStop(r.symbol)) {
            if (!m_cancelRequested.contains(stop->id)) {
                m_cancelRequested.insert(stop->id);
                crashPoint("exit.before_stop_cancel");
                m_broker.cancel(stop->id, QStringLiteral("replaced by the approved exit %1").arg(r.clientOrderId));
            }
            return;
        }
        r.qty = std::min(heldQty, r.qty);
    }
    QString replaces = intent.replaces;
    if (!replaces.isEmpty() && !m_book.openOrder(replaces)) {
        // The stop it was to replace is gone (filled, or replaced already).
        const bool positionLeft = m_book.position(r.symbol).has_value();
        if (!positionLeft || m_book.protectiveStop(r.symbol)) {
            const QString id = r.clientOrderId;
            if (Status s = m_store.transaction([&] {
                    return end(intent, OrderIntent::State::Canceled,
                               positionLeft ? QStringLiteral("another stop protects the position") : QStringLiteral("the position closed"));
                });
                !s) {
                if (m_hooks.recordFailed)
                    m_hooks.recordFailed(s.error());
                return;
            }
            m_intents.removeIf([&](const OrderIntent &x) { return x.request.clientOrderId == id; });
            return;
        }
        replaces.clear(); // the position is unprotected: send the stop on its own
    }
    intent.state = OrderIntent::State::Submitted;
    intent.reason.clear();
    m_submitTimes.push_back(now().toMSecsSinceEpoch());
    while (m_submitTimes.size() > 200)
        m_submitTimes.pop_front();
    if (r.purpose == OrderPurpose::Entry)
        ++m_ordersToday;
    const Status s = m_store.transaction([&]() -> Status {
        if (Status u = m_store.updateIntent(intent); !u)
            return u;
        return saveCounters();
    });
    if (!s) {
        if (m_hooks.recordFailed)
            m_hooks.recordFailed(s.error());
        return;
    }
    crashPoint("order.before_send");
    const OrderRequest request = r; // the intent may move while the broker answers
    m_sent.append(request.clientOrderId);
    if (replaces.isEmpty())
        m_broker.submit(request);
    else
        m_broker.replace(replaces, request);
    crashPoint("order.after_send");
}

Status OrderManager::recordUnlessKnown(const Order &order, OrderIntent *intent)
{
    return m_store.transaction([&]() -> Status {
        if (Status s = m_store.recordOrder(order); !s)
            return s;
        if (intent) {
            intent->state = intentStateFor(order.status);
            intent->brokerOrderId = order.id;
            if (order.status == OrderStatus::Filled || order.status == OrderStatus::PartiallyFilled)
                intent->request.qty = order.qty;
            intent->reason = order.reason;
            if (Status s = m_store.updateIntent(*intent); !s)
                return s;
        }
        if (order.purpose == OrderPurpose::Entry && order.status == OrderStatus::Filled && intent && m_options.protectiveStops
            && intent->request.stopPrice.isPositive() && intent->request.orderClass == OrderClass::Simple) {
            // (A bracket or OTO entry has its stop-loss leg at the broker already.)
            // The protective stop is journaled with the fill that needs it: no
            // instant exists at which the record holds the position without it.
            const Decimal heldQty = m_book.position(order.symbol).value_or(Position{}).qty;
            const Decimal qty = heldQty.isPositive() ? std::min(heldQty, order.filledQty) : order.filledQty;
            const OrderRequest stop = makeOrderRequest(clientOrderIdFor(order.proposalId, OrderPurpose::ProtectiveStop), order.proposalId,
                                                      order.symbol, Side::Sell, OrderType::Stop, OrderPurpose::ProtectiveStop, qty,
                                                      intent->request.stopPrice);
            if (Status rules = checkOrderRules(stop, m_data.asset(stop.symbol), m_book.lastPrice(stop.symbol)); !rules) {
                // The fill is recorded whatever happens; a stop the venue would refuse is said loudly.
                qCCritical(lcBroker).noquote() << QStringLiteral("%1: no protective stop can be placed: %2").arg(order.symbol, rules.error());
            } else if (Status s = journal(stop, QStringLiteral("protective_stop"), false, {}); !s) {
                return s;
            }
        }
        return m_hooks.recordOrderEffects ? m_hooks.recordOrderEffects(order, intent) : Status();
    });
}

void OrderManager::onOrderUpdated(const Order &order)
{
    crashPoint("order.event");
    OrderIntent *intent = find(order.clientOrderId);
    if (intent && intent->state == intentStateFor(order.status) && intent->brokerOrderId == order.id
        && order.status != OrderStatus::PartiallyFilled) {
        m_book.applyOrder(order); // a repeat (a look-up or snapshot of what is recorded)
        return;
    }
    if (Status s = recordUnlessKnown(order, intent); !s) {
        dropStaged();
        if (m_hooks.recordFailed)
            m_hooks.recordFailed(s.error());
        return;
    }
    commitStaged();
    m_book.applyOrder(order);
    if (m_hooks.brokerResult)
        m_hooks.brokerResult(true, {});
    const std::optional<OrderIntent> done = intent && intent->isFinal() ? std::optional<OrderIntent>(*intent) : std::nullopt;
    if (done)
        m_intents.removeIf([&](const OrderIntent &x) { return x.request.clientOrderId == order.clientOrderId; });

    if (done && (order.status == OrderStatus::Rejected || order.status == OrderStatus::Canceled || order.status == OrderStatus::Expired)
        && m_hooks.intentEnded)
        m_hooks.intentEnded(*done, order.reason);
    if (order.status == OrderStatus::Rejected && m_hooks.brokerResult)
        qCWarning(lcBroker).noquote() << QStringLiteral("%1 %2 %3 rejected: %4").arg(textOf(order.purpose), textOf(order.side), order.symbol, order.reason);
    if (order.purpose == OrderPurpose::ProtectiveStop && !::isOpen(order.status))
        m_cancelRequested.remove(order.id);
    dispatch();
}

void OrderManager::onUnresolved(const QString &clientOrderId, const QString &reason)
{
    OrderIntent *i = find(clientOrderId);
    if (!i)
        return;
    i->state = OrderIntent::State::Unknown;
    i->reason = reason;
    if (!persist(*i))
        return;
    if (m_hooks.brokerResult)
        m_hooks.brokerResult(false, reason);
    qCWarning(lcBroker).noquote() << QStringLiteral("order %1: outcome unknown (%2); looking it up").arg(clientOrderId, reason);
    m_broker.lookup(clientOrderId);
}

void OrderManager::onLookup(const QString &clientOrderId, const std::optional<Order> &order)
{
    OrderIntent *i = find(clientOrderId);
    if (!i || i->state == OrderIntent::State::Held || i->state == OrderIntent::State::Ready)
        return;
    if (order) {
        // Whatever happened while the answer was missing is recorded now (a repeat is ignored).
        qCInfo(lcBroker).noquote() << QStringLiteral("order %1 found at the broker: %2").arg(clientOrderId, textOf(order->status));
        onOrderUpdated(*order);
        return;
    }
    if (i->state != OrderIntent::State::Unknown) {
        // An order the broker acknowledged and no longer knows: a difference for reconciliation, never a resend.
        qCWarning(lcBroker).noquote() << QStringLiteral("order %1 (%2) is not known to the broker").arg(clientOrderId, textOf(i->state));
        return;
    }
    // The broker never received it: now, and only now, it may be sent again.
    i->state = OrderIntent::State::Ready;
    i->reason = QStringLiteral("not at the broker after an unanswered submit; sent again");
    if (!persist(*i))
        return;
    qCInfo(lcBroker).noquote() << QStringLiteral("order %1 not at the broker; sending it once").arg(clientOrderId);
    dispatch();
}

Status OrderManager::cancelOrder(const QString &orderId, const QString &why)
{
    for (const Order &o : m_book.openOrders())
        if (o.id == orderId || o.clientOrderId == orderId) {
            qCInfo(lcPipeline).noquote() << QStringLiteral("cancel %1 %2 %3 (%4): %5").arg(textOf(o.side), o.qty.toString(), o.symbol, o.id, why);
            m_broker.cancel(o.id, why);
            return {};
        }
    return Status::failure(QStringLiteral("order %1 is not open: nothing to cancel").arg(orderId));
}

void OrderManager::cancelEntries(const QString &why)
{
    for (const Order &o : m_book.openOrders())
        if (o.purpose == OrderPurpose::Entry) // protective stops reduce risk and stay
            m_broker.cancel(o.id, why);
    QList<OrderIntent> ended;
    const Status s = m_store.transaction([&]() -> Status {
        for (OrderIntent &i : m_intents) {
            if (i.request.purpose != OrderPurpose::Entry
                || (i.state != OrderIntent::State::Held && i.state != OrderIntent::State::Ready))
                continue;
            if (Status e = end(i, OrderIntent::State::Canceled, why); !e)
                return e;
            ended.append(i);
        }
        return {};
    });
    if (!s) {
        if (m_hooks.recordFailed)
            m_hooks.recordFailed(s.error());
        return;
    }
    m_intents.removeIf([](const OrderIntent &i) { return i.isFinal(); });
    for (const OrderIntent &i : ended) {
        qCWarning(lcRisk).noquote() << QStringLiteral("entry for %1 not sent: %2").arg(i.request.symbol, why);
        if (m_hooks.intentEnded)
            m_hooks.intentEnded(i, why);
    }
}

Status OrderManager::raiseStop(const QString &symbol, Decimal stop, Decimal qty, const QString &source)
{
    const std::optional<Order> current = m_book.protectiveStop(symbol);
    if (!current || current->stopPrice >= stop || !qty.isPositive())
        return {};
    // Every raise is a replace at the broker: raises smaller than the minimum step
    // wait until the stop has moved far enough (Alpaca allows 200 requests a minute).
    const Decimal step = std::max(Decimal::fromRaw(Decimal::kOne / 100), current->stopPrice * m_options.minStopRaise);
    if (stop - current->stopPrice < step)
        return {};
    for (const OrderIntent &i : std::as_const(m_intents))
        if (i.replaces == current->id || (i.request.purpose == OrderPurpose::Exit && i.request.symbol == symbol))
            return {}; // already being replaced, or about to give way to an exit
    for (const OrderIntent &i : std::as_const(m_staged))
        if (i.replaces == current->id)
            return {};
    // The generation of the stop is in its client order id: "st-…" is the first, "rN-…" the N-th replacement.
    const QString tag = current->clientOrderId.section(QLatin1Char('-'), 0, 0);
    int generation = (tag.startsWith(QLatin1Char('r')) ? tag.mid(1).toInt(nullptr, 36) : 0) + 1;
    // A replacement that was journaled and ended without taking over (refused, or its
    // stop filled first) keeps its id: the next one takes the next free generation.
    while (generation < 36 * 36 - 1 && m_store.loadIntent(clientOrderIdFor(current->proposalId, OrderPurpose::ProtectiveStop, generation)))
        ++generation;
    const OrderRequest r = makeOrderRequest(clientOrderIdFor(current->proposalId, OrderPurpose::ProtectiveStop, generation),
                                            current->proposalId, symbol, Side::Sell, OrderType::Stop, OrderPurpose::ProtectiveStop, qty, stop);
    return journal(r, source, false, {}, current->id);
}
