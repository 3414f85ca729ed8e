// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "alpacaclient.h"
#include "alpacajson.h"
#include "venue/broker.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QWebSocket>

/// Alpaca's Trading API behind the Broker seam.
///  - Orders go out as POST /v2/orders with the intent's client order id; an
///    answer that never came, a 5xx, a dropped connection or a 422 "client_order_id
///    must be unique" (Qt may re-send a POST by itself, see the contract §17)
///    is never a rejection: the order's outcome is unknown and it is looked up
///    by client order id before anything is sent again.
///  - Order state follows the trade_updates stream (binary frames), which
///    reconnects with backoff and jitter and then catches up through
///    GET /v2/orders?status=all&after=…; fills are deduplicated by
///    execution_id and by the order's cumulative filled quantity, so a fill
///    seen on the stream and again in a catch-up is counted once.
///  - Bracket legs carry client order ids of Alpaca's own; they are tied to
///    their entry's proposal, and the stop-loss leg is the position's
///    protective stop.
class AlpacaBroker : public Broker
{
    Q_OBJECT
public:
    explicit AlpacaBroker(AlpacaClient &client, QObject *parent = nullptr);
    ~AlpacaBroker() override;

    /// What the record knows before the first snapshot: the orders not final
    /// (with their filled quantities) and the fill ids already recorded, so a
    /// restart reports only what is new.
    void restore(const QList<Order> &orders, const QStringList &fillIds);
    /// Connects the trade_updates stream (after the first snapshot at the latest).
    void startStream();

    void requestSnapshot() override;
    void submit(const OrderRequest &request) override;
    void cancel(const QString &orderId, const QString &reason) override;
    void replace(const QString &orderId, const OrderRequest &request) override;
    void lookup(const QString &clientOrderId) override;

    void requestBrokerState() override;

    bool streamConnected() const { return m_streamUp; }
    int duplicateSubmitsAvoided() const { return m_duplicatesAvoided; }
    int streamReconnects() const { return m_reconnects; }
    /// The known order with this id, if any.
    std::optional<Order> knownOrder(const QString &orderId) const;

private:
    struct Known
    {
        Order order;
        Decimal reportedFilled;
        Decimal reportedAvg;
    };
    void ingest(Order order, const alpaca::TradeUpdate *update = nullptr);
    void ingestAll(const QList<Order> &orders);
    void rejectLocally(const OrderRequest &request, const QString &why);
    void refreshSoon();
    void refresh(bool snapshot);
    /// Orders since `after` (invalid: the latest 500); with `readOpenOnes`, every known
    /// open order not in that list is read by its id too.
    void catchUp(const QDateTime &after, std::function<void()> then, bool readOpenOnes = true);
    QDateTime sinceLastEvent() const;
    void openStream();
    void onStreamFrame(const QByteArray &frame);
    void streamDown(const QString &why);
    /// Reads one order by id and reports it; while it stays open and `tries` < 10, reads again with backoff.
    void fetchOrder(const QString &orderId, int tries);
    AlpacaClient::Priority priorityFor(const OrderRequest &r) const;

    AlpacaClient &m_client;
    QHash<QString, Known> m_orders;       ///< by broker order id
    QHash<QString, QString> m_legParent;  ///< leg id → entry id
    QSet<QString> m_executions;           ///< fill ids reported
    QHash<QString, Position> m_positions; ///< as last reported
    QDateTime m_lastEventAt;              ///< the latest order update seen (for catch-up)
    QWebSocket m_ws;
    QTimer m_reconnect;
    QTimer m_refresh;
    QTimer m_poll; ///< follows orders through REST while the stream is not listening
    int m_attempt = 0;
    int m_reconnects = 0;
    bool m_streamWanted = false;
    bool m_streamUp = false;
    bool m_everConnected = false;
    int m_duplicatesAvoided = 0;
};
