// SPDX-License-Identifier: GPL-3.0-or-later
#include "alpacabroker.h"

#include "util/logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace {

Decimal fillPrice(const Order &o, Decimal prevQty, Decimal prevAvg, Decimal delta)
{
    // The price of the new shares: what the cumulative average moved by.
    const Decimal total = o.filledQty * o.filledAvgPrice - prevQty * prevAvg;
    const Decimal p = total.dividedBy(delta, 4);
    return p.isValid() && p.isPositive() ? p : o.filledAvgPrice;
}

} // namespace

AlpacaBroker::AlpacaBroker(AlpacaClient &client, QObject *parent)
    : Broker(parent)
    , m_client(client)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &AlpacaBroker::openStream);
    m_poll.setInterval(3000);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (!m_streamUp && m_streamWanted)
            catchUp(sinceLastEvent(), [this] { refresh(false); }, false);
    });
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(250);
    connect(&m_refresh, &QTimer::timeout, this, [this] { refresh(false); });
    connect(&m_ws, &QWebSocket::connected, this, [this] {
        const QJsonObject auth{{QStringLiteral("action"), QStringLiteral("authenticate")},
                               {QStringLiteral("data"), QJsonObject{{QStringLiteral("key_id"), m_client.endpoints().keyId},
                                                                    {QStringLiteral("secret_key"), m_client.endpoints().secret}}}};
        m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(auth).toJson(QJsonDocument::Compact)));
    });
    connect(&m_ws, &QWebSocket::binaryMessageReceived, this, &AlpacaBroker::onStreamFrame);
    connect(&m_ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this](QAbstractSocket::SocketError) {
        qCWarning(lcBroker).noquote() << QStringLiteral("trade stream %1: %2").arg(m_ws.requestUrl().toString(), m_ws.errorString());
        if (m_ws.state() == QAbstractSocket::UnconnectedState)
            streamDown(m_ws.errorString());
    });
    connect(&m_ws, &QWebSocket::textMessageReceived, this, [this](const QString &m) { onStreamFrame(m.toUtf8()); });
    connect(&m_ws, &QWebSocket::disconnected, this, [this] {
        streamDown(m_ws.closeReason().isEmpty() ? QStringLiteral("the trade stream closed") : m_ws.closeReason());
    });
}

AlpacaBroker::~AlpacaBroker()
{
    m_streamWanted = false;
    m_ws.disconnect(this);
    m_ws.abort();
}

AlpacaClient::Priority AlpacaBroker::priorityFor(const OrderRequest &r) const
{
    return r.purpose == OrderPurpose::Entry ? AlpacaClient::Priority::Entry : AlpacaClient::Priority::Reducing;
}

void AlpacaBroker::restore(const QList<Order> &orders, const QStringList &fillIds)
{
    for (const Order &o : orders) {
        Known k;
        k.order = o;
        k.reportedFilled = o.filledQty;
        k.reportedAvg = o.filledAvgPrice;
        m_orders.insert(o.id, k);
        if (!o.parentId.isEmpty())
            m_legParent.insert(o.id, o.parentId);
        if (o.updatedAt.isValid() && (!m_lastEventAt.isValid() || o.updatedAt > m_lastEventAt))
            m_lastEventAt = o.updatedAt;
    }
    for (const QString &f : fillIds)
        m_executions.insert(f);
}

std::optional<Order> AlpacaBroker::knownOrder(const QString &orderId) const
{
    const auto it = m_orders.constFind(orderId);
    if (it == m_orders.constEnd())
        return std::nullopt;
    return it->order;
}

void AlpacaBroker::ingestAll(const QList<Order> &orders)
{
    for (const Order &o : orders)
        ingest(o);
}

