// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"
#include "venue/alpaca/alpacaclient.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

class QTcpSocket;
class QWebSocket;
class FakeHttpServer;

/// A local Alpaca for tests: the Trading API v2 with its trade_updates stream
/// on one port, Market Data v2 with its stream on another, both on 127.0.0.1.
/// It follows ../shared/reference/alpaca/README.md and its §13 checklist:
/// money as strings, 401 on bad keys, 422 on a reused client order id, the
/// fractional, sub-penny and bracket rules, 403 on buying power and quantity,
/// 429 with X-RateLimit-* headers, 204 on cancel, PATCH creating a new order,
/// partial fills, bracket legs (held, then OCO), paginated bars stamped at New
/// York midnight, binary trade-stream frames and array market-data frames.
/// Tests drive its clock and prices and inject faults.
class FakeAlpaca : public QObject
{
    Q_OBJECT
public:
    struct Asset
    {
        bool tradable = true;
        bool fractionable = true;
        bool shortable = true;
    };
    struct FakeOrder
    {
        QString id;
        QString clientOrderId;
        QString symbol;
        QString side;
        QString type;
        QString tif;
        QString orderClass; ///< "" for simple
        Decimal qty;
        Decimal notional;
        Decimal filledQty;
        Decimal filledAvg;
        Decimal limitPrice;
        Decimal stopPrice;
        Decimal trailPercent;
        Decimal trailPrice;
        Decimal hwm;
        QString status;
        QString parentId;
        QStringList legIds;
        QString replaces;
        QString replacedBy;
        QDateTime createdAt;
        QDateTime updatedAt;
        QDateTime submittedAt;
        QDateTime filledAt;
        QDateTime canceledAt;
    };
    struct Logged
    {
        QByteArray verb;
        QString path;
        QString query;
        QByteArray body;
        int status = 0; ///< 0: no reply was sent
    };

    explicit FakeAlpaca(QObject *parent = nullptr);
    ~FakeAlpaca() override;

    /// Listens on 127.0.0.1, random ports. False when a port cannot be bound.
    bool start();
    QString tradingUrl() const;    ///< http://127.0.0.1:P
    QString dataUrl() const;       ///< http://127.0.0.1:Q
    QString dataStreamUrl() const; ///< ws://127.0.0.1:Q
    QString keyId() const { return m_keyId; }
    /// The three URLs and the keys, as Sentinel is configured to reach this fake.
    AlpacaEndpoints endpoints() const;
    QString secret() const { return m_secret; }

    // ---- the market ----
    /// Trading days and daily bars from `first` to `last` for each symbol,
    /// seeded so every run is the same; the last bar's close is the price.
    void generateHistory(const QStringList &symbols, const QDate &first, const QDate &last, quint32 seed = 7);
    void setAsset(const QString &symbol, Asset a) { m_assets[symbol] = a; }
    /// Daily bars up to `last` in which sma_cross 10/30 crosses up on the last one
    /// (a falling run, then a rise until the 10-day mean passes the 30-day mean).
    void addCrossingHistory(const QString &symbol, const QDate &last);
    /// The fake's clock (New York trading hours from its calendar).
    void setNow(const QDateTime &utc);
    QDateTime now() const { return m_now; }
    bool isOpen() const;
    /// A new price: marketable orders fill, stops and legs trigger, the market
    /// stream publishes a trade.
    void setPrice(const QString &symbol, Decimal price);
    Decimal price(const QString &symbol) const { return m_prices.value(symbol); }
    /// Adds a completed daily bar (the session's close becomes the price).
    void addBar(const QString &symbol, const QDate &session, Decimal open, Decimal high, Decimal low, Decimal close, qint64 volume);
    void setCash(Decimal cash) { m_cash = cash; }
    /// A position held at the broker from the start (bought outside Sentinel).
    void seedPosition(const QString &symbol, Decimal qty);

    // ---- behaviour switches and faults ----
    void setRateLimit(int perWindow, int windowSeconds = 60) { m_rateLimit = perWindow; m_rateWindowS = windowSeconds; }
    /// The next `n` trading requests get 429 (a storm), whatever the window.
    void storm429(int n) { m_storm429 = n; }
    /// The next `n` requests (of `verb`, or any) whose path starts with `pathPrefix`
    /// get `status` with an HTML body, and nothing is done.
    void failNext(const QString &pathPrefix, int n, int status = 500, const QByteArray &verb = {});
    /// The next `n` POST /v2/orders are executed but never answered (the connection hangs).
    void holdNextSubmits(int n) { m_holdSubmits = n; }
    /// The next `n` POST /v2/orders are executed, then the connection is closed without a reply.
    void dropNextSubmits(int n) { m_dropSubmits = n; }
    /// The next `n` POST /v2/orders are closed without a reply and NOT executed.
    void dropNextSubmitsUnexecuted(int n) { m_dropUnexecuted = n; }
    /// Every answer waits this long.
    void setLatencyMs(int ms) { m_latencyMs = ms; }
    /// The next answer to a path prefix is this body (status 200) instead.
    void overrideNext(const QString &pathPrefix, const QByteArray &body, int status = 200);
    /// Every order first fills half (rounded down), then the rest on the next price.
    void setPartialFills(bool on) { m_partial = on; }
    /// The relaxed fractional rule (limit/stop allowed); strict (market DAY only) by default.
    void setRelaxedFractional(bool on) { m_relaxedFractional = on; }
    /// Closes every trade-stream connection (the client must reconnect and catch up).
    void dropTradeStream();
    /// Stops sending trade-stream events (fills still happen); resume with true.
    void setTradeStreamMuted(bool muted) { m_streamMuted = muted; }
    void dropMarketStream();
    /// Sells a position at the broker with an order Sentinel did not place.
    void closePositionBehindBack(const QString &symbol);
    /// Places an open order Sentinel did not place.
    QString placeExternalOrder(const QString &symbol, const QString &side, Decimal qty, Decimal limit);

