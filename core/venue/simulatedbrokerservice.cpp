// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulatedbrokerservice.h"

#include "simulatedmarketdata.h"

#include <QSet>

SimulatedBrokerService::SimulatedBrokerService(const SimulatedMarketData &market, Decimal startingCash, QObject *parent)
    : Broker(parent)
    , m_market(market)
    , m_state(startingCash)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SimulatedBrokerService::deliver);
    // Connected before anyone else: resting stops trigger on a price before the
    // engine sees that price, as at a real exchange.
    connect(&market, &MarketData::quotesUpdated, this, [this](const QList<Quote> &quotes, const VenueClock &) { onQuotes(quotes); });
}

bool SimulatedBrokerService::restore(const QList<Fill> &fills, const QList<Order> &orders)
{
    return m_state.restore(fills, orders);
}

void SimulatedBrokerService::post(std::function<void()> report)
{
    m_queue.push_back({QDeadlineTimer(m_latencyMs), std::move(report)});
    if (m_latencyMs == 0)
        deliver();
    else if (!m_timer.isActive())
        m_timer.start(m_latencyMs);
}

void SimulatedBrokerService::postUpdate(const BrokerUpdate &update)
{
    if (update.isEmpty())
        return;
    // As a broker's stream reports them: an order is known before it fills;
    // a fill comes with the position and account it moved, then the order's
    // filled state.
    QList<Fill> fills = update.fills;
    for (const Order &o : update.orders) {
        if (o.status == OrderStatus::Filled || o.status == OrderStatus::PartiallyFilled) {
            QSet<QString> touched;
            for (qsizetype i = 0; i < fills.size();) {
                if (fills[i].orderId != o.id) {
                    ++i;
                    continue;
                }
                const Fill f = fills.takeAt(i);
                post([this, f] { Q_EMIT fillReceived(f); });
                touched.insert(f.symbol);
            }
            for (const QString &s : touched) {
                const Position p = m_state.position(s).value_or(Position{s, {}, {}, {}, {}});
                post([this, p] { Q_EMIT positionUpdated(p); });
            }
            if (!touched.isEmpty()) {
                const Account a = m_state.account();
                post([this, a] { Q_EMIT accountUpdated(a); });
            }
        }
        post([this, o] { Q_EMIT orderUpdated(o); });
    }
    for (const Fill &f : fills)
        post([this, f] { Q_EMIT fillReceived(f); });
}

void SimulatedBrokerService::deliver()
{
    if (m_delivering)
        return; // the outer delivery goes on with whatever this call queued
    m_delivering = true;
    while (!m_queue.empty() && m_queue.front().due.hasExpired()) {
        const Report r = std::move(m_queue.front());
        m_queue.pop_front();
        r.emitIt();
    }
    m_delivering = false;
    if (!m_queue.empty())
        m_timer.start(std::max<qint64>(0, m_queue.front().due.remainingTime()));
}

void SimulatedBrokerService::onQuotes(const QList<Quote> &quotes)
{
    BrokerUpdate u;
    for (const Quote &q : quotes)
        u.append(m_state.onPrice(q.symbol, q.price, q.time));
    postUpdate(u);
}

void SimulatedBrokerService::requestSnapshot()
{
    const Account a = m_state.account();
    post([this, a] { Q_EMIT accountUpdated(a); });
    for (const Position &p : m_state.positions())
        post([this, p] { Q_EMIT positionUpdated(p); });
    for (const Order &o : m_state.openOrders())
        post([this, o] { Q_EMIT orderUpdated(o); });
    post([this] { Q_EMIT snapshotReceived(); });
}

void SimulatedBrokerService::submit(const OrderRequest &request)
{
    const BrokerUpdate u = m_state.submit(request, m_market.market().price(request.symbol), m_market.market().clockTime());
    if (m_loseNextReply) {
        // The call's own answer is lost; the order's stream reports still come.
        m_loseNextReply = false;
        const QString id = request.clientOrderId;
        post([this, id] { Q_EMIT submitUnresolved(id, QStringLiteral("no reply from the broker (timed out)")); });
    }
    postUpdate(u);
}

void SimulatedBrokerService::cancel(const QString &orderId, const QString &reason)
{
    postUpdate(m_state.cancel(orderId, reason, m_market.market().clockTime()));
}

void SimulatedBrokerService::replace(const QString &orderId, const OrderRequest &request)
{
    const QDateTime now = m_market.market().clockTime();
    BrokerUpdate u = m_state.replace(orderId, request, m_market.market().price(request.symbol), now);
    postUpdate(u);
}

void SimulatedBrokerService::lookup(const QString &clientOrderId)
{
    const std::optional<Order> o = m_state.orderByClientId(clientOrderId);
    post([this, clientOrderId, o] { Q_EMIT lookupFinished(clientOrderId, o); });
}

void SimulatedBrokerService::requestBrokerState()
{
    const QList<Position> positions = m_state.positions();
    const QList<Order> orders = m_state.openOrders();
    post([this, positions, orders] { Q_EMIT brokerStateReceived(positions, orders); });
}