void AlpacaBroker::ingest(Order o, const alpaca::TradeUpdate *update)
{
    // A leg of one of our brackets: it belongs to its entry's proposal.
    if (!o.parentId.isEmpty())
        m_legParent.insert(o.id, o.parentId);
    if (o.external && m_legParent.contains(o.id)) {
        const Order parent = m_orders.value(m_legParent.value(o.id)).order;
        if (!parent.external && !parent.proposalId.isEmpty()) {
            o.external = false;
            o.parentId = parent.id;
            o.proposalId = parent.proposalId;
            o.purpose = (o.type == OrderType::Stop || o.type == OrderType::StopLimit) ? OrderPurpose::ProtectiveStop : OrderPurpose::Exit;
        }
    }
    if (o.external && !o.replaces.isEmpty() && m_orders.contains(o.replaces)) {
        const Order before = m_orders.value(o.replaces).order;
        if (!before.external) {
            o.external = false;
            o.proposalId = before.proposalId;
            o.purpose = before.purpose;
            o.parentId = before.parentId;
        }
    }
    Known &k = m_orders[o.id];
    const bool first = k.order.id.isEmpty();
    if (!first && o.updatedAt.isValid() && k.order.updatedAt.isValid() && o.updatedAt < k.order.updatedAt && !::isOpen(k.order.status)
        && o.filledQty <= k.reportedFilled)
        return; // an older state of an order already final
    if (o.updatedAt.isValid() && (!m_lastEventAt.isValid() || o.updatedAt > m_lastEventAt))
        m_lastEventAt = o.updatedAt;

    if (o.filledQty > k.reportedFilled) {
        const Decimal delta = o.filledQty - k.reportedFilled;
        Fill f;
        f.orderId = o.id;
        f.symbol = o.symbol;
        f.side = o.side;
        f.qty = delta;
        f.external = o.external;
        f.time = update && update->timestamp.isValid() ? update->timestamp : o.updatedAt;
        const bool fromEvent = update && update->isFill() && !m_executions.contains(update->executionId) && update->qty == delta;
        f.price = fromEvent ? update->price : fillPrice(o, k.reportedFilled, k.reportedAvg, delta);
        f.id = fromEvent ? update->executionId : QStringLiteral("%1:%2").arg(o.id, o.filledQty.toString());
        if (!m_executions.contains(f.id)) {
            m_executions.insert(f.id);
            Q_EMIT fillReceived(f);
            Position &p = m_positions[o.symbol];
            p.symbol = o.symbol;
            const Decimal signedQty = o.side == Side::Buy ? delta : -delta;
            if (o.side == Side::Buy && (p.qty + delta).isPositive())
                p.avgEntryPrice = (p.qty * p.avgEntryPrice + delta * f.price).dividedBy(p.qty + delta, 4);
            p.qty = update && update->isFill() && update->qty == delta ? update->positionQty : p.qty + signedQty;
            p.lastPrice = f.price;
            Q_EMIT positionUpdated(p);
            if (p.qty.isZero())
                m_positions.remove(o.symbol);
            refreshSoon();
        }
        k.reportedFilled = o.filledQty;
        k.reportedAvg = o.filledAvgPrice;
    }
    k.order = o;
    Q_EMIT orderUpdated(o);
}

void AlpacaBroker::rejectLocally(const OrderRequest &r, const QString &why)
{
    Order o = orderFor(r, OrderStatus::Rejected, QDateTime::currentDateTimeUtc());
    o.id = QStringLiteral("rejected-") + r.clientOrderId;
    o.reason = why;
    Q_EMIT orderUpdated(o);
}

void AlpacaBroker::submit(const OrderRequest &request)
{
    AlpacaClient::Request req;
    req.verb = "POST";
    req.path = QStringLiteral("/v2/orders");
    req.body = alpaca::orderBody(request);
    req.priority = priorityFor(request);
    req.kind = QStringLiteral("orders_post");
    m_client.send(req, [this, request](const AlpacaClient::Reply &r) {
        if (r.ok()) {
            const auto orders = alpaca::parseOrderWithLegs(r.body);
            if (!orders) {
                // Accepted, but the answer does not read: the order exists; look it up.
                Q_EMIT problem(QStringLiteral("order %1 accepted but its answer did not read: %2").arg(request.clientOrderId, orders.error()));
                Q_EMIT submitUnresolved(request.clientOrderId, QStringLiteral("unreadable answer: %1").arg(orders.error()));
                return;
            }
            ingestAll(orders.value());
            return;
        }
        const alpaca::ApiError e = alpaca::parseError(r.status, r.body);
        if (r.outcomeUnknown()) {
            Q_EMIT submitUnresolved(request.clientOrderId, r.describe());
            return;
        }
        if (e.isDuplicateClientOrderId()) {
            // Qt or an earlier attempt sent it already: it may exist. Never a rejection.
            ++m_duplicatesAvoided;
            Q_EMIT submitUnresolved(request.clientOrderId, QStringLiteral("client order id already used at the broker (%1)").arg(e.text()));
            return;
        }
        if (r.status == 401) {
            Q_EMIT connectionChanged(false, QStringLiteral("Alpaca refused the keys: %1").arg(e.text()));
            Q_EMIT submitUnresolved(request.clientOrderId, e.text());
            return;
        }
        // Any other 4xx is definitive: no order was created.
        rejectLocally(request, e.text());
    });
}