    // ---- what happened ----
    const QList<Logged> &log() const { return m_log; }
    int requestCount(const QByteArray &verb, const QString &pathPrefix) const;
    QList<FakeOrder> orders() const { return m_orders.values(); }
    std::optional<FakeOrder> orderByClientId(const QString &clientOrderId) const;
    /// How many orders the fake accepted per client order id (each must be 1).
    QHash<QString, int> acceptedPerClientId() const { return m_acceptedPerClientId; }
    QMap<QString, Decimal> positions() const;
    Decimal cash() const { return m_cash; }
    int tradeStreamConnections() const { return m_tradeStreamConnects; }

Q_SIGNALS:
    void requestSeen(const QString &verb, const QString &path);

private:
    friend class FakeHttpServer;
    struct Reply
    {
        int status = 200;
        QByteArray body;
        bool noReply = false;   ///< hold: never answer
        bool closeConn = false; ///< close without answering
        bool stormed = false;   ///< a 429 of an injected storm
    };
    void handle(bool trading, const QByteArray &verb, const QUrl &url, const QHash<QByteArray, QByteArray> &headers,
                const QByteArray &body, QTcpSocket *socket);
    void write(QTcpSocket *socket, bool trading, const Reply &r);
    Reply routeTrading(const QByteArray &verb, const QString &path, const QUrlQuery &q, const QByteArray &body);
    Reply routeData(const QString &path, const QUrlQuery &q);
    Reply submitOrder(const QByteArray &body);
    Reply cancelOrder(const QString &id);
    Reply replaceOrder(const QString &id, const QByteArray &body);
    Reply closePosition(const QString &symbol);
    Reply listOrders(const QUrlQuery &q);
    Reply bars(const QUrlQuery &q);
    QByteArray orderJson(const FakeOrder &o, bool nested) const;
    QJsonObject orderObject(const FakeOrder &o, bool nested) const;
    QByteArray accountJson() const;
    QByteArray positionsJson() const;
    QJsonObject positionObject(const QString &symbol) const;
    void tryFill(const QString &orderId);
    void fill(FakeOrder &o, Decimal qty, Decimal price);
    void evaluate(const QString &symbol);
    void cancelInternal(FakeOrder &o, const QString &event);
    void emitUpdate(const QString &event, const FakeOrder &o, const QJsonObject &extra = {});
    Decimal heldForSells(const QString &symbol) const;
    Decimal openBuyCost() const;
    QString newUuid();
    QList<QDate> tradingDays() const { return m_days; }

    QString m_keyId = QStringLiteral("PKTESTKEY000000000000");
    QString m_secret = QStringLiteral("test-secret");
    std::unique_ptr<FakeHttpServer> m_trading;
    std::unique_ptr<FakeHttpServer> m_data;
    quint16 m_tradingPort = 0;
    quint16 m_dataPort = 0;
    QDateTime m_now;
    QList<QDate> m_days;
    QHash<QString, Asset> m_assets;
    QHash<QString, Decimal> m_prices;
    QMap<QString, QMap<QDate, QList<Decimal>>> m_bars; ///< symbol → session → o,h,l,c
    QMap<QString, QMap<QDate, qint64>> m_volumes;
    Decimal m_cash = Decimal::fromInt(100'000);
    Decimal m_lastEquity;
    struct Pos
    {
        Decimal qty;
        Decimal avg;
    };
    QMap<QString, Pos> m_positions;
    QMap<QString, FakeOrder> m_orders; ///< by id
    QList<QString> m_orderSeq;         ///< ids in submission order
    QSet<QString> m_usedClientIds;
    QHash<QString, int> m_acceptedPerClientId;
    QList<Logged> m_log;
    int m_rateLimit = 200;
    int m_rateWindowS = 60;
    QList<qint64> m_rateTimes;
    int m_storm429 = 0;
    struct Failure
    {
        QString prefix;
        int remaining = 0;
        int status = 500;
        QByteArray verb;
    };
    QList<Failure> m_failures;
    struct Override
    {
        QString prefix;
        QByteArray body;
        int status = 200;
    };
    QList<Override> m_overrides;
    int m_holdSubmits = 0;
    int m_dropSubmits = 0;
    int m_dropUnexecuted = 0;
    int m_latencyMs = 0;
    bool m_partial = false;
    bool m_relaxedFractional = false;
    bool m_streamMuted = false;
    QList<QPointer<QWebSocket>> m_tradeSockets; ///< authenticated and listening
    QList<QPointer<QWebSocket>> m_marketSockets;
    QHash<QWebSocket *, QSet<QString>> m_marketTrades;
    QList<QPointer<QTcpSocket>> m_held;
    int m_tradeStreamConnects = 0;
    quint64 m_uuidCounter = 0;
    quint64 m_execCounter = 0;
};
