// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brokerbook.h"
#include "orderintent.h"
#include "util/result.h"

#include <QDateTime>
#include <QList>
#include <QSet>

#include <deque>
#include <functional>

class Broker;
class MarketData;
class TradeStore;

/// Order management: the order lifecycle (see OrderIntent), the order rate,
/// held orders and protective stops. Every order starts as an intent journaled
/// in the transaction that produced it; only after that commits is it sent.
/// The broker's answers arrive as events; each is recorded before the book,
/// and anything that acts on it, sees it. After a restart every intent not yet
/// sent is sent once, and every order whose fate is unknown is looked up by
/// client order id first.
class OrderManager
{
public:
    struct Hooks
    {
        /// Inside the transaction that records an order's new state, with the
        /// intent it belongs to (if Sentinel placed it).
        std::function<Status(const Order &, const OrderIntent *)> recordOrderEffects;
        /// An intent ended without its order doing its job: rejected, cancelled or dropped.
        std::function<void(const OrderIntent &, const QString &why)> intentEnded;
        /// Every broker answer, good or bad, for the broker breaker.
        std::function<void(bool ok, const QString &why)> brokerResult;
        /// A record could not be written: the engine must stop acting.
        std::function<void(const QString &why)> recordFailed;
    };
    struct Options
    {
        int maxSubmitsPerMinute = 30;
        bool protectiveStops = true;
        /// A raised stop is sent only when it moves at least this fraction of the
        /// current stop (and at least a cent): 0.25 % by default.
        Decimal minStopRaise = Decimal::fromRaw(2'500'000);
        /// Entries are bracket orders with this take-profit above the price (0: OTO with the stop-loss leg only).
        Decimal takeProfitPct;
    };

    OrderManager(TradeStore &store, Broker &broker, BrokerBook &book, const MarketData &data, Options options);
    void setHooks(Hooks hooks) { m_hooks = std::move(hooks); }

    /// Loads the intents not yet final, the submit times and today's order count.
    void restore();
    /// Once the broker's snapshot is in (at every start): looks up every order whose
    /// fate is unknown, then sends what is ready. Nothing is sent before this call.
    void resolveAfterRestart();

    /// Journals an intent inside the caller's transaction. It stays staged
    /// until commitStaged() (the caller's transaction committed) or dropStaged().
    /// An entry with a planned stop becomes a bracket (or OTO) order here.
    Status journal(const OrderRequest &request, const QString &source, bool held, const QString &reason,
                   const QString &replaces = {});
    void commitStaged();
    void dropStaged();
    /// Sends every ready intent, in journal order. An exit first has the
    /// position's protective stop cancelled; it goes out when the cancel is
    /// confirmed. Never re-entrant: a call during a send is folded into it.
    void dispatch();
    /// At the open: held intents become ready, within the order rate. Held
    /// exits sell what is held now; a held exit whose position is gone, or a
    /// held entry while entries are blocked, ends with its reason. Call inside a transaction.
    Status releaseHeld(bool entriesAllowed, const QString &blockedWhy);
    /// Cancels open entry orders at the broker and ends held or ready entry intents.
    void cancelEntries(const QString &why);
    /// Asks the broker to cancel one open order (the trader's cancel in the blotter).
    /// Its intent ends when the broker confirms. Fails, with why, for an order that is not open.
    Status cancelOrder(const QString &orderId, const QString &why);
    /// Journals a raised protective stop that replaces the open one; call inside a transaction.
    /// Does nothing when the open stop is already at or above `stop`.
    Status raiseStop(const QString &symbol, Decimal stop, Decimal qty, const QString &source);

    void onOrderUpdated(const Order &order);
    void onUnresolved(const QString &clientOrderId, const QString &reason);
    void onLookup(const QString &clientOrderId, const std::optional<Order> &order);

    /// Held intents, oldest first.
    QList<OrderIntent> held() const;
    /// Open intents (not final), oldest first.
    const QList<OrderIntent> &open() const { return m_intents; }
    int submitsLastMinute() const;
    int ordersToday() const { return m_ordersToday; }
    /// A new session: the daily order count starts again. Call inside a transaction.
    Status startSession(int sessionIndex);
    /// Client order ids sent to the broker since this process started, in order.
    const QStringList &sentThisProcess() const { return m_sent; }

private:
    OrderIntent *find(const QString &clientOrderId);
    Status persist(OrderIntent &intent);
    Status end(OrderIntent &intent, OrderIntent::State state, const QString &why);
    void send(OrderIntent &intent);
    Status saveCounters();
    Status recordUnlessKnown(const Order &order, OrderIntent *intent);
    QDateTime now() const;

    TradeStore &m_store;
    Broker &m_broker;
    BrokerBook &m_book;
    const MarketData &m_data;
    Options m_options;
    Hooks m_hooks;
    QList<OrderIntent> m_intents; ///< journaled and not final, in journal order
    QList<OrderIntent> m_staged;
    qint64 m_seq = 0;
    QSet<QString> m_cancelRequested; ///< stops being cancelled for an exit
    std::deque<qint64> m_submitTimes; ///< venue-clock ms of recent submits
    int m_ordersToday = 0;
    int m_session = -1;
    bool m_dispatching = false;
    bool m_brokerReady = false; ///< nothing is sent before the broker's snapshot is in (resolveAfterRestart)
    bool m_dispatchAgain = false;
    QStringList m_sent;
};