void AlpacaBroker::cancel(const QString &orderId, const QString &reason)
{
    AlpacaClient::Request req;
    req.verb = "DELETE";
    req.path = QStringLiteral("/v2/orders/") + orderId;
    req.priority = AlpacaClient::Priority::Reducing;
    req.kind = QStringLiteral("orders_cancel");
    qCInfo(lcBroker).noquote() << QStringLiteral("cancelling %1: %2").arg(orderId, reason);
    m_client.send(req, [this, orderId](const AlpacaClient::Reply &r) {
        if (r.status == 204 || r.ok() || r.status == 422 || r.status == 404) {
            // Cancelled (it follows on the stream), or no longer open: either way its state is fetched.
            fetchOrder(orderId, r.status == 204 ? 0 : 9);
            return;
        }
        Q_EMIT problem(QStringLiteral("cancel of %1 failed: %2").arg(orderId, r.describe()));
        fetchOrder(orderId, 9);
    });
}

void AlpacaBroker::fetchOrder(const QString &orderId, int tries)
{
    const auto it = m_orders.constFind(orderId);
    if (it != m_orders.constEnd() && !::isOpen(it->order.status) && tries > 0)
        return; // the stream told us already
    AlpacaClient::Request req;
    req.path = QStringLiteral("/v2/orders/") + orderId;
    req.query.addQueryItem(QStringLiteral("nested"), QStringLiteral("true"));
    req.priority = AlpacaClient::Priority::Reducing;
    req.kind = QStringLiteral("orders_get");
    m_client.send(req, [this, orderId, tries](const AlpacaClient::Reply &r) {
        if (!r.ok())
            return;
        const auto orders = alpaca::parseOrderWithLegs(r.body);
        if (!orders) {
            Q_EMIT problem(QStringLiteral("order %1 did not read: %2").arg(orderId, orders.error()));
            return;
        }
        ingestAll(orders.value());
        if (::isOpen(orders->first().status) && tries < 10)
            QTimer::singleShot(200 << std::min(tries, 4), this, [this, orderId, tries] { fetchOrder(orderId, tries + 1); });
    });
}

void AlpacaBroker::replace(const QString &orderId, const OrderRequest &request)
{
    AlpacaClient::Request req;
    req.verb = "PATCH";
    req.path = QStringLiteral("/v2/orders/") + orderId;
    req.body = alpaca::replaceBody(request);
    req.priority = AlpacaClient::Priority::Reducing;
    req.kind = QStringLiteral("orders_replace");
    m_client.send(req, [this, orderId, request](const AlpacaClient::Reply &r) {
        if (r.ok()) {
            const auto orders = alpaca::parseOrderWithLegs(r.body);
            if (!orders) {
                Q_EMIT submitUnresolved(request.clientOrderId, QStringLiteral("unreadable answer: %1").arg(orders.error()));
                return;
            }
            Order fresh = orders->first();
            if (fresh.replaces.isEmpty())
                fresh.replaces = orderId;
            // The old order ended as replaced (the stream says so too; a repeat is ignored).
            if (auto old = knownOrder(orderId); old && ::isOpen(old->status)) {
                old->status = OrderStatus::Replaced;
                old->replacedBy = fresh.id;
                old->updatedAt = fresh.createdAt;
                ingest(*old);
            }
            ingest(fresh);
            return;
        }
        const alpaca::ApiError e = alpaca::parseError(r.status, r.body);
        if (r.outcomeUnknown() || e.isDuplicateClientOrderId()) {
            if (e.isDuplicateClientOrderId())
                ++m_duplicatesAvoided;
            Q_EMIT submitUnresolved(request.clientOrderId, r.describe());
            return;
        }
        rejectLocally(request, QStringLiteral("replace refused: %1").arg(e.text()));
        fetchOrder(orderId, 9); // the old order's real state
    });
}

