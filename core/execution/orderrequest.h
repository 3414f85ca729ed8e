// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"
#include "domain/enums.h"

#include <QString>

/// What the execution stage asks a broker for.
struct OrderRequest
{
    QString clientOrderId; ///< idempotency key derived from the proposal id, ≤ 48 characters
    QString proposalId;
    QString symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    OrderPurpose purpose = OrderPurpose::Entry;
    Decimal qty;
    Decimal stopPrice;
    // The terms beyond a plain market or stop order (SPEC §3). Zero means unset.
    Decimal limitPrice;   ///< limit and stop-limit orders
    Decimal trailPercent; ///< trailing stop: percent below the high-water mark, or
    Decimal trailPrice;   ///< trailing stop: dollars below it
    Decimal notional;     ///< a dollar amount instead of qty (fractional; market, DAY, simple)
    TimeInForce timeInForce = TimeInForce::Day;
    OrderClass orderClass = OrderClass::Simple;
    Decimal takeProfitLimit; ///< bracket, OCO, OTO: the take-profit leg's limit
    Decimal stopLossStop;    ///< bracket, OCO, OTO: the stop-loss leg's stop
    Decimal stopLossLimit;   ///< with stopLossStop: the stop-loss leg is a stop-limit
};

/// A plain order request (no extra terms).
OrderRequest makeOrderRequest(const QString &clientOrderId, const QString &proposalId, const QString &symbol, Side side,
                              OrderType type, OrderPurpose purpose, Decimal qty, Decimal stopPrice);

struct Order;
/// The order a request describes, in `status` at `now` (no broker id yet).
Order orderFor(const OrderRequest &request, OrderStatus status, const QDateTime &now);

/// An order's extra terms as a compact JSON object (empty for a plain order), for the record.
QString termsJson(const Order &order);
/// Applies terms written by termsJson(const Order &) to an order.
void applyTerms(Order &order, const QString &json);

/// The extra terms as a compact JSON object (empty for a plain order), for the journal.
QString termsJson(const OrderRequest &request);
/// Applies terms written by termsJson; unknown or malformed terms are ignored.
void applyTerms(OrderRequest &request, const QString &json);

/// The client order id for a proposal's order of a given purpose (≤ 48 characters).
/// `generation` numbers the replacements of one protective stop: 0 is the first
/// ("st-…"), N the N-th replacement ("rN-…", N in base 36, at most 1,295).
QString clientOrderIdFor(const QString &proposalId, OrderPurpose purpose, int generation = 0);
