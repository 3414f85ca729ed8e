// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/account.h"
#include "domain/bar.h"
#include "domain/order.h"
#include "domain/position.h"
#include "domain/quote.h"
#include "execution/orderrequest.h"
#include "util/result.h"
#include "venue/venueclock.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

/// Alpaca's payloads (../shared/reference/alpaca) read into Sentinel's values,
/// and Sentinel's orders written as Alpaca's request bodies. Reading is strict
/// where a value matters (a price that is not a decimal string fails with the
/// field's name) and tolerant where the contract says to be: unknown keys are
/// ignored, money may come as a string or a number, optional fields may be
/// null or missing. No failure throws; each is a Result with its reason.
namespace alpaca {

/// The largest body Sentinel reads from Alpaca; a bigger one is refused unread.
constexpr qint64 kMaxBodyBytes = 8 * 1024 * 1024;

struct ApiError
{
    int httpStatus = 0;
    qint64 code = 0; ///< Alpaca's 8-digit code, 0 when the body had none
    QString message;
    /// e.g. "insufficient buying power (HTTP 403, code 40310000)".
    QString text() const;
    bool isDuplicateClientOrderId() const;
};
/// Reads an error body; never assumes JSON (a 5xx may be an HTML page).
ApiError parseError(int httpStatus, const QByteArray &body);

struct Clock
{
    QDateTime timestamp; ///< UTC
    bool isOpen = false;
    QDateTime nextOpen;
    QDateTime nextClose;
};
struct CalendarDay
{
    QDate date;
    QTime open;  ///< New York time
    QTime close; ///< New York time (13:00 on a half day)
};
struct AssetInfo
{
    QString symbol;
    AssetFacts facts;
    bool shortable = false;
};
struct BarsPage
{
    QList<Bar> bars; ///< in page order: by symbol, then time
    QString nextPageToken;
};
/// One trade_updates event.
struct TradeUpdate
{
    QString event;
    Order order;
    QList<Order> legs;
    QDateTime timestamp;
    QString executionId; ///< fill and partial_fill only
    Decimal price;
    Decimal qty;
    Decimal positionQty;
    bool isFill() const { return event == QLatin1String("fill") || event == QLatin1String("partial_fill"); }
};
/// One server frame of a stream, read as JSON (text or binary frames alike).
struct StreamFrame
{
    QString stream; ///< trade stream: "authorization", "listening", "trade_updates"
    QString status; ///< authorization: "authorized" / "unauthorized"
    QString action;
    QList<TradeUpdate> updates;
};
/// One market-data stream message.
struct MarketMessage
{
    QString type; ///< "success", "error", "subscription", "t", "q", "b", "d", …
    QString text; ///< success/error msg
    int code = 0;
    QString symbol;
    Decimal price; ///< trade price, quote mid, or bar close
    QDateTime time;
};

Result<Order> parseOrder(const QByteArray &body);
/// An order list; legs are flattened after their parent with parentId set.
Result<QList<Order>> parseOrders(const QByteArray &body);
/// A POST/PATCH answer or one order with its legs, flattened (parent first).
Result<QList<Order>> parseOrderWithLegs(const QByteArray &body);
Result<Account> parseAccount(const QByteArray &body);
Result<QList<Position>> parsePositions(const QByteArray &body);
Result<Position> parsePosition(const QByteArray &body);
Result<Clock> parseClock(const QByteArray &body);
Result<QList<CalendarDay>> parseCalendar(const QByteArray &body);
/// One asset object or an array of them.
Result<QList<AssetInfo>> parseAssets(const QByteArray &body);
/// A multi-symbol bars page (`{"bars": {SYM: [...]}, "next_page_token": ...}`).
/// Daily bars are dated by their New York date (they are stamped at New York midnight).
Result<BarsPage> parseBarsPage(const QByteArray &body);
/// `{"trades": {SYM: trade}}` as quotes at the trade price.
Result<QList<Quote>> parseLatestTrades(const QByteArray &body);
/// `{"quotes": {SYM: quote}}` as quotes at the mid (or the side that is not 0).
Result<QList<Quote>> parseLatestQuotes(const QByteArray &body);
/// `{SYM: snapshot}` as quotes at the latest trade's price.
Result<QList<Quote>> parseSnapshots(const QByteArray &body);
Result<StreamFrame> parseStreamFrame(const QByteArray &frame);
Result<QList<MarketMessage>> parseMarketFrame(const QByteArray &frame);

/// The POST /v2/orders body for a request (money and quantities as strings).
QByteArray orderBody(const OrderRequest &request);
/// The PATCH /v2/orders/{id} body that moves an order to `request`'s terms.
QByteArray replaceBody(const OrderRequest &request);
/// The New York date of a timestamp (daily bars are stamped at its midnight).
QDate newYorkDate(const QDateTime &utc);
/// RFC 3339 with 0–9 fractional digits and any offset; invalid on failure.
QDateTime parseTimestamp(const QString &text);
/// The purpose and proposal id encoded in one of Sentinel's client order ids;
/// false for an id Sentinel did not make (an external order).
bool decodeClientOrderId(const QString &clientOrderId, OrderPurpose &purpose, QString &proposalId);

} // namespace alpaca