void AlpacaBroker::lookup(const QString &clientOrderId)
{
    AlpacaClient::Request req;
    req.path = QStringLiteral("/v2/orders:by_client_order_id");
    req.query.addQueryItem(QStringLiteral("client_order_id"), clientOrderId);
    req.query.addQueryItem(QStringLiteral("nested"), QStringLiteral("true"));
    req.priority = AlpacaClient::Priority::Reducing;
    req.kind = QStringLiteral("orders_lookup");
    m_client.send(req, [this, clientOrderId](const AlpacaClient::Reply &r) {
        if (r.status == 404) {
            Q_EMIT lookupFinished(clientOrderId, std::nullopt);
            return;
        }
        if (!r.ok()) {
            // Not answered: look again later; never guess.
            Q_EMIT problem(QStringLiteral("look-up of %1 failed: %2; trying again in 5 s").arg(clientOrderId, r.describe()));
            QTimer::singleShot(5000, this, [this, clientOrderId] { lookup(clientOrderId); });
            return;
        }
        const auto orders = alpaca::parseOrderWithLegs(r.body);
        if (!orders) {
            Q_EMIT problem(QStringLiteral("look-up of %1 did not read: %2").arg(clientOrderId, orders.error()));
            QTimer::singleShot(5000, this, [this, clientOrderId] { lookup(clientOrderId); });
            return;
        }
        for (qsizetype i = 1; i < orders->size(); ++i)
            m_legParent.insert(orders->at(i).id, orders->first().id);
        // Record it as the manager expects: through the look-up answer, then the legs.
        Order first = orders->first();
        Known &k = m_orders[first.id];
        const bool hadFills = first.filledQty > k.reportedFilled;
        if (hadFills)
            ingest(first); // reports the fills it had
        else
            k.order = first;
        Q_EMIT lookupFinished(clientOrderId, first);
        for (qsizetype i = 1; i < orders->size(); ++i)
            ingest(orders->at(i));
    });
}

void AlpacaBroker::refreshSoon()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

void AlpacaBroker::refresh(bool snapshot)
{
    auto failed = std::make_shared<QString>();
    auto account = std::make_shared<std::optional<Account>>();
    auto positions = std::make_shared<std::optional<QList<Position>>>();
    auto openOrders = std::make_shared<std::optional<QList<Order>>>();
    auto pending = std::make_shared<int>(snapshot ? 3 : 2);
    const auto done = [this, snapshot, failed, account, positions, openOrders, pending] {
        if (--*pending > 0)
            return;
        if (!failed->isEmpty()) {
            if (snapshot) {
                Q_EMIT connectionChanged(false, *failed);
                QTimer::singleShot(5000, this, [this] { refresh(true); });
            }
            return;
        }
        if (*positions) {
            QSet<QString> present;
            for (Position p : positions->value()) {
                present.insert(p.symbol);
                m_positions.insert(p.symbol, p);
                Q_EMIT positionUpdated(p);
            }
            for (auto it = m_positions.begin(); it != m_positions.end();) {
                if (!present.contains(it.key())) {
                    Position gone = it.value();
                    gone.qty = Decimal();
                    it = m_positions.erase(it);
                    Q_EMIT positionUpdated(gone);
                } else {
                    ++it;
                }
            }
        }
        if (*account)
            Q_EMIT accountUpdated(account->value());
        if (snapshot) {
            ingestAll(openOrders->value());
            // What happened to the orders the record knows while we were away.
            catchUp(sinceLastEvent(), [this] {
                Q_EMIT connectionChanged(true, QStringLiteral("Alpaca connected"));
                Q_EMIT snapshotReceived();
                if (m_streamWanted && !m_streamUp && !m_reconnect.isActive() && m_ws.state() == QAbstractSocket::UnconnectedState)
                    openStream();
            });
        }
    };
    const auto get = [this, failed, done](const QString &path, const QString &kind, std::function<QString(const QByteArray &)> read,
                                          QUrlQuery query = {}) {
        AlpacaClient::Request req;
        req.path = path;
        req.query = query;
        req.kind = kind;
        m_client.send(req, [failed, done, read, path](const AlpacaClient::Reply &r) {
            if (!r.ok())
                *failed = QStringLiteral("GET %1: %2").arg(path, r.describe());
            else if (const QString why = read(r.body); !why.isEmpty())
                *failed = QStringLiteral("GET %1: %2").arg(path, why);
            done();
        });
    };
    get(QStringLiteral("/v2/account"), QStringLiteral("account"), [account](const QByteArray &b) {
        auto a = alpaca::parseAccount(b);
        if (!a)
            return a.error();
        *account = a.value();
        return QString();
    });
    get(QStringLiteral("/v2/positions"), QStringLiteral("positions"), [positions](const QByteArray &b) {
        auto p = alpaca::parsePositions(b);
        if (!p)
            return p.error();
        *positions = p.value();
        return QString();
    });
    if (snapshot) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("status"), QStringLiteral("open"));
        q.addQueryItem(QStringLiteral("nested"), QStringLiteral("true"));
        q.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
        q.addQueryItem(QStringLiteral("direction"), QStringLiteral("asc"));
        get(QStringLiteral("/v2/orders"), QStringLiteral("orders_list"), [openOrders](const QByteArray &b) {
            auto o = alpaca::parseOrders(b);
            if (!o)
                return o.error();
            *openOrders = o.value();
            return QString();
        }, q);
    }
}

void AlpacaBroker::requestSnapshot()
{
    m_streamWanted = true;
    refresh(true);
}

void AlpacaBroker::requestBrokerState()
{
    auto positions = std::make_shared<QList<Position>>();
    auto orders = std::make_shared<QList<Order>>();
    auto pending = std::make_shared<int>(2);
    auto failed = std::make_shared<QString>();
    const auto done = [this, positions, orders, pending, failed] {
        if (--*pending > 0)
            return;
        if (!failed->isEmpty()) {
            Q_EMIT problem(QStringLiteral("reconciliation could not read the broker: %1").arg(*failed));
            return;
        }
        Q_EMIT brokerStateReceived(*positions, *orders);
    };
    AlpacaClient::Request p;
    p.path = QStringLiteral("/v2/positions");
    p.kind = QStringLiteral("positions");
    m_client.send(p, [positions, failed, done](const AlpacaClient::Reply &r) {
        auto parsed = r.ok() ? alpaca::parsePositions(r.body) : Result<QList<Position>>::failure(r.describe());
        if (parsed)
            *positions = parsed.value();
        else
            *failed = parsed.error();
        done();
    });
    AlpacaClient::Request o;
    o.path = QStringLiteral("/v2/orders");
    o.query.addQueryItem(QStringLiteral("status"), QStringLiteral("open"));
    o.query.addQueryItem(QStringLiteral("nested"), QStringLiteral("true"));
    o.query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
    o.kind = QStringLiteral("orders_list");
    m_client.send(o, [this, orders, failed, done](const AlpacaClient::Reply &r) {
        auto parsed = r.ok() ? alpaca::parseOrders(r.body) : Result<QList<Order>>::failure(r.describe());
        if (parsed) {
            for (Order x : parsed.value()) {
                if (x.external && m_legParent.contains(x.id))
                    x.external = false;
                orders->append(x);
            }
        } else {
            *failed = parsed.error();
        }
        done();
    });
}

QDateTime AlpacaBroker::sinceLastEvent() const
{
    // The broker's own times, never the local clock: invalid means "the latest orders".
    return m_lastEventAt.isValid() ? m_lastEventAt.addSecs(-60) : QDateTime();
}

void AlpacaBroker::catchUp(const QDateTime &after, std::function<void()> then, bool readOpenOnes)
{
    AlpacaClient::Request req;
    req.path = QStringLiteral("/v2/orders");
    req.query.addQueryItem(QStringLiteral("status"), QStringLiteral("all"));
    if (after.isValid()) {
        req.query.addQueryItem(QStringLiteral("after"), after.toUTC().toString(Qt::ISODateWithMs));
        req.query.addQueryItem(QStringLiteral("direction"), QStringLiteral("asc"));
    } else {
        req.query.addQueryItem(QStringLiteral("direction"), QStringLiteral("desc"));
    }
    req.query.addQueryItem(QStringLiteral("nested"), QStringLiteral("true"));
    req.query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
    req.kind = QStringLiteral("orders_catchup");
    m_client.send(req, [this, after, then, readOpenOnes](const AlpacaClient::Reply &r) {
        QSet<QString> seen;
        if (!r.ok()) {
            Q_EMIT problem(QStringLiteral("catching up on orders failed: %1").arg(r.describe()));
        } else if (const auto orders = alpaca::parseOrders(r.body); !orders) {
            Q_EMIT problem(QStringLiteral("catching up on orders: %1").arg(orders.error()));
        } else {
            QList<Order> list = orders.value();
            if (!after.isValid())
                std::reverse(list.begin(), list.end()); // oldest first, as they happened
            for (const Order &o : list)
                seen.insert(o.id);
            ingestAll(list);
            if (after.isValid() && orders->size() >= 500) {
                // More than a page: continue after the last one's time.
                QDateTime last;
                for (const Order &o : orders.value())
                    if (o.createdAt.isValid() && (!last.isValid() || o.createdAt > last))
                        last = o.createdAt;
                if (last.isValid()) {
                    catchUp(last, then, readOpenOnes);
                    return;
                }
            }
        }
        // `after` filters on submission time: an order sent earlier that moved since
        // (a resting stop that filled) is read by its id.
        for (auto it = m_orders.cbegin(); readOpenOnes && it != m_orders.cend(); ++it)
            if (::isOpen(it->order.status) && !seen.contains(it.key()) && !it.key().startsWith(QLatin1String("rejected-")))
                fetchOrder(it.key(), 10);
        if (then)
            then();
    });
}

void AlpacaBroker::startStream()
{
    m_streamWanted = true;
    if (m_ws.state() == QAbstractSocket::UnconnectedState && !m_reconnect.isActive())
        openStream();
}

void AlpacaBroker::openStream()
{
    if (!m_streamWanted)
        return;
    if (!m_streamUp && !m_poll.isActive())
        m_poll.start();
    m_ws.open(m_client.endpoints().tradeStream());
}

void AlpacaBroker::onStreamFrame(const QByteArray &frame)
{
    const auto f = alpaca::parseStreamFrame(frame);
    if (!f) {
        Q_EMIT problem(QStringLiteral("trade stream: a message did not read: %1").arg(f.error()));
        return;
    }
    if (f->stream == QLatin1String("authorization")) {
        if (f->status == QLatin1String("authorized")) {
            m_ws.sendTextMessage(QStringLiteral("{\"action\":\"listen\",\"data\":{\"streams\":[\"trade_updates\"]}}"));
        } else {
            m_streamWanted = false;
            Q_EMIT connectionChanged(false, QStringLiteral("the trade stream refused the keys"));
            m_ws.close();
        }
        return;
    }
    if (f->stream == QLatin1String("listening")) {
        m_streamUp = true;
        m_poll.stop();
        const bool reconnect = m_everConnected;
        m_everConnected = true;
        m_attempt = 0;
        qCInfo(lcBroker) << "trade stream listening" << (reconnect ? "(reconnected; catching up)" : "");
        if (reconnect)
            ++m_reconnects;
        // There is no replay: whatever happened before the stream listened comes from REST.
        catchUp(sinceLastEvent(), [this, reconnect] {
            refresh(false);
            if (reconnect)
                Q_EMIT connectionChanged(true, QStringLiteral("trade stream reconnected"));
        });
        return;
    }
    for (const alpaca::TradeUpdate &u : f->updates) {
        ingest(u.order, &u);
        for (const Order &leg : u.legs)
            ingest(leg);
    }
}

void AlpacaBroker::streamDown(const QString &why)
{
    const bool wasUp = m_streamUp;
    m_streamUp = false;
    if (!m_streamWanted || m_reconnect.isActive())
        return;
    if (wasUp)
        Q_EMIT connectionChanged(false, QStringLiteral("trade stream lost: %1").arg(why));
    // While the stream is down, orders are followed through REST.
    if (!m_poll.isActive())
        m_poll.start();
    // Backoff with jitter: 0.5 s, 1 s, 2 s … up to 30 s.
    const int base = std::min(30'000, 500 << std::min(m_attempt, 6));
    ++m_attempt;
    const int delay = base / 2 + static_cast<int>(QRandomGenerator::global()->bounded(base / 2 + 1));
    qCWarning(lcBroker).noquote() << QStringLiteral("trade stream down (%1); reconnecting in %2 ms").arg(why).arg(delay);
    m_reconnect.start(delay);
}
